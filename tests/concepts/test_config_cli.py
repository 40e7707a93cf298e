"""`dlprep config show/set/reset`: the round trip, the JSON shape, every kind of bad input (exit 2,
nothing created), unusable stores (exit 1 with the message, no traceback, the file untouched),
a read-only data dir, and the TUI starting in the language `config set` chose."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
from concepts_support import file_snapshot, run_with_read_only_dir

from dlprep.cli import main
from dlprep.concepts.settings import SETTING_NAMES, Settings
from dlprep.concepts.store import Store
from dlprep.paths import database_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["config", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def shown(capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, object]]:
    code, out, err = run(capsys, "show", "--json")
    assert code == 0, err
    return json.loads(out)


def values(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    return {name: entry["value"] for name, entry in shown(capsys).items()}


def test_show_without_a_database_prints_the_defaults_and_creates_nothing(
    capsys, isolated_dlprep_home: Path
) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    for name in SETTING_NAMES:
        assert name in out
    assert "1,10" in out and "0.9" in out
    assert values(capsys) == Settings().to_dict()
    assert list(isolated_dlprep_home.iterdir()) == []


def test_show_without_a_data_dir_creates_none(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "not" / "yet"
    monkeypatch.setenv("DLPREP_HOME", str(home))
    assert values(capsys) == Settings().to_dict()
    assert not (tmp_path / "not").exists()


def test_json_has_every_setting_with_value_and_default(capsys) -> None:
    assert run(capsys, "set", "language", "both")[0] == 0
    document = shown(capsys)
    assert list(document) == list(SETTING_NAMES)
    assert all(set(entry) == {"value", "default"} for entry in document.values())
    assert document["language"] == {"value": "both", "default": "en"}
    assert document["learning_steps_minutes"] == {"value": [1, 10], "default": [1, 10]}
    assert document["desired_retention"] == {"value": 0.9, "default": 0.9}


def test_set_show_reset_round_trip(capsys) -> None:
    changes = {
        "desired_retention": ("0.85", 0.85),
        "learning_steps_minutes": (" 2, 15 ,0.5", [2, 15, 0.5]),
        "relearning_steps_minutes": ("", []),
        "new_cards_per_day": ("0", 0),
        "reviews_per_day": ("500", 500),
        "day_starts_at_hour": ("0", 0),
        "language": ("ZH", "zh"),
        "leech_lapses": ("4", 4),
        "learn-ahead-minutes": ("0", 0),
        "fsrs_parameters": (",".join(["0.5"] * 21), [0.5] * 21),
        "theme": ("Nord", "nord"),
    }
    for key, (text, _) in changes.items():
        code, out, err = run(capsys, "set", key, text)
        assert code == 0, err
        assert key.replace("-", "_") in out and "(was " in out
    expected = {key.replace("-", "_"): value for key, (_, value) in changes.items()}
    assert values(capsys) == expected
    with Store.open() as store:
        assert store.load_settings().to_dict() == expected

    assert run(capsys, "reset", "language")[0] == 0
    assert values(capsys) == {**expected, "language": "en"}
    code, out, _ = run(capsys, "reset")
    assert code == 0 and "reset to the default" in out
    assert values(capsys) == Settings().to_dict()


def test_table_marks_the_changed_value_and_shows_the_default(capsys) -> None:
    run(capsys, "set", "learning_steps_minutes", "3,30")
    code, out, _ = run(capsys, "show")
    assert code == 0
    row = next(line for line in out.splitlines() if "learning_steps_minutes" in line)
    assert "3,30" in row and "1,10" in row


@pytest.mark.parametrize(
    ("key", "text", "message"),
    [
        (
            "no_such_setting",
            "1",
            "unknown setting 'no_such_setting'; the settings are: desired_retention",
        ),
        (
            "desired_retention",
            "0.5",
            "desired_retention must be a number from 0.70 to 0.99 (got '0.5')",
        ),
        ("desired_retention", "1", "desired_retention must be a number from 0.70 to 0.99"),
        (
            "desired_retention",
            "high",
            "desired_retention must be a number from 0.70 to 0.99 (got 'high')",
        ),
        ("desired_retention", "nan", "desired_retention must be a number"),
        (
            "learning_steps_minutes",
            "1,ten",
            "learning_steps_minutes must be minutes separated by commas",
        ),
        (
            "learning_steps_minutes",
            "1,-5",
            "learning_steps_minutes must be positive numbers of minutes",
        ),
        (
            "relearning_steps_minutes",
            "0",
            "relearning_steps_minutes must be positive numbers of minutes",
        ),
        ("learning_steps_minutes", "1e12", "at most 525600"),
        (
            "new_cards_per_day",
            "-1",
            "new_cards_per_day must be a whole number of at least 0 (got -1)",
        ),
        ("reviews_per_day", "many", "reviews_per_day must be a whole number (got 'many')"),
        ("reviews_per_day", "2.5", "reviews_per_day must be a whole number (got '2.5')"),
        ("leech_lapses", "0", "leech_lapses must be a whole number of at least 1"),
        ("learn_ahead_minutes", "99999999999", "learn_ahead_minutes must be at most 525600"),
        ("day_starts_at_hour", "24", "day_starts_at_hour must be an hour from 0 to 23 (got 24)"),
        ("day_starts_at_hour", "-1", "day_starts_at_hour must be an hour from 0 to 23"),
        ("language", "fr", "language must be one of en, zh, both (got 'fr')"),
        ("theme", "my theme!", "theme must be a theme name such as textual-dark"),
    ],
)
def test_a_bad_key_or_value_exits_2_and_writes_nothing(
    capsys, isolated_dlprep_home: Path, key: str, text: str, message: str
) -> None:
    code, out, err = run(capsys, "set", key, text)
    assert code == 2
    assert message in err and out == ""
    assert list(isolated_dlprep_home.iterdir()) == []


def test_a_bad_value_leaves_the_saved_settings_alone(capsys) -> None:
    run(capsys, "set", "new_cards_per_day", "7")
    assert run(capsys, "set", "new_cards_per_day", "lots")[0] == 2
    assert values(capsys)["new_cards_per_day"] == 7


def test_reset_of_an_unknown_key_exits_2(capsys) -> None:
    code, _, err = run(capsys, "reset", "colour")
    assert code == 2 and "unknown setting 'colour'" in err


def test_reset_without_a_database_creates_none(capsys, isolated_dlprep_home: Path) -> None:
    for args in (["reset"], ["reset", "language"]):
        code, out, _ = run(capsys, *args)
        assert code == 0 and "already at the default" in out
    assert list(isolated_dlprep_home.iterdir()) == []


def test_set_without_key_or_value_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["config", "set", "language"])
    assert exit_info.value.code == 2


def write_database(content: bytes) -> Path:
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "args", [[], ["show", "--json"], ["set", "language", "zh"], ["reset"], ["reset", "language"]]
)
def test_a_corrupt_database_is_reported_and_left_untouched(capsys, args: list[str]) -> None:
    path = write_database(b"\xff" * 4096)
    code, out, err = run(capsys, *args)
    assert code == 1 and out == ""
    assert err.startswith("dlprep: ") and "not a readable dlprep database" in err
    assert path.read_bytes() == b"\xff" * 4096


def test_a_database_from_a_newer_dlprep_is_reported(capsys) -> None:
    Store.open().close()
    with sqlite3.connect(database_path()) as connection:
        connection.execute("UPDATE schema_version SET version = 999")
    connection.close()
    for args in (["show"], ["set", "language", "zh"]):
        code, _, err = run(capsys, *args)
        assert code == 1 and "written by a newer dlprep" in err


def test_a_locked_database_is_reported(capsys) -> None:
    Store.open().close()
    holder = sqlite3.connect(database_path(), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        code, _, err = run(capsys, "set", "language", "zh")
        assert code == 1 and "is locked by another program" in err
        assert run(capsys, "show")[0] == 0  # WAL: reading does not wait for the writer
    finally:
        holder.close()
    assert values(capsys)["language"] == "en"


def test_invalid_saved_settings_point_to_reset_which_repairs_them(capsys) -> None:
    Store.open().close()
    with sqlite3.connect(database_path()) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('language', '\"klingon\"')"
        )
    connection.close()
    code, _, err = run(capsys, "show")
    assert code == 1 and "are invalid: language" in err and "dlprep config reset" in err
    assert run(capsys, "reset")[0] == 0
    assert values(capsys) == Settings().to_dict()


def test_a_read_only_data_dir_can_be_shown_but_not_changed(
    capsys, isolated_dlprep_home: Path
) -> None:
    assert run(capsys, "set", "language", "zh")[0] == 0
    before = file_snapshot(isolated_dlprep_home)
    shown_result = run_with_read_only_dir(
        isolated_dlprep_home, ["-m", "dlprep", "config", "show", "--json"], {}
    )
    assert shown_result.returncode == 0, shown_result.stderr
    assert json.loads(shown_result.stdout)["language"]["value"] == "zh"
    for args in (["set", "language", "both"], ["reset"], ["reset", "language"]):
        result = run_with_read_only_dir(isolated_dlprep_home, ["-m", "dlprep", "config", *args], {})
        assert result.returncode == 1, (args, result.stderr)
        assert "read-only" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert file_snapshot(isolated_dlprep_home) == before


def test_an_empty_read_only_data_dir_shows_the_defaults(isolated_dlprep_home: Path) -> None:
    result = run_with_read_only_dir(
        isolated_dlprep_home, ["-m", "dlprep", "config", "show", "--json"], {}
    )
    assert result.returncode == 0, result.stderr
    assert {
        name: entry["value"] for name, entry in json.loads(result.stdout).items()
    } == Settings().to_dict()
    failed = run_with_read_only_dir(
        isolated_dlprep_home, ["-m", "dlprep", "config", "set", "language", "zh"], {}
    )
    assert (
        failed.returncode == 1
        and "cannot write" in failed.stderr
        and "Traceback" not in failed.stderr
    )
    assert list(isolated_dlprep_home.iterdir()) == []


def test_the_tui_starts_in_the_language_config_set(capsys) -> None:
    from dlprep.tui.app import DlprepApp
    from dlprep.tui.study import open_learner

    assert run(capsys, "set", "language", "zh")[0] == 0
    learner = open_learner(None)
    try:
        assert learner.settings.language == "zh"
    finally:
        learner.store.close()

    async def started_language() -> str:
        app = DlprepApp(deck_paths=[])
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            return app.language

    assert asyncio.run(started_language()) == "zh"


def test_with_value_returns_a_changed_copy_and_with_default_undoes_it() -> None:
    original = Settings()
    changed = original.with_value("learning-steps-minutes", "0.5,5")
    assert changed.learning_steps_minutes == (0.5, 5) and original == Settings()
    assert changed.with_value("language", " both ").language == "both"
    assert changed.with_default("learning_steps_minutes") == Settings()
    with pytest.raises(ValueError, match="unknown setting 'speed'"):
        original.with_default("speed")
