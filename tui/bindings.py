"""Every dlprep key binding, with an id the learner's keymap can rebind (see docs/keymap.md).

Ids are "<scope>.<action>": `app.*` work on every screen, `home.*` on Home (with `home.review-deck`
on its deck list), `review.*` on Review. Descriptions come from `labels.py` under the same id,
so the footer and the key panel follow the language setting (`relabel`; in "both" they are in
Chinese only, as English and Chinese side by side would not fit on the footer line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widgets import DataTable

from dlprep.tui.labels import has_label, label


def _binding(
    binding_id: str,
    key: str,
    action: str,
    *,
    show: bool = True,
    key_display: str | None = None,
    priority: bool = False,
) -> Binding:
    """A binding described by its English label (relabelled when the language changes)."""
    return Binding(
        key,
        action,
        label(binding_id, "en"),
        show=show,
        key_display=key_display,
        priority=priority,
        id=binding_id,
    )


APP_BINDINGS: list[Binding] = [  # help before language: at 80 columns the footer keeps "?"
    _binding("app.help", "question_mark,f1", "toggle_help", key_display="?"),
    _binding("app.language", "l", "toggle_language"),
]
HOME_BINDINGS: list[Binding] = [
    _binding("home.review-all", "r", "review_all"),
    _binding("home.exercises", "e", "exercises"),
    _binding("home.due-exercises", "d", "due_exercises", show=False),  # in ? and the palette
    _binding("home.stats", "s", "open('stats')"),
    _binding("home.browse", "b", "open('browse')"),
    _binding("home.settings", "comma", "open('settings')", key_display=","),
    _binding(
        "home.custom-study", "c", "open('custom')", show=False
    ),  # footer is full: in ? and the palette
    _binding("home.quit", "q", "app.quit"),
]
DECK_TABLE_BINDINGS: list[Binding] = [
    # Not on the footer (80 columns hold r e s b , q ? l and the palette): Home's deck heading
    # says it, and ? lists it.
    _binding("home.review-deck", "enter", "select_cursor", key_display="⏎", show=False),
]
REVIEW_BINDINGS: list[Binding] = [
    _binding("review.reveal", "space", "reveal"),
    _binding("review.skip-typing", "tab", "skip_typing", show=False),
    *(
        _binding(f"review.pick-{letter}", letter, f"pick({position})", show=False)
        for position, letter in enumerate("abcdef")
    ),
    _binding("review.rate-again", "1", "rate(1)", show=False),
    _binding("review.rate-hard", "2", "rate(2)", show=False),
    _binding("review.rate-good", "3", "rate(3)", show=False),
    _binding("review.rate-easy", "4", "rate(4)", show=False),
    _binding("review.undo", "u", "undo"),
    _binding("review.bury", "minus", "bury", key_display="-"),
    _binding("review.suspend", "s,at", "suspend", key_display="s"),
    _binding("review.home", "escape", "app.pop_screen"),
]

EXERCISES_BINDINGS: list[Binding] = [
    _binding("exercises.back", "escape", "app.pop_screen"),
    _binding("exercises.open", "enter", "open_selected", key_display="⏎", priority=True),
]
EXERCISE_BINDINGS: list[Binding] = [
    _binding("exercise.run", "ctrl+r", "run_example", priority=True),
    _binding("exercise.submit", "ctrl+g", "submit", priority=True),
    _binding("exercise.editor", "ctrl+o", "external_editor", priority=True),
    _binding("exercise.reset", "ctrl+t", "reset", priority=True),
    _binding("exercise.language", "ctrl+l", "app.toggle_language", show=False, priority=True),
    _binding("exercise.prompt", "f3", "tab('prompt')", show=False),
    _binding("exercise.results", "f4", "tab('results')", show=False),
    _binding("exercise.history", "f5", "tab('history')", show=False),
    _binding("exercise.compare", "f8", "compare", show=False),
    _binding("exercise.back", "escape", "back", priority=True),
]
RATING_BINDINGS: list[Binding] = [
    _binding("exercise.keep-rating", "enter", "keep_rating", key_display="⏎"),
    _binding("exercise.rate-again", "1", "rate(1)", show=False),
    _binding("exercise.rate-hard", "2", "rate(2)", show=False),
    _binding("exercise.rate-good", "3", "rate(3)", show=False),
    _binding("exercise.rate-easy", "4", "rate(4)", show=False),
]
BROWSE_BINDINGS: list[Binding] = [
    _binding("browse.suspend", "s", "toggle_suspend"),
    _binding("browse.bury", "minus", "toggle_bury", key_display="-"),
    _binding("browse.forget", "n", "forget"),
    _binding("browse.clear-leech", "x", "clear_leech"),
    _binding("browse.search", "slash", "focus_search", key_display="/"),
    _binding("browse.home", "escape", "app.pop_screen"),
]
CUSTOM_STUDY_BINDINGS: list[Binding] = [
    _binding("custom.home", "escape", "app.pop_screen"),
]
STATS_BINDINGS: list[Binding] = [
    _binding("stats.home", "escape", "app.pop_screen"),
]
SETTINGS_BINDINGS: list[Binding] = [
    _binding("settings.home", "escape", "app.pop_screen"),
]

DEFAULT_BINDINGS: dict[str, Binding] = {
    binding.id: binding
    for binding in (
        *APP_BINDINGS,
        *HOME_BINDINGS,
        *DECK_TABLE_BINDINGS,
        *REVIEW_BINDINGS,
        *EXERCISES_BINDINGS,
        *EXERCISE_BINDINGS,
        *RATING_BINDINGS,
        *SETTINGS_BINDINGS,
        *BROWSE_BINDINGS,
        *STATS_BINDINGS,
        *CUSTOM_STUDY_BINDINGS,
    )
    if binding.id is not None
}
"""Every rebindable binding by id."""


def _taken(
    owner: str, bindings: Iterable[BindingType], *, but: Iterable[BindingType] = ()
) -> dict[str, str]:
    """Key → "owner action" for `bindings` (normalised as Textual binds them: "?" → "question_mark")."""
    overridden = BindingsMap(but).key_to_bindings
    return {
        key: f"{owner} ({keyed[0].action})"
        for key, keyed in BindingsMap(bindings).key_to_bindings.items()
        if key not in overridden
    }


_TEXTUAL_KEYS = _taken(
    "Textual", [*App.BINDINGS, Binding(App.COMMAND_PALETTE_BINDING, "command_palette")]
)
_DECK_LIST_KEYS = _taken("deck list", DataTable.BINDINGS, but=DECK_TABLE_BINDINGS)
_CARD_SCROLL_KEYS = _taken("card scrolling", VerticalScroll.BINDINGS)
_BROWSE_LIST_KEYS = _taken("card list", DataTable.BINDINGS)

CHAINS: dict[str, tuple[list[Binding], dict[str, str]]] = {
    "home": (
        [*DECK_TABLE_BINDINGS, *HOME_BINDINGS, *APP_BINDINGS],
        _DECK_LIST_KEYS | _TEXTUAL_KEYS,
    ),
    "review": ([*REVIEW_BINDINGS, *APP_BINDINGS], _CARD_SCROLL_KEYS | _TEXTUAL_KEYS),
    "exercises": ([*EXERCISES_BINDINGS, *APP_BINDINGS], _TEXTUAL_KEYS),
    "exercise": ([*EXERCISE_BINDINGS, *APP_BINDINGS], _TEXTUAL_KEYS),
    "results": ([*RATING_BINDINGS, *EXERCISE_BINDINGS], _TEXTUAL_KEYS),
    "settings": ([*SETTINGS_BINDINGS, *APP_BINDINGS], _TEXTUAL_KEYS),
    "custom": ([*CUSTOM_STUDY_BINDINGS, *APP_BINDINGS], _TEXTUAL_KEYS),
    "stats": ([*STATS_BINDINGS, *APP_BINDINGS], _CARD_SCROLL_KEYS | _TEXTUAL_KEYS),
    "browse": ([*BROWSE_BINDINGS, *APP_BINDINGS], _BROWSE_LIST_KEYS | _TEXTUAL_KEYS),
}
"""The bindings reachable at once on each screen, and the keys Textual's own widgets already take
there (deck list, card scrolling, quit, command palette): one key must not do two things."""


_ACTION_LABELS = {"command_palette": "palette"}
"""Textual's own bindings (no id) whose footer description follows the language too."""


def _in_language(binding: Binding, language: str) -> Binding:
    label_key = (
        binding.id if binding.id and has_label(binding.id) else _ACTION_LABELS.get(binding.action)
    )
    if label_key is None:
        return binding
    footer_language = (
        "zh" if language == "both" else language
    )  # both languages would overflow the footer
    return replace(binding, description=label(label_key, footer_language))


def relabel(node: DOMNode, language: str) -> None:
    """Describe `node`'s bindings (footer, key panel) in `language`, and redraw the footer.

    Textual keeps each node's bindings in `_bindings` (a copy of the class's BINDINGS, which the
    app's keymap is applied to on every key press); rebuilding it only changes descriptions.
    Textual 8 has no public way to change a binding's description (App.bind only adds, and only
    on the app), so this private name is why pyproject bounds textual below 9, and
    tests/tui/test_textual_bound.py fails if the bound or this attribute stops holding.
    """
    bindings = node._bindings.key_to_bindings
    node._bindings = BindingsMap.from_keys(
        {
            key: [_in_language(binding, language) for binding in keyed]
            for key, keyed in bindings.items()
        }
    )
    node.refresh_bindings()
