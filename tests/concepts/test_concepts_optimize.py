"""`dlprep optimize`: refuses below the optimizer's minimum, improves the fit above it, keeps the better."""

from __future__ import annotations

import json
from pathlib import Path

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from optimize_support import synthetic_logs

from dlprep.cli import main
from dlprep.concepts import optimize
from dlprep.concepts.records import CardRecord, ReviewEntry
from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store
from dlprep.paths import database_path


@pytest.fixture(scope="module")
def learner_logs() -> list[fsrs.ReviewLog]:
    logs = synthetic_logs(cards=80, days=75, seed=3)
    assert optimize.countable_reviews(logs) >= optimize.MIN_REVIEWS
    return logs


def _store_with(path: Path, logs: list[fsrs.ReviewLog]) -> None:
    with Store.open(path) as store:
        for log in logs:
            state = fsrs.Card(card_id=log.card_id, due=log.review_datetime)
            entry = ReviewEntry(
                f"card-{log.card_id}",
                log.review_datetime,
                log.rating,
                None,
                state,
                log.review_duration or 0,
                0,
                False,
                False,
            )
            store.save_review(entry, CardRecord(entry.card_id, state))


def test_too_few_reviews_are_refused() -> None:
    logs = synthetic_logs(cards=5, days=20)
    with pytest.raises(ValueError, match="at least 512"):
        optimize.fit(logs)


def test_evaluate_scores_a_perfect_and_a_hopeless_model_apart(
    learner_logs: list[fsrs.ReviewLog],
) -> None:
    # A learner who always recalls: the default model (high retrievability) beats one that
    # predicts fast forgetting.
    always = [
        fsrs.ReviewLog(log.card_id, fsrs.Rating.Good, log.review_datetime, 1000)
        for log in learner_logs
    ]
    forgetful = list(DEFAULT_PARAMETERS)
    forgetful[0:4] = [0.01] * 4
    assert (
        optimize.evaluate(DEFAULT_PARAMETERS, always).log_loss
        < optimize.evaluate(forgetful, always).log_loss
    )


def test_workload_rises_with_retention() -> None:
    rows = optimize.workload(
        DEFAULT_PARAMETERS, cards=60, seconds_per_review=10, retentions=(0.7, 0.97)
    )
    assert [row.retention for row in rows] == [0.7, 0.97]
    assert rows[1].reviews_per_day > rows[0].reviews_per_day > 0
    assert rows[0].minutes_per_day == pytest.approx(rows[0].reviews_per_day * 10 / 60)


def test_cli_refuses_a_small_log_and_changes_nothing(isolated_dlprep_home: Path, capsys) -> None:
    _store_with(database_path(), synthetic_logs(cards=4, days=10))
    assert main(["optimize"]) == 1
    assert "at least 512" in capsys.readouterr().err
    with Store.open() as store:
        assert store.load_settings().fsrs_parameters == ()


def test_cli_saves_better_parameters(isolated_dlprep_home: Path, learner_logs, capsys) -> None:
    _store_with(database_path(), learner_logs)
    assert main(["optimize", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    # The synthetic learner forgets faster than FSRS's default learner: fitting must see it.
    assert figures["fitted"]["log_loss"] < figures["current"]["log_loss"]
    assert figures["fitted"]["rmse"] < figures["current"]["rmse"]
    assert figures["reviews"] == optimize.countable_reviews(learner_logs)
    assert figures["saved"] is True
    with Store.open() as store:
        saved = store.load_settings().fsrs_parameters
    assert saved == tuple(figures["parameters"])
    # The scheduler now uses them.
    from dlprep.concepts.fsrs_adapter import build_scheduler

    assert tuple(build_scheduler(Settings(fsrs_parameters=saved)).parameters) == saved


def test_cli_retention_table(isolated_dlprep_home: Path, capsys) -> None:
    _store_with(database_path(), synthetic_logs(cards=4, days=10))
    assert main(["optimize", "--retention", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["retention"] for row in rows] == list(optimize.RETENTIONS)


def test_settings_validate_parameters() -> None:
    with pytest.raises(ValueError, match="21 numbers"):
        Settings(fsrs_parameters=(1.0, 2.0))
    assert Settings().with_value("fsrs_parameters", "").fsrs_parameters == ()
    values = ",".join(str(value) for value in DEFAULT_PARAMETERS)
    assert Settings().with_value("fsrs-parameters", values).fsrs_parameters == tuple(
        DEFAULT_PARAMETERS
    )
