"""`dlprep cards check`, `dlprep cards list` and `dlprep stats`: exit codes, output, and bad input
(missing files, mixed decks, empty decks, one language, non-UTF-8, unusable stores) without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from concepts_support import basic_card, deck_yaml, file_snapshot, run_with_read_only_dir

from dlprep.cli import main
from dlprep.concepts.decks import load_decks
from dlprep.concepts.session import Rating, StudySession
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store

STATS_KEYS = {
    "reviews_today",
    "due_today",
    "new_today",
    "streak_days",
    "true_retention_30d",
    "total_reviews",
}


@pytest.fixture
def mixed_dir(write_deck, deck_dir: Path) -> Path:
    """A directory with two good decks and five broken ones (one problem each)."""
    write_deck("01-good.yaml", deck_yaml("good", [basic_card("g1"), basic_card("g2")]))
    write_deck(
        "02-choice.yaml",
        deck_yaml(
            "choice",
            [
                basic_card(
                    "c1",
                    type="choice",
                    choices=[{"en": "yes", "zh": "是", "correct": True}, {"en": "no", "zh": "否"}],
                )
            ],
        ),
    )
    write_deck(
        "03-one-language.yaml", deck_yaml("one", [basic_card("o1", back={"en": "English only"})])
    )
    write_deck("04-empty.yaml", "deck:\n  id: empty\n  title: {en: E, zh: 空}\ncards: []\n")
    write_deck(
        "05-gbk.yaml",
        deck_yaml("gbk", [basic_card("k1")])
        .encode("utf-8")
        .replace("答案".encode(), "答案".encode("gbk")),
    )
    write_deck("06-duplicate.yaml", deck_yaml("dup", [basic_card("g1")]))
    write_deck("07-syntax.yaml", "deck: {id: [unclosed\n")
    return deck_dir


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_passes_valid_decks(capsys, mixed_dir: Path) -> None:
    code, out, _ = run(
        capsys, "cards", "check", str(mixed_dir / "01-good.yaml"), str(mixed_dir / "02-choice.yaml")
    )
    assert code == 0
    assert "2 deck(s) valid (3 cards), 0 file(s) with problems" in out


def test_check_reports_every_bad_deck_as_file_line_field(capsys, mixed_dir: Path) -> None:
    code, out, _ = run(capsys, "cards", "check", str(mixed_dir))
    assert code == 1
    lines = out.splitlines()
    assert (
        f"{mixed_dir / '03-one-language.yaml'}:10: cards[0].back.zh: only one language: `zh` is missing"
        in lines
    )
    assert f"{mixed_dir / '04-empty.yaml'}:4: cards: the deck has no cards" in lines
    assert any(
        line.startswith(f"{mixed_dir / '05-gbk.yaml'}:10: encoding: not UTF-8") for line in lines
    )
    assert any(
        line.startswith(f"{mixed_dir / '06-duplicate.yaml'}:5: cards[0].id: duplicate id 'g1'")
        for line in lines
    )
    assert any(
        line.startswith(f"{mixed_dir / '07-syntax.yaml'}:") and ": yaml: invalid YAML" in line
        for line in lines
    )
    assert "2 deck(s) valid (3 cards), 5 file(s) with problems" in out


def test_check_of_a_missing_path_exits_2_and_still_checks_the_rest(
    capsys, mixed_dir: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-deck.yaml"
    code, out, _ = run(capsys, "cards", "check", str(missing), str(mixed_dir / "01-good.yaml"))
    assert code == 2
    assert f"{missing}: path: no such file or directory" in out.splitlines()
    assert "1 deck(s) valid" in out


def test_check_without_paths_checks_the_builtin_decks(capsys) -> None:
    code, out, _ = run(capsys, "cards", "check")
    result = load_decks()
    assert code == (1 if result.problems else 0)
    assert f"{len(result.decks)} deck(s) valid" in out


def test_list_json_has_the_card_fields(capsys, mixed_dir: Path) -> None:
    code, out, err = run(
        capsys,
        "cards",
        "list",
        "--json",
        str(mixed_dir / "01-good.yaml"),
        str(mixed_dir / "02-choice.yaml"),
    )
    assert code == 0 and err == ""
    cards = json.loads(out)
    assert [card["id"] for card in cards] == ["g1", "g2", "c1"]
    first = cards[0]
    assert {"id", "deck", "type", "front", "back", "tags", "source", "exercises"} <= set(first)
    assert first["deck"] == "good" and first["front"] == {"en": "Question g1?", "zh": "问题 g1？"}
    assert cards[2]["choices"] == [
        {"en": "yes", "zh": "是", "correct": True},
        {"en": "no", "zh": "否", "correct": False},
    ]


def test_list_one_deck_as_a_table(capsys, mixed_dir: Path) -> None:
    code, out, _ = run(
        capsys,
        "cards",
        "list",
        "--deck",
        "choice",
        str(mixed_dir / "01-good.yaml"),
        str(mixed_dir / "02-choice.yaml"),
    )
    assert code == 0
    assert "c1" in out and "g1" not in out and "1 cards" in out


def test_list_of_an_unknown_deck_is_a_usage_error(capsys, mixed_dir: Path) -> None:
    code, _, err = run(capsys, "cards", "list", "--deck", "nope", str(mixed_dir / "01-good.yaml"))
    assert code == 2
    assert "no deck with id 'nope' (decks: good)" in err


def test_list_shows_the_good_decks_of_a_mixed_directory_and_reports_the_rest(
    capsys, mixed_dir: Path
) -> None:
    code, out, err = run(capsys, "cards", "list", "--json", str(mixed_dir))
    assert code == 1
    assert [card["id"] for card in json.loads(out)] == ["g1", "g2", "c1"]
    assert "03-one-language.yaml:10: cards[0].back.zh" in err


def test_list_of_a_missing_path_exits_2(capsys, tmp_path: Path) -> None:
    code, out, err = run(capsys, "cards", "list", "--json", str(tmp_path / "missing"))
    assert code == 2
    assert json.loads(out) == [] and "no such file or directory" in err


def test_check_and_list_never_create_a_database(
    capsys, mixed_dir: Path, isolated_dlprep_home: Path
) -> None:
    run(capsys, "cards", "check", str(mixed_dir))
    run(capsys, "cards", "list", str(mixed_dir))
    run(capsys, "cards", "list", "--json")
    assert list(isolated_dlprep_home.iterdir()) == []


def test_cards_without_an_action_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "cards")
    assert code == 2 and "check" in err


def test_stats_of_a_new_learner_creates_nothing(
    capsys, mixed_dir: Path, isolated_dlprep_home: Path
) -> None:
    code, out, _ = run(capsys, "stats", "--json", str(mixed_dir / "01-good.yaml"))
    assert code == 0
    figures = json.loads(out)
    assert STATS_KEYS <= set(figures)
    assert figures["new_today"] == 2 and figures["total_reviews"] == 0
    assert figures["true_retention_30d"] is None
    assert list(isolated_dlprep_home.iterdir()) == []


def test_stats_after_studying(capsys, mixed_dir: Path) -> None:
    decks = load_decks([mixed_dir / "01-good.yaml"]).decks
    with Store.open() as store:
        session = StudySession(store, decks, Settings())
        session.rate(session.next_card(), Rating.Good, 3)
    code, out, _ = run(capsys, "stats", "--json", str(mixed_dir / "01-good.yaml"))
    figures = json.loads(out)
    assert code == 0
    assert (
        figures["reviews_today"],
        figures["total_reviews"],
        figures["new_today"],
        figures["streak_days"],
    ) == (
        1,
        1,
        1,
        1,
    )
    code, out, _ = run(capsys, "stats", str(mixed_dir / "01-good.yaml"))
    assert code == 0 and "reviews today" in out and "true retention 30d" in out


def test_stats_with_a_corrupt_store_exits_1_and_leaves_it(
    capsys, isolated_dlprep_home: Path
) -> None:
    (isolated_dlprep_home / "dlprep.sqlite3").write_bytes(b"garbage" * 100)
    before = file_snapshot(isolated_dlprep_home)
    code, out, err = run(capsys, "stats", "--json")
    assert code == 1 and out == ""
    assert "is not a readable dlprep database" in err
    assert file_snapshot(isolated_dlprep_home) == before


def test_stats_of_a_missing_path_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "stats", str(tmp_path / "missing"))
    assert code == 2 and "no such file or directory" in err


def test_stats_reads_a_read_only_data_dir(isolated_dlprep_home: Path, mixed_dir: Path) -> None:
    good = mixed_dir / "01-good.yaml"
    with Store.open() as store:
        session = StudySession(store, load_decks([good]).decks, Settings())
        session.rate(session.next_card(), Rating.Again, 3)
    before = file_snapshot(isolated_dlprep_home)
    result = run_with_read_only_dir(
        isolated_dlprep_home, ["-m", "dlprep", "stats", "--json", str(good)], {}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_reviews"] == 1
    assert file_snapshot(isolated_dlprep_home) == before


def test_the_real_command_prints_no_traceback(mixed_dir: Path, tmp_path: Path) -> None:
    """End to end through the console script: bad decks, a missing path, a corrupt store."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dlprep.sqlite3").write_bytes(b"\xff" * 4096)
    env = {**os.environ, "DLPREP_HOME": str(home)}
    for args, expected in [
        (["cards", "check", str(mixed_dir), str(tmp_path / "missing")], 2),
        (["cards", "list", str(mixed_dir)], 1),
        (["stats"], 1),
    ]:
        result = subprocess.run(
            [sys.executable, "-m", "dlprep", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == expected, (args, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout


def test_stats_over_a_mixed_directory_reports_the_bad_decks(
    capsys, mixed_dir: Path, isolated_dlprep_home
) -> None:
    code, out, err = run(capsys, "stats", "--json", str(mixed_dir))
    assert code == 1
    assert json.loads(out)["cards"] == 3  # the two good decks
    assert "05-gbk.yaml:10: encoding: not UTF-8" in err
    assert list(isolated_dlprep_home.iterdir()) == []


def test_check_and_list_work_with_a_read_only_data_dir(
    isolated_dlprep_home: Path, mixed_dir: Path
) -> None:
    good = str(mixed_dir / "01-good.yaml")
    for args in (["cards", "check", good], ["cards", "list", "--json", good]):
        result = run_with_read_only_dir(isolated_dlprep_home, ["-m", "dlprep", *args], {})
        assert result.returncode == 0, result.stderr
    assert list(isolated_dlprep_home.iterdir()) == []
