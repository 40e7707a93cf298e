"""Anki packages (genanki out, the real anki library in) and JSON backups (an exact round trip)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
import yaml

from dlprep.cli import main
from dlprep.concepts.anki_export import export_apkg
from dlprep.concepts.anki_import import import_apkg
from dlprep.concepts.backup import BackupError, export_backup, import_backup
from dlprep.concepts.decks import load_decks
from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store
from dlprep.paths import database_path

anki_collection = pytest.importorskip("anki.collection")


@pytest.fixture(scope="module")
def decks():
    loaded = load_decks()
    return [deck for deck in loaded.decks if deck.id in {"normalization", "shapes", "cnn"}]


def _open_with_anki(apkg: Path, tmp_path: Path):
    collection = anki_collection.Collection(str(tmp_path / "check.anki2"))
    collection.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(apkg)))
    return collection


def test_the_real_anki_reads_every_card_type(decks, tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    assert export_apkg(decks, apkg) == sum(len(deck.cards) for deck in decks)
    col = _open_with_anki(apkg, tmp_path)
    try:
        cards = [card for deck in decks for card in deck.cards]
        assert col.note_count() == len(cards)
        clozes = [card for card in cards if card.type == "cloze"]
        deletions = sum(
            len(set(__import__("re").findall(r"\{\{c(\d+)::", c.front.en))) for c in clozes
        )
        assert (
            col.card_count() == len(cards) - len(clozes) + deletions
        )  # one Anki card per deletion
        by_type = {card.type for card in cards}
        assert by_type == {"basic", "cloze", "choice", "shape"}
        names = {deck.name for deck in col.decks.all_names_and_ids()}
        assert any("Normalisation" in name or "normalization" in name.lower() for name in names)
        for note_id in col.find_notes(""):
            note = col.get_note(note_id)
            kind = note.note_type()
            if kind["type"] == 1:
                assert (
                    kind["name"].startswith("Cloze")  # Anki's cloze kind, as genanki ships it
                    and "{{c1::" in note["Text"]
                    and '<div class="zh">' in note["Text"]
                )
            else:
                assert kind["name"] == "dlprep bilingual"
                assert note["FrontEn"] and note["FrontZh"] and note["BackEn"] and note["BackZh"]
            assert any(tag.startswith("deck::") for tag in note.tags)
        code_notes = [col.get_note(n) for n in col.find_notes("FrontEn:*torch.*")]
        assert code_notes and any("<code>" in note["FrontEn"] for note in code_notes)
        choice = next(card for card in cards if card.type == "choice")
        note = col.get_note(col.find_notes(f'"tag:{choice.tags[0]}"')[0])
        assert note is not None
    finally:
        col.close()


def test_reexport_updates_the_same_notes(decks, tmp_path: Path) -> None:
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    export_apkg(decks, first)
    export_apkg(decks, second)
    col = _open_with_anki(first, tmp_path)
    try:
        count = col.note_count()
        col.import_anki_package(anki_collection.ImportAnkiPackageRequest(package_path=str(second)))
        assert col.note_count() == count  # same GUIDs: updated, not duplicated
    finally:
        col.close()


def test_import_turns_notes_back_into_a_valid_deck(decks, tmp_path: Path) -> None:
    apkg = tmp_path / "out.apkg"
    export_apkg(decks[:1], apkg)
    result = import_apkg(apkg, "imported")
    assert len(result.cards) == len(decks[0].cards) and result.missing_language == 0
    out = tmp_path / "imported.yaml"
    out.write_text(result.to_yaml(), "utf-8")
    loaded = load_decks([out])
    assert not loaded.problems, loaded.problems
    (deck,) = loaded.decks
    assert {card.type for card in deck.cards} <= {"basic", "cloze"}
    assert len({card.id for card in deck.cards}) == len(deck.cards)


def test_a_one_language_anki_deck_is_reported(tmp_path: Path) -> None:
    import genanki

    deck = genanki.Deck(1234, "Mine")
    deck.add_note(
        genanki.Note(model=genanki.BASIC_MODEL, fields=["What is <b>dropout</b>?", "Zeroing units"])
    )
    deck.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["什么是暂退法？", "随机置零"]))
    deck.add_note(
        genanki.Note(model=genanki.CLOZE_MODEL, fields=["BN uses {{c1::batch}} statistics", ""])
    )
    apkg = tmp_path / "mine.apkg"
    genanki.Package(deck).write_to_file(str(apkg))
    out = tmp_path / "mine.yaml"
    assert main(["import", "anki", str(apkg), "--out", str(out)]) == 1
    data = yaml.safe_load(out.read_text("utf-8"))
    fronts = sorted((card["front"]["en"], card["front"]["zh"]) for card in data["cards"])
    assert ("", "什么是暂退法？") in fronts and ("What is **dropout**?", "") in fronts
    assert [card["type"] for card in data["cards"]].count("cloze") == 1


def test_import_of_a_broken_package_is_an_input_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.apkg"
    bad.write_bytes(b"not a zip")
    assert main(["import", "anki", str(bad), "--out", str(tmp_path / "x.yaml")]) == 2
    assert "bad.apkg" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def _filled_store(path: Path) -> None:
    when = datetime(2026, 11, 1, 8, 30, 0, 123456, tzinfo=UTC)
    with Store.open(path) as store:
        store.save_settings(
            Settings(desired_retention=0.85, language="zh", learning_steps_minutes=(2, 15.5))
        )
        for index in range(30):
            before = fsrs.Card(card_id=index + 1, due=when)
            after, _ = fsrs.Scheduler().review_card(
                before, fsrs.Rating(index % 4 + 1), review_datetime=when
            )
            entry = ReviewEntry(
                f"card-{index % 7}",
                when + timedelta(hours=index),
                fsrs.Rating(index % 4 + 1),
                before if index % 2 else None,
                after,
                1000 + index,
                index % 3,
                False,
                index == 5,
            )
            store.save_review(
                entry,
                CardRecord(
                    entry.card_id,
                    after,
                    lapses=index % 3,
                    suspended=index == 5,
                    buried_until=when if index == 3 else None,
                ),
            )


def _all_rows(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
            )
        ]
        return {
            table: connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
            for table in tables
        }
    finally:
        connection.close()


def test_json_round_trip_is_exact(tmp_path: Path, capsys) -> None:
    _filled_store(database_path())
    original = _all_rows(database_path())
    backup = tmp_path / "backup.json"
    assert main(["export", "json", str(backup)]) == 0
    database_path().unlink()
    assert main(["import", "json", str(backup)]) == 0
    assert _all_rows(database_path()) == original
    with Store.open() as store:
        assert store.load_settings().learning_steps_minutes == (2, 15.5)
    # Import over an existing store keeps the old one aside.
    assert main(["import", "json", str(backup)]) == 0
    assert "kept as" in capsys.readouterr().out
    assert list(database_path().parent.glob("dlprep.sqlite3.before-import-*"))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda data: data.update(format="x"), "not a dlprep backup"),
        (lambda data: data.update(schema_version=999), "schema_version"),
        (lambda data: data["tables"].pop("review_log"), "tables"),
        (lambda data: data["tables"]["settings"]["columns"].append("extra"), "columns"),
        (lambda data: data["tables"]["review_log"]["rows"].append(["x"]), "does not fit"),
    ],
)
def test_a_bad_backup_changes_nothing(tmp_path: Path, mutate, message: str) -> None:
    _filled_store(database_path())
    before = database_path().read_bytes()
    data = json.loads(json.dumps(export_backup(database_path())))
    mutate(data)
    with pytest.raises(BackupError, match=message):
        import_backup(data, database_path())
    assert database_path().read_bytes() == before
    assert not list(database_path().parent.glob("*.importing"))
