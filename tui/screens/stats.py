"""Stats: reviews per day as a calendar heatmap, true retention, the due forecast, time per day,
the streak and the hardest cards, drawn from `concepts.stats.study_stats`."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Static

from dlprep.concepts.stats import FORECAST_DAYS, StudyStats, study_stats
from dlprep.tui.bindings import STATS_BINDINGS
from dlprep.tui.labels import inline_text, label, message
from dlprep.tui.screens.base import StudyScreen
from dlprep.tui.widgets.charts import bar_chart, heat_legend, heatmap, meter

CHART_HEIGHT = 5
TIME_DAYS = 30
WEEKDAYS = {"en": "Mo Tu We Th Fr Sa Su", "zh": "一 二 三 四 五 六 日"}
_SECTIONS = ("heatmap", "retention", "forecast", "time", "hardest")


class StatsScreen(StudyScreen):
    """The learner's study record; redrawn when it opens and when the language changes."""

    BINDINGS: ClassVar[list[BindingType]] = [*STATS_BINDINGS]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats"):
            yield Static(id="stats-summary", classes="stats-summary")
            for section in _SECTIONS:
                yield Static(id=f"stats-{section}-title", classes="heading")
                yield Static(id=f"stats-{section}", classes="stats-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.draw()

    async def on_language_changed(self, language: str) -> None:
        self.draw()

    def draw(self) -> None:
        stats, language = study_stats(self.study.session), self.language
        self.sub_title = label("stats", language)
        for section in _SECTIONS:
            self.query_one(f"#stats-{section}-title", Static).update(
                label(f"stats.{section}", language)
            )
        self.query_one("#stats-summary", Static).update(self._summary(stats, language))
        self.query_one("#stats-heatmap", Static).update(self._heatmap(stats, language))
        self.query_one("#stats-retention", Static).update(self._retention(stats, language))
        self.query_one("#stats-forecast", Static).update(self._forecast(stats, language))
        self.query_one("#stats-time", Static).update(self._time(stats, language))
        self.query_one("#stats-hardest", Static).update(self._hardest(stats, language))

    def _summary(self, stats: StudyStats, language: str) -> str:
        total = sum(stats.reviews_per_day.values())
        days = len(stats.reviews_per_day)
        return message("stats.summary", language, streak=stats.streak_days, total=total, days=days)

    def _weeks(self) -> int:
        """As many weeks of the last year as fit the screen width (the weekday names take 3)."""
        return max(4, min(53, self.size.width - 8))

    def _heatmap(self, stats: StudyStats, language: str) -> Content:
        names = WEEKDAYS["zh" if language == "zh" else "en"].split()
        calendar = heatmap(stats.reviews_per_day, stats.today, self._weeks(), names)
        legend = heat_legend(label("stats.less", language), label("stats.more", language))
        return Content.assemble(calendar, "\n", legend)

    def _retention(self, stats: StudyStats, language: str) -> Content:
        retention = stats.retention
        titles = {deck.id: inline_text(deck.title, language) for deck in self.study.session.decks}
        rows = [(label("stats.all-cards", language), retention.overall)]
        rows += [(titles.get(deck, deck), share) for deck, share in retention.per_deck.items()]
        rows.append((label("stats.exercises", language), retention.exercises))
        width = max(len(name) for name, _ in rows)
        parts: list[str | Content] = []
        for name, share in rows:
            parts += [f"{name[:28]:<{min(width, 28)}} ", meter(share, 20), "\n"]
        return Content.assemble(*parts[:-1])

    def _forecast(self, stats: StudyStats, language: str) -> Content:
        chart = bar_chart(stats.forecast, CHART_HEIGHT)
        axis = message(
            "stats.forecast-axis", language, days=FORECAST_DAYS, peak=max(stats.forecast, default=0)
        )
        return Content.assemble(chart, "\n", ("┴" * FORECAST_DAYS, "dim"), "\n", axis)

    def _time(self, stats: StudyStats, language: str) -> Content:
        days = [stats.today - timedelta(days=offset) for offset in range(TIME_DAYS - 1, -1, -1)]
        minutes = [stats.seconds_per_day.get(day, 0.0) / 60 for day in days]
        chart = bar_chart(minutes, CHART_HEIGHT, "$primary")
        axis = message("stats.time-axis", language, days=TIME_DAYS, peak=f"{max(minutes):.1f}")
        return Content.assemble(chart, "\n", ("┴" * TIME_DAYS, "dim"), "\n", axis)

    def _hardest(self, stats: StudyStats, language: str) -> Content:
        if not stats.hardest:
            return Content(label("stats.no-lapses", language))
        peak = stats.hardest[0][1]
        parts: list[str | Content | tuple[str, str]] = []
        for card_id, lapses in stats.hardest:
            parts += [
                f"{card_id[:34]:<34} ",
                ("█" * max(1, round(lapses / peak * 20)), "$error"),
                f" {lapses}\n",
            ]
        return Content.assemble(*parts)
