"""The card on the Review screen: the front as Markdown, and after reveal the back below a rule."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Rule


class CardView(VerticalScroll):
    """Scrollable card text. Fenced code blocks are highlighted by Textual's Markdown widget."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="front")
        yield Rule(id="divider")
        yield Markdown(id="back")

    async def show_front(self, front_markdown: str) -> None:
        """Show a new card's front with its back hidden, scrolled to the top."""
        front = self.query_one("#front", Markdown)
        await front.update(front_markdown)
        front.display = True
        self.query_one("#divider", Rule).display = False
        back = self.query_one("#back", Markdown)
        back.display = False
        await back.update("")
        self.scroll_home(animate=False)

    async def reveal(self, back_markdown: str, *, keep_front: bool) -> None:
        """Show the back, below the front when `keep_front`, else instead of it (cloze backs repeat it)."""
        back = self.query_one("#back", Markdown)
        await back.update(back_markdown)
        back.display = True
        self.query_one("#front", Markdown).display = keep_front
        self.query_one("#divider", Rule).display = keep_front
        # a long front (a choice list, code) may push the answer below the fold: bring it up
        self.call_after_refresh(self.scroll_to_widget, back, animate=False, top=False)
