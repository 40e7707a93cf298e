"""The `dlprep export` and `dlprep import` commands: Anki packages and full JSON backups.

    dlprep export anki FILE.apkg [--deck D ...]     decks as an Anki package (genanki; built-in,
                                                     own decks, --decks, --pack)
    dlprep import anki FILE.apkg --out DECK.yaml    an Anki package's notes as a dlprep deck
    dlprep export json FILE                          all progress, attempts and settings
    dlprep import json FILE                          restore them (the old store is kept aside)

Exit status 0, 1 when something was reported but the command finished (cards missing a
language), 2 for a usage or input error (nothing written).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dlprep.concepts.sources import add_source_options, deck_paths_of
from dlprep.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    print_usage,
    stderr_console,
    stdout_console,
)
from dlprep.paths import database_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `export` and `import` to the dlprep command."""
    export = subparsers.add_parser("export", help="export decks to Anki, or progress to JSON")
    export.set_defaults(func=lambda args: print_usage(export))
    formats = export.add_subparsers(dest="format", metavar="FORMAT")
    anki = formats.add_parser("anki", help="decks as an Anki package (.apkg)")
    anki.add_argument("file", metavar="FILE.apkg", type=Path)
    anki.add_argument(
        "--deck", action="append", default=[], metavar="D", help="only deck D (repeatable)"
    )
    add_source_options(anki)  # the learner's own decks export too
    anki.set_defaults(func=run_export_anki)
    backup = formats.add_parser("json", help="all progress, attempts and settings as JSON")
    backup.add_argument("file", metavar="FILE", type=Path)
    backup.set_defaults(func=run_export_json)

    imports = subparsers.add_parser("import", help="import an Anki package, or restore JSON")
    imports.set_defaults(func=lambda args: print_usage(imports))
    formats = imports.add_subparsers(dest="format", metavar="FORMAT")
    anki_in = formats.add_parser("anki", help="an Anki package's notes as a dlprep deck")
    anki_in.add_argument("file", metavar="FILE.apkg", type=Path)
    anki_in.add_argument("--out", required=True, metavar="DECK.yaml", type=Path)
    anki_in.add_argument("--deck-id", metavar="ID", help="the new deck's id (default: from FILE)")
    anki_in.set_defaults(func=run_import_anki)
    restore = formats.add_parser("json", help="restore a JSON backup (replaces your progress)")
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.set_defaults(func=run_import_json)


def run_export_anki(args: argparse.Namespace) -> int:
    from dlprep.concepts.anki_export import export_apkg
    from dlprep.concepts.decks import load_decks

    loaded = load_decks(deck_paths_of(args))
    decks = [deck for deck in loaded.decks if not args.deck or deck.id in args.deck]
    unknown = set(args.deck) - {deck.id for deck in loaded.decks}
    if unknown:
        stderr_console().print(
            f"dlprep export anki: unknown deck(s): {', '.join(sorted(unknown))}", markup=False
        )
        return EXIT_USAGE
    notes = export_apkg(decks, args.file)
    stdout_console().print(f"{args.file}: {len(decks)} deck(s), {notes} note(s)", markup=False)
    return EXIT_OK


def run_import_anki(args: argparse.Namespace) -> int:
    from dlprep.concepts.anki_import import import_apkg

    try:
        result = import_apkg(args.file, args.deck_id)
    except ValueError as error:
        stderr_console().print(f"dlprep import anki: {error}", markup=False)
        return EXIT_USAGE
    args.out.write_text(result.to_yaml(), "utf-8")
    console = stdout_console()
    console.print(f"{args.out}: {len(result.cards)} card(s) from {args.file}", markup=False)
    for line in result.skipped:
        console.print(f"skipped {line}", markup=False)
    if result.missing_language:
        console.print(
            f"{result.missing_language} card(s) have one language only: write the other "
            f"(dlprep cards check {args.out} lists them)",
            markup=False,
        )
        return EXIT_FAILED
    return EXIT_OK


def run_export_json(args: argparse.Namespace) -> int:
    from dlprep.concepts.backup import export_backup

    if not database_path().exists():
        stderr_console().print("dlprep export json: no progress yet (no database)", markup=False)
        return EXIT_USAGE
    data = export_backup(database_path())
    args.file.write_text(json.dumps(data, ensure_ascii=False) + "\n", "utf-8")
    rows = sum(len(table["rows"]) for table in data["tables"].values())
    stdout_console().print(f"{args.file}: {rows} row(s) from {database_path()}", markup=False)
    return EXIT_OK


def run_import_json(args: argparse.Namespace) -> int:
    from dlprep.concepts.backup import BackupError, import_backup

    try:
        data = json.loads(args.file.read_text("utf-8"))
        kept = import_backup(data, database_path())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, BackupError) as error:
        stderr_console().print(f"dlprep import json: {args.file}: {error}", markup=False)
        return EXIT_USAGE
    note = f" (the previous store is kept as {kept})" if kept else ""
    stdout_console().print(f"restored {database_path()} from {args.file}{note}", markup=False)
    return EXIT_OK
