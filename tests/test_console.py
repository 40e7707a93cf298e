"""The shared CLI helpers: one `positive_int` for every count option."""

import argparse

import pytest

from dlprep.console import positive_int


@pytest.mark.parametrize("text", ["1", "8", " 3 "])
def test_positive_int_accepts_whole_numbers_from_one(text):
    assert positive_int(text) == int(text)


@pytest.mark.parametrize("text", ["0", "-2", "x", "1.5", ""])
def test_positive_int_names_the_bad_text(text):
    with pytest.raises(argparse.ArgumentTypeError) as error:
        positive_int(text)
    assert str(error.value) == f"expected a positive integer, got {text!r}"


def test_count_options_share_the_message(capsys):
    from dlprep.cli import main

    for argv in (
        ["grade-batch", "x", "y", "--jobs", "x"],
        ["reference", "train_ch6", "--seeds", "x"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        assert "expected a positive integer, got 'x'" in capsys.readouterr().err
