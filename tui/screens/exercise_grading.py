"""What the exercise screen does with the grader worker: run, submit, cancel, verdicts, ratings.

A graded report becomes an attempt in the store at once (committed), the failed tests'
concept cards become due today, and a suggested rating waits for the learner (`1`-`4`,
enter). A worker that crashed, hung or sent too much is reported in the Results tab and
replaced on the next request; the attempt is not recorded, since nothing was graded.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fsrs import Rating
from textual.widgets import TabbedContent, TextArea

from dlprep.concepts.exercise_log import Attempt
from dlprep.concepts.exercise_schedule import ExerciseSchedule, failed_concepts
from dlprep.concepts.fsrs_adapter import format_interval
from dlprep.concepts.store import StoreError
from dlprep.tui.grader_client import Outcome
from dlprep.tui.labels import label, message
from dlprep.tui.widgets.results_view import ResultsView
from dlprep.worker_messages import Event

if TYPE_CHECKING:
    from dlprep.tui.screens.exercise import ExerciseScreen

DEADLINE_MARGIN_S = 30.0
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
VERDICT_LABELS = {
    "crashed": "worker_crashed",
    "hung": "worker_hung",
    "too_large": "worker_too_large",
    "error": "worker_error",
}


class GradingMixin:
    """Mixed into ExerciseScreen (which provides the widgets, `exercise`, `study`, `language`)."""

    pending: tuple[Attempt, Rating] | None

    def _init_grading(self) -> None:
        self.pending = None
        self.busy = False
        self._started = 0.0
        self._training: Event | None = None
        self._redraw: Callable[[], None] | None = None

    @property
    def _screen(self) -> ExerciseScreen:
        return self  # type: ignore[return-value]

    def _status(self, text: str) -> None:
        from textual.widgets import Static

        self._screen.query_one("#exercise-status", Static).update(text, layout=False)

    def show_idle(self) -> None:
        screen = self._screen
        keys = {"submit": screen.dlprep.key_display("exercise.submit")}
        keys["run"] = screen.dlprep.key_display("exercise.run")
        self._status(message("no_results", screen.language, **keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ratings need a pending attempt, and are typed as text while the editor has focus."""
        if action in ("rate", "keep_rating"):
            editor_focused = isinstance(self._screen.focused, TextArea)
            return self.pending is not None and not editor_focused
        if action in ("submit", "run_example", "reset", "external_editor"):
            return not self.busy
        return True

    # Requests

    def action_submit(self) -> None:
        self._start("grade")

    def action_run_example(self) -> None:
        self._start("run")

    def _start(self, op: str) -> None:
        screen = self._screen
        if self.busy:
            return
        self.commit_pending(None)
        screen.save_draft()
        self.busy = True
        self._training = None
        self._started = time.monotonic()
        self._progress(op)
        screen.refresh_bindings()
        screen.run_worker(self._request(op), group="grade", exclusive=True)

    def _progress(self, op: str, event: Event | None = None) -> None:
        screen = self._screen
        if not self.busy:
            return
        elapsed = f"{time.monotonic() - self._started:.1f}"
        cancel = screen.dlprep.key_display("exercise.back")
        text = message(
            "grading" if op == "grade" else "running",
            screen.language,
            elapsed=elapsed,
            cancel=cancel,
        )
        if event is not None and event.get("phase") == "training":
            self._training = event
        training = self._training_line()
        self._status(f"{text}  {training}" if training else text)

    def _training_line(self) -> str:
        """The latest training progress the worker forwarded ("epoch 3 · loss 0.412"), or ""."""
        event = self._training
        epoch = event.get("epoch") if event else None
        if not isinstance(epoch, (int, float)) or not math.isfinite(epoch):
            return ""
        loss = event.get("loss") if event else None
        shown = f"{loss:.3f}" if isinstance(loss, float) and math.isfinite(loss) else "—"
        return message("training_progress", self._screen.language, epoch=f"{epoch:.4g}", loss=shown)

    async def _request(self, op: str) -> None:
        screen = self._screen
        exercise = screen.exercise
        code = screen.query_one(TextArea).text
        ticker = screen.set_interval(0.2, lambda: self._progress(op))
        started_at = screen.study.session.now()
        try:
            outcome = await screen.dlprep.grader_client.request(
                op,
                exercise.id,
                code,
                exercise.limits.wall_seconds + DEADLINE_MARGIN_S,
                lambda event: self._progress(op, event),
            )
        finally:
            ticker.stop()
            self.busy = False
            screen.refresh_bindings()
        seconds = time.monotonic() - self._started
        if outcome.kind == "result" and outcome.report is not None:
            self._graded(code, outcome.report, started_at, seconds, outcome)
        elif outcome.kind == "ran":
            self._show(lambda: self._show_run(outcome))
        else:
            self._show(lambda: self._show_verdict(outcome))

    def cancel_request(self) -> bool:
        """Kill the running request's worker; False when nothing was running."""
        if not self.busy:
            return False
        self._screen.dlprep.grader_client.cancel()
        return True

    # Showing outcomes

    def _show(self, draw: Callable[[], None]) -> None:
        self._redraw = draw
        draw()
        screen = self._screen
        screen.query_one(TabbedContent).active = "results-tab"
        screen.query_one("#results").focus()

    def redraw_results(self) -> None:
        if self._redraw is not None:
            self._redraw()

    def _restarted_note(self, outcome: Outcome) -> str:
        if not outcome.restarted_after:
            return ""
        detail = outcome.restarted_after
        return "\n" + message("worker_restarted", self._screen.language, detail=detail)

    def _show_run(self, outcome: Outcome) -> None:
        language, view = self._screen.language, self._screen.query_one(ResultsView)
        if outcome.no_example:
            view.show_text(label("no_example", language), "")
            return
        heading = label("example_raised" if outcome.raised else "example_output", language)
        body = outcome.output + (f"\n{outcome.raised}" if outcome.raised else "")
        view.show_text(heading + self._restarted_note(outcome), body)
        self.show_idle()

    def _show_verdict(self, outcome: Outcome) -> None:
        language = self._screen.language
        if outcome.kind == "cancelled":
            text = label("cancelled", language)
        else:
            key = VERDICT_LABELS.get(outcome.kind, "worker_error")
            text = message(key, language, detail=outcome.message)
        self._screen.query_one(ResultsView).show_text(text + self._restarted_note(outcome), "")
        self._status(text)

    def _graded(
        self,
        code: str,
        report: dict[str, object],
        started_at: Any,
        seconds: float,
        outcome: Outcome,
    ) -> None:
        screen = self._screen
        schedule = ExerciseSchedule(screen.study.session)
        duration = report.get("duration_s")
        finished_at = started_at + __import__("datetime").timedelta(seconds=seconds)
        try:
            attempt = schedule.record_attempt(
                screen.exercise.id, code, report, started_at, finished_at
            )
            failed = failed_concepts(report, screen.exercise.concepts)
            due_now = set(
                schedule.mark_due_today(card for cards in failed.values() for card in cards)
            )
            suggestion = schedule.suggested_rating(attempt)
        except StoreError as error:
            screen.notify(str(error), severity="error")
            return
        self.pending = (attempt, suggestion)
        notes_for = _tests_by_card(failed, due_now)
        shown = float(duration) if isinstance(duration, (int, float)) else seconds

        def draw() -> None:
            language = screen.language
            notes = [
                message("card_due_again", language, test=test.split("::")[-1], card=card)
                for card, test in notes_for.items()
            ]
            if self.pending is not None:
                name = label(RATING_NAMES[int(self.pending[1])], language)
                notes.append(message("suggested_rating", language, rating=name))
            if outcome.restarted_after:
                notes.append(self._restarted_note(outcome).strip())
            if attempt.passed and attempt.score >= attempt.max_score:
                key = screen.dlprep.key_display("exercise.compare")
                notes.append(message("compare_hint", language, key=key))
            screen.query_one(ResultsView).show_report(report, language, shown, notes)

        self._show(draw)
        screen.redraw()
        self._status(
            message(
                "suggested_rating",
                screen.language,
                rating=label(RATING_NAMES[int(suggestion)], screen.language),
            )
        )
        screen.refresh_bindings()

    # Ratings

    def action_rate(self, rating: int) -> None:
        self.commit_pending(rating)

    def action_keep_rating(self) -> None:
        self.commit_pending(None)

    def commit_pending(self, rating: int | None) -> None:
        """Commit the pending attempt's rating: `rating`, or the suggested one when None."""
        if self.pending is None:
            return
        screen = self._screen
        attempt, suggestion = self.pending
        chosen = Rating(rating) if rating is not None else suggestion
        try:
            ExerciseSchedule(screen.study.session).commit_rating(attempt, chosen)
        except StoreError as error:
            screen.notify(
                str(error), title=label("rating_not_saved", screen.language), severity="error"
            )
            return
        self.pending = None
        record = screen.study.session.store.card_record(f"exercise:{attempt.exercise_id}")
        due = record.fsrs_card.due - screen.study.session.now() if record.fsrs_card else None
        language = screen.language
        text = message(
            "rating_committed",
            language,
            rating=label(RATING_NAMES[int(chosen)], language),
            due=format_interval(due) if due is not None else "—",
        )
        self._status(text)
        if screen.is_mounted:
            screen.redraw()
            screen.refresh_bindings()

    def reopen(self, attempt_id: int) -> None:
        """Show a past attempt's report (and its code) in the Results tab."""
        import json

        screen = self._screen
        attempt = next(
            (a for a in screen.exercise_log.attempts(screen.exercise.id) if a.id == attempt_id),
            None,
        )
        if attempt is None:
            return
        report = json.loads(attempt.report)

        def draw() -> None:
            language = screen.language
            when = attempt.finished_at.astimezone().strftime("%Y-%m-%d %H:%M")
            header = message("attempt_header", language, number=attempt_id, when=when)
            view = screen.query_one(ResultsView)
            view.show_report(report, language, attempt.duration_s, [header])

        self._show(draw)


def _tests_by_card(failed: dict[str, list[str]], due_now: set[str]) -> dict[str, str]:
    """One note per card made due: its first failed test, and how many more probe it."""
    tests: dict[str, list[str]] = {}
    for test, cards in failed.items():
        for card in cards:
            if card in due_now:
                tests.setdefault(card, []).append(test)
    return {
        card: names[0] + (f" (+{len(names) - 1})" if len(names) > 1 else "")
        for card, names in tests.items()
    }
