"""The `dlprep config` command: show, set and reset the learner's settings (kept in the database).

`config` and `config show [--json]` list every setting with its value and default; they open an
existing database read-only and print the defaults, creating nothing, when there is none yet.
`config set KEY VALUE` checks the key and value before it opens (and creates) the database;
`config reset [KEY]` puts one setting or all of them back to the default. Exit status: 0 ok,
1 the store cannot be read or written (its message, no traceback), 2 a bad key or value.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from rich.table import Table

from dlprep.concepts.settings import (
    RETENTION_INPUT_RANGE,
    SETTING_NAMES,
    Settings,
    setting_name,
)
from dlprep.concepts.store import Store, StoreError
from dlprep.console import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    stderr_console,
    stdout_console,
)
from dlprep.paths import database_path

DESCRIPTIONS: dict[str, str] = {
    "desired_retention": "chance of recalling a card when it is due ({:.2f}-{:.2f})".format(
        *RETENTION_INPUT_RANGE
    ),
    "learning_steps_minutes": "minutes between the first reviews of a new card, comma-separated",
    "relearning_steps_minutes": "minutes between reviews after a lapse, comma-separated (empty: none)",
    "new_cards_per_day": "new cards introduced per study day",
    "reviews_per_day": "reviews shown per study day",
    "day_starts_at_hour": "local hour when the study day starts (0-23)",
    "language": "card and interface language: en, zh or both",
    "leech_lapses": "lapses that make a card a leech (then suspended)",
    "learn_ahead_minutes": "with nothing else left, learning cards due this soon are shown",
    "theme": "the TUI colour theme (a Textual theme name, e.g. textual-dark, nord, gruvbox)",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `config` with its `show`, `set` and `reset` actions to the dlprep command."""
    config = subparsers.add_parser("config", help="show or change your study settings")
    config.set_defaults(func=run_show, json=False)
    actions = config.add_subparsers(dest="config_command", metavar="ACTION")
    show = actions.add_parser(
        "show", help="every setting with its value and default (the default action)"
    )
    show.add_argument(
        "--json", action="store_true", help="print a JSON object {key: {value, default}}"
    )
    show.set_defaults(func=run_show)
    change = actions.add_parser("set", help="change one setting, e.g. `set language zh`")
    change.add_argument("key", metavar="KEY", help=f"one of: {', '.join(SETTING_NAMES)}")
    change.add_argument("value", metavar="VALUE")
    change.set_defaults(func=run_set)
    reset = actions.add_parser(
        "reset", help="put one setting (or, without KEY, all of them) back to the default"
    )
    reset.add_argument("key", nargs="?", metavar="KEY", help="the setting to reset (default: all)")
    reset.set_defaults(func=run_reset)


def _fail(message: str, status: int) -> int:
    stderr_console().print(f"dlprep: {message}", markup=False)
    return status


def _store_failure(error: StoreError) -> int:
    """Report a store problem; invalid saved settings get a hint, since `config reset` repairs them."""
    message = str(error)
    if isinstance(error.__cause__, ValueError):
        message += " Run `dlprep config reset` to go back to the defaults."
    return _fail(message, EXIT_FAILED)


def _show_value(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value) or "(none)"
    return str(value)


def _settings_json(settings: Settings) -> dict[str, dict[str, Any]]:
    defaults = Settings().to_dict()
    return {
        name: {"value": value, "default": defaults[name]}
        for name, value in settings.to_dict().items()
    }


def _settings_table(settings: Settings) -> Table:
    table = Table(
        title="dlprep settings",
        caption=f"change one with: dlprep config set KEY VALUE ({database_path()})",
    )
    table.add_column("setting", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("default", no_wrap=True)
    table.add_column("meaning")
    defaults = Settings()
    for name in SETTING_NAMES:
        value, default = getattr(settings, name), getattr(defaults, name)
        shown = _show_value(value) if value == default else f"[bold]{_show_value(value)}[/]"
        table.add_row(name, shown, _show_value(default), DESCRIPTIONS.get(name, ""))
    return table


def _saved_settings() -> Settings:
    """The saved settings, read without creating or changing anything (defaults with no database)."""
    if not database_path().exists():
        return Settings()
    with Store.open(read_only=True) as store:
        return store.load_settings()


def run_show(args: argparse.Namespace) -> int:
    """Print every setting with its current value and default."""
    try:
        settings = _saved_settings()
    except StoreError as error:
        return _store_failure(error)
    if args.json:
        print(json.dumps(_settings_json(settings), ensure_ascii=False, indent=2))
    else:
        stdout_console().print(_settings_table(settings))
    return EXIT_OK


def run_set(args: argparse.Namespace) -> int:
    """Validate `KEY VALUE`, then save it; a bad key or value never opens the database."""
    try:
        name = setting_name(args.key)
        Settings().with_value(name, args.value)
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE)
    try:
        with Store.open() as store:
            before = store.load_settings()
            after = before.with_value(name, args.value)
            store.save_settings(after)
    except StoreError as error:
        return _store_failure(error)
    stdout_console().print(
        f"{name} = {_show_value(getattr(after, name))} (was {_show_value(getattr(before, name))})"
    )
    return EXIT_OK


def run_reset(args: argparse.Namespace) -> int:
    """Put `KEY` (or every setting) back to its default; with no database there is nothing to do."""
    try:
        name = setting_name(args.key) if args.key is not None else None
    except ValueError as error:
        return _fail(str(error), EXIT_USAGE)
    what = name or "every setting"
    if not database_path().exists():
        stdout_console().print(f"{what} is already at the default (nothing saved yet)")
        return EXIT_OK
    try:
        with Store.open() as store:
            # Resetting everything skips loading, so it also repairs settings that no longer load.
            store.save_settings(
                Settings() if name is None else store.load_settings().with_default(name)
            )
    except StoreError as error:
        return _store_failure(error)
    stdout_console().print(f"{what} reset to the default")
    return EXIT_OK
