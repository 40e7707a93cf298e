"""Review: one card at a time — front, answer or reveal, rate 1-4 with the next intervals, undo, bury, suspend.

A choice card is answered with `a`-`f` (or a click) in today's shuffled order; a shape card's
answer is typed (Enter checks it, Tab reveals without typing). Either way the back then shows
whether the answer was right, and the suggested rating (Good, or Again when wrong) is
preselected: space accepts it, `1`-`4` rate otherwise.

Every action goes through the StudySession, which commits it before the next card shows.
When nothing is left the screen switches to a "done for today" view.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from datetime import timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Center, Middle
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Static

from dlprep.concepts.answers import UnreadableAnswer, Verdict, check_choice, check_shape
from dlprep.concepts.custom_study import Scheduled, StudyMode
from dlprep.concepts.model import Card
from dlprep.concepts.session import Rating, format_interval
from dlprep.concepts.store import StoreError
from dlprep.tui.bindings import REVIEW_BINDINGS
from dlprep.tui.keymap import typed_over
from dlprep.tui.labels import inline_text, label, message
from dlprep.tui.palette import palette_command
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.answer_box import AnswerBox, verdict_line
from dlprep.tui.widgets.card_view import CardView
from dlprep.tui.widgets.rating_bar import RATING_BINDING_IDS, RATING_LABEL_KEYS, RatingBar

_CARD_ACTIONS = frozenset({"bury", "suspend"})
_TYPED_OVER = {
    "reveal": "review.reveal",
    "undo": "review.undo",
    "bury": "review.bury",
    "suspend": "review.suspend",
}
"""Actions whose keys the shape field takes while it has focus (space, u, -, s by default)."""


class ReviewScreen(StudyScreen):
    """Reviews the cards due in one deck, or in all decks when `deck_id` is None."""

    BINDINGS: ClassVar[list[BindingType]] = [*REVIEW_BINDINGS]

    def __init__(
        self, deck_id: str | None, mode: StudyMode | None = None, title: str | None = None
    ) -> None:
        """Review `deck_id` (None: all decks) in `mode` (default: today's schedule); `title` names a custom study."""
        super().__init__()
        self.deck_id = deck_id
        self._mode = mode
        self._title = title
        self.card: Card | None = None
        self.revealed = False
        self.intervals: dict[Rating, timedelta] = {}
        self.order: tuple[int, ...] = ()
        """The shown card's choices in today's order (indices into `card.choices`)."""
        self.verdict: Verdict | None = None
        """Whether the learner's answer (a pick or a typed shape) was right; None when only revealed."""
        self._answer: dict[
            str, str
        ] = {}  # what the learner answered: {"picked": "B"} / {"typed": ...}
        self._shown_at = 0.0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="remaining")
        with ContentSwitcher(initial="card-view", id="review"):
            yield CardView(id="card-view")
            with Middle(id="done-view"):
                with Center():
                    yield Static(id="done-message")
                with Center():
                    yield Button(id="back-home", variant="primary")
        yield AnswerBox(id="answer-box")
        yield RatingBar(id="answer-bar")
        yield Static(id="status")
        yield Footer()

    async def on_mount(self) -> None:
        self.sub_title = self._scope_title()
        await self.show_card(self.mode.next_card())

    @property
    def mode(self) -> StudyMode:
        """Where the cards come from and where ratings go (today's schedule, review ahead, cram)."""
        if self._mode is None:
            self._mode = Scheduled(self.study.session, self.deck_id)
        return self._mode

    def _scope_title(self) -> str:
        if self._title is not None:
            return self._title
        if self.deck_id is None:
            return label("all_decks", self.language)
        deck = next(deck for deck in self.study.decks.decks if deck.id == self.deck_id)
        return inline_text(deck.title, self.language)

    async def show_card(self, card: Card | None) -> None:
        """Show `card`'s front (start timing the answer), or the done view when `card` is None."""
        self.card, self.revealed, self.intervals = card, False, {}
        self.verdict, self._answer = None, {}
        self.order = self.study.session.choice_order(card) if card and card.choices else ()
        switcher = self.query_one(ContentSwitcher)
        bar = self.query_one(RatingBar)
        answer_box = self.query_one(AnswerBox)
        self._show_remaining()
        answer_box.hide()
        if card is None:
            switcher.current = "done-view"
            bar.display = False
            self._show_done()
        else:
            switcher.current = "card-view"
            bar.display = True
            bar.show_reveal_button(self.language, self.dlprep.key_display("review.reveal"))
            await self.query_one(CardView).show_front(
                card.front_markdown(self.language, self.order)
            )
            if card.type == "choice":
                answer_box.show_choices(len(card.choices))
            elif card.type == "shape":
                answer_box.show_input(self.language)
            self._shown_at = time.monotonic()
        self.refresh_bindings()

    def _show_remaining(self) -> None:
        due, new = self.mode.remaining()
        text = f"{label('due', self.language)} {due} · {label('new', self.language)} {new}"
        if self.card is not None and self.study.session.is_leech(self.card):
            text += f" · ⚠ {label('leech', self.language)}"
        self.query_one("#remaining", Static).update(text)

    def _show_done(self) -> None:
        progress, language = self.study.session.progress(), self.language
        lines = [
            label("done_title", language),
            "",
            f"{label('reviewed_today', language)}: {progress.reviewed}",
            f"{label('due_left', language)}: {progress.due}",
            f"{label('new_left', language)}: {progress.new}",
            f"{label('streak', language)}: {progress.streak_days}",
            "",
            message("done_hint", language, key=self.dlprep.key_display("review.home")),
        ]
        self.query_one("#done-message", Static).update("\n".join(lines))
        self.query_one("#back-home", Button).label = label("back_home", language)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reveal only before the answer shows, rate only after; bury and suspend need a card.

        While the shape field has focus every printable key is typed into it (Textual's Input
        takes them before any screen binding), so actions bound only to printable keys are off
        the footer then. Textual hides most of them itself, but not the ones it cannot name as a
        character ("minus", "at"), which would claim "- Bury" and "s Suspend" while `-` and `s`
        are typed. Tab, Escape and Enter still work.
        """
        binding_id = _TYPED_OVER.get(action)
        if binding_id is not None and self._typing() and typed_over(binding_id, self.dlprep.keymap):
            return False
        if action == "reveal":  # after an answer, the same key accepts the suggested rating
            return self.card is not None and (not self.revealed or self.verdict is not None)
        if action == "skip_typing":
            return self.card is not None and not self.revealed
        if action == "pick":
            card = self.card
            position = parameters[0] if parameters else -1
            return (
                card is not None
                and card.type == "choice"
                and not self.revealed
                and isinstance(position, int)
                and position < len(card.choices)
            )
        if action == "rate":
            return self.revealed
        if action in _CARD_ACTIONS:  # a cram leaves the schedule alone, bury and suspend too
            return self.card is not None and self.mode.writes_schedule
        return True

    def _typing(self) -> bool:
        """Whether the shape answer field is shown and focused."""
        focused = self.focused
        return isinstance(focused, Input) and focused.id == "shape-answer" and focused.display

    async def action_reveal(self) -> None:
        """Show the back and the four ratings with their next intervals (after an answer: accept its rating)."""
        if self.card is not None and self.revealed and self.verdict is not None:
            await self.action_rate(self.verdict.suggested_rating.value)
            return
        await self.action_skip_typing()

    async def action_skip_typing(self) -> None:
        """Show the back and the four ratings with their next intervals, without an answer."""
        if self.card is None or self.revealed:
            return
        self.revealed = True
        self.intervals = self.mode.preview(self.card)
        self.query_one(AnswerBox).hide()
        self.set_focus(None)  # the shape field gave up its keys: 1-4 and Enter rate now
        keep_front = self.card.type != "cloze"
        back = self.card.back_markdown(self.language, self.order)
        if self.verdict is not None:
            accept = self.dlprep.key_display("review.reveal")
            line = verdict_line(self.verdict, self.language, accept, **self._answer)
            back = f"{line}\n\n{back}"
        await self.query_one(CardView).reveal(back, keep_front=keep_front)
        keys = {
            rating: self.dlprep.key_display(binding)
            for rating, binding in RATING_BINDING_IDS.items()
        }
        suggested = self.verdict.suggested_rating if self.verdict is not None else None
        self.query_one(RatingBar).show_ratings(
            self.intervals, self.language, keys, suggested=suggested
        )
        self.refresh_bindings()

    async def action_pick(self, position: int) -> None:
        """Answer the choice card with the option shown at `position` (0 is "A"), then reveal."""
        card = self.card
        if card is None or not self.check_action("pick", (position,)):
            return
        self.verdict = check_choice(card, self.order, position)
        self._answer = {"picked": "ABCDEF"[position]}
        await self.action_skip_typing()

    @on(Input.Submitted, "#shape-answer")
    async def _shape_submitted(self, event: Input.Submitted) -> None:
        """Check the typed shape answer; an unreadable one is reported and the field stays."""
        card = self.card
        if card is None or card.type != "shape" or self.revealed:
            return
        try:
            self.verdict = check_shape(card, event.value)
        except UnreadableAnswer:
            self.notify(message("unreadable_answer", self.language), severity="warning")
            return
        self._answer = {"typed": event.value.strip()}
        await self.action_skip_typing()

    async def action_rate(self, value: int) -> None:
        """Rate the shown card (1 Again, 2 Hard, 3 Good, 4 Easy) and move on."""
        card = self.card
        if card is None or not self.revealed:
            return
        rating = Rating(value)
        try:
            self.mode.rate(card, rating, time.monotonic() - self._shown_at)
        except StoreError as error:
            self.notify(
                str(error), title=label("rating_not_saved", self.language), severity="error"
            )
            return
        name = label(RATING_LABEL_KEYS[rating], self.language)
        self._set_status(f"{name} · {card.id} → {format_interval(self.intervals[rating])}")
        await self.show_card(self.mode.next_card())

    async def action_undo(self) -> None:
        """Take back the last rating and show that card again."""
        try:
            card = self.mode.undo()
        except StoreError as error:
            self.notify(str(error), title=label("undo_failed", self.language), severity="error")
            return
        if card is None:
            self.notify(label("nothing_to_undo", self.language), severity="warning")
            return
        self._set_status(message("undone", self.language, card=card.id))
        await self.show_card(card)

    async def action_bury(self) -> None:
        """Hide the shown card until tomorrow."""
        await self._set_aside(self.study.session.bury, "buried")

    async def action_suspend(self) -> None:
        """Take the shown card out of reviews until it is unsuspended."""
        await self._set_aside(self.study.session.suspend, "suspended")

    async def _set_aside(self, set_aside: Callable[[Card], None], done_key: str) -> None:
        """Bury or suspend the shown card, report it on the status line (label `done_key`), move on."""
        card = self.card
        if card is None:
            return
        try:
            set_aside(card)
        except StoreError as error:
            self.notify(str(error), title=label("not_set_aside", self.language), severity="error")
            return
        self._set_status(message(done_key, self.language, card=card.id))
        await self.show_card(self.mode.next_card())

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)

    @on(Button.Pressed, "#show-answer")
    async def _reveal_pressed(self) -> None:
        await self.action_reveal()

    @on(Button.Pressed, ".pick")
    async def _pick_pressed(self, event: Button.Pressed) -> None:
        await self.action_pick(int(event.button.name or 0))

    @on(Button.Pressed, ".rating")
    async def _rating_pressed(self, event: Button.Pressed) -> None:
        await self.action_rate(int(event.button.name or 0))

    @on(Button.Pressed, "#back-home")
    def _back_pressed(self) -> None:
        self.app.pop_screen()

    async def on_language_changed(self, language: str) -> None:
        self.sub_title = self._scope_title()
        card, revealed, shown_at = self.card, self.revealed, self._shown_at
        verdict, answer = self.verdict, self._answer
        await self.show_card(card)
        self._shown_at = shown_at
        if card is not None and revealed:
            self.verdict, self._answer = verdict, answer
            await self.action_skip_typing()

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.check_action("skip_typing", ()):
            yield self._command("show-answer", self.action_skip_typing)
        if self.revealed:
            for rating, key in RATING_LABEL_KEYS.items():
                name = label(key, self.language)
                yield self._command("rate", self._rater(rating), rating=name, key=rating.value)
        yield self._command("undo", self.action_undo)
        if self.check_action("bury", ()):
            yield self._command("bury", self.action_bury)
            yield self._command("suspend", self.action_suspend)
        yield self._command("back-home", self.app.pop_screen)

    def _command(
        self, name: str, callback: Callable[[], object], **values: object
    ) -> SystemCommand:
        return palette_command(name, self.language, callback, **values)

    def _rater(self, rating: Rating) -> Callable[[], Awaitable[None]]:
        async def rate() -> None:
            await self.action_rate(rating.value)

        return rate
