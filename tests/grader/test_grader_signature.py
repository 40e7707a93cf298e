"""Signature checks: the learner's entry must accept the exercise's positional call."""

from __future__ import annotations

import pytest

from dlprep.grader.errors import BadSignature
from dlprep.grader.signature import check_signature, expected_parameters


def parameter(
    name: str, kind: str = "POSITIONAL_OR_KEYWORD", has_default: bool = False
) -> dict[str, object]:
    return {"name": name, "kind": kind, "has_default": has_default}


def test_expected_parameters_come_from_the_signature_string() -> None:
    assert (
        expected_parameters("batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum)")[
            -1
        ]
        == "momentum"
    )
    with pytest.raises(ValueError, match="not a Python signature"):
        expected_parameters("dropout_layer(X,,)")


@pytest.mark.parametrize(
    "parameters",
    [
        [parameter("x"), parameter("p")],  # other names are fine
        [parameter("X"), parameter("dropout"), parameter("verbose", has_default=True)],
        [parameter("args", "VAR_POSITIONAL")],
        None,  # not introspectable: the calls will tell
    ],
)
def test_compatible_entries_pass(parameters: object) -> None:
    check_signature("dropout_layer", "dropout_layer(X, dropout)", parameters)


@pytest.mark.parametrize(
    ("parameters", "problem"),
    [
        ([parameter("X")], "too many positional arguments"),
        (
            [parameter("X"), parameter("dropout"), parameter("extra")],
            "missing a required argument: 'extra'",
        ),
        ([parameter("X"), parameter("dropout", "KEYWORD_ONLY")], "too many positional arguments"),
    ],
)
def test_incompatible_entries_say_why(parameters: object, problem: str) -> None:
    with pytest.raises(BadSignature, match=problem) as raised:
        check_signature("dropout_layer", "dropout_layer(X, dropout)", parameters)
    assert "cannot be called as dropout_layer(X, dropout)" in str(raised.value)


def test_a_garbled_description_is_a_bad_signature_not_a_crash() -> None:
    with pytest.raises(BadSignature, match="could not be read"):
        check_signature(
            "f",
            "f(x)",
            [{"name": "not an identifier", "kind": "POSITIONAL_OR_KEYWORD", "has_default": False}],
        )
