"""The `dlprep optimize` command: fit FSRS's parameters to the learner's review log.

    dlprep optimize [--dry-run] [--json]     fit, compare with the parameters in use, keep the better
    dlprep optimize --retention [--json]     expected daily workload per desired retention

It runs in its own process (this command), never in the TUI: fsrs's optimizer imports torch.
Exit status 0, 1 when the log is too small to fit (nothing is changed), 2 for a store error.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, replace
from datetime import UTC, datetime

from fsrs.scheduler import DEFAULT_PARAMETERS
from rich.table import Table

from dlprep.concepts.store import Store, StoreError
from dlprep.console import EXIT_FAILED, EXIT_OK, EXIT_USAGE, stderr_console, stdout_console
from dlprep.paths import database_path


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `optimize` to the dlprep command."""
    parser = subparsers.add_parser(
        "optimize", help="fit the FSRS scheduler's parameters to your own review log"
    )
    parser.add_argument(
        "--retention",
        action="store_true",
        help="show the expected daily workload for a range of desired retentions",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="fit and compare, but do not save the parameters"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=run_optimize)


def run_optimize(args: argparse.Namespace) -> int:
    from dlprep.concepts import optimize

    if not database_path().exists():
        stderr_console().print("dlprep optimize: no reviews yet (no database)", markup=False)
        return EXIT_FAILED
    try:
        with Store.open() as store:
            entries = store.reviews_since(datetime(1970, 1, 1, tzinfo=UTC))
            settings = store.load_settings()
            logs = optimize.review_logs(entries)
            current = settings.fsrs_parameters or DEFAULT_PARAMETERS
            if args.retention:
                cards = max(len(store.card_records()), 1)
                return _show_workload(args, current, cards, optimize.median_seconds(entries))
            try:
                fitted = optimize.fit(logs)
            except ValueError as error:
                stderr_console().print(f"dlprep optimize: {error}", markup=False)
                return EXIT_FAILED
            before, after = optimize.evaluate(current, logs), optimize.evaluate(fitted, logs)
            better = after.log_loss < before.log_loss
            if better and not args.dry_run:
                store.save_settings(replace(settings, fsrs_parameters=fitted))
    except StoreError as error:
        stderr_console().print(f"dlprep optimize: {error}", markup=False)
        return EXIT_USAGE
    saved = better and not args.dry_run
    if args.json:
        print(
            json.dumps(
                {
                    "reviews": before.reviews,
                    "current": {"log_loss": before.log_loss, "rmse": before.rmse},
                    "fitted": {"log_loss": after.log_loss, "rmse": after.rmse},
                    "parameters": list(fitted),
                    "saved": saved,
                }
            )
        )
        return EXIT_OK
    table = Table("", "log loss", "RMSE", title=f"FSRS fit on {before.reviews} reviews")
    table.add_row("parameters in use", f"{before.log_loss:.4f}", f"{before.rmse:.4f}")
    table.add_row("fitted to your log", f"{after.log_loss:.4f}", f"{after.rmse:.4f}")
    console = stdout_console()
    console.print(table)
    if saved:
        console.print("Saved: the fitted parameters predict your recalls better.")
    elif better:
        console.print("Better, but not saved (--dry-run).")
    else:
        console.print("Kept the parameters in use: the fitted ones are not better.")
    return EXIT_OK


def _show_workload(
    args: argparse.Namespace, parameters: tuple[float, ...], cards: int, seconds: float
) -> int:
    from dlprep.concepts import optimize

    rows = optimize.workload(parameters, cards=cards, seconds_per_review=seconds)
    if args.json:
        print(json.dumps([asdict(row) for row in rows]))
        return EXIT_OK
    table = Table(
        "desired retention",
        "reviews / day",
        "minutes / day",
        title=f"Expected workload: {cards} cards, {seconds:.0f} s per review, first year",
    )
    for row in rows:
        table.add_row(
            f"{row.retention:.2f}", f"{row.reviews_per_day:.1f}", f"{row.minutes_per_day:.1f}"
        )
    console = stdout_console()
    console.print(table)
    console.print("Choose one with: dlprep config set desired_retention 0.85", markup=False)
    return EXIT_OK
