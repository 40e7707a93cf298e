"""Charts drawn with block characters (rich/Textual Content): a calendar heatmap and bar charts.

No plotting library is needed for these three shapes, and block characters draw the same in
every terminal and in SVG snapshots. The Stats screen feeds them figures from concepts/stats.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from textual.content import Content

HEAT_STYLES = ("#3a3a3a", "#0e4429", "#006d32", "#26a641", "#39d353")
"""Empty, then four levels of activity (GitHub's greens)."""
BAR_EIGHTHS = " ▁▂▃▄▅▆▇█"
HEAT_CELL = "■"


def heat_level(count: int, peak: int) -> int:
    """0 for no reviews, else 1-4 by the share of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // peak)


def heatmap(
    counts: Mapping[date, int], today: date, weeks: int, weekday_names: Sequence[str]
) -> Content:
    """A calendar of `weeks` columns (the last ends with `today`) and 7 rows, Monday first."""
    last_monday = today - timedelta(days=today.weekday())
    first = last_monday - timedelta(weeks=weeks - 1)
    peak = max((n for day, n in counts.items() if day >= first), default=0)
    rows: list[str | tuple[str, str]] = []
    for weekday in range(7):
        rows.append(f"{weekday_names[weekday]:<3}")
        for week in range(weeks):
            day = first + timedelta(weeks=week, days=weekday)
            if day > today:
                rows.append(" ")
                continue
            rows.append((HEAT_CELL, HEAT_STYLES[heat_level(counts.get(day, 0), peak)]))
        if weekday < 6:
            rows.append("\n")
    return Content.assemble(*rows)


def heat_legend(less: str, more: str) -> Content:
    return Content.assemble(f"{less} ", *((HEAT_CELL + " ", style) for style in HEAT_STYLES), more)


def bar_chart(values: Sequence[float], height: int, style: str = "$accent") -> Content:
    """Vertical bars, one column per value, `height` rows tall, scaled to the largest value."""
    peak = max(values, default=0) or 1
    eighths = [round(value / peak * height * 8) for value in values]
    lines: list[str | tuple[str, str]] = []
    for row in range(height, 0, -1):
        floor = (row - 1) * 8
        line = "".join(BAR_EIGHTHS[max(0, min(8, level - floor))] for level in eighths)
        lines.append((line, style))
        if row > 1:
            lines.append("\n")
    return Content.assemble(*lines)


def meter(share: float | None, width: int) -> Content:
    """A horizontal bar filled to `share` (0-1), then the percentage; "—" without data."""
    if share is None:
        return Content.assemble(("·" * width, "dim"), "   —")
    filled = round(share * width)
    return Content.assemble(
        ("█" * filled, "$success"), ("·" * (width - filled), "dim"), f" {share:4.0%}"
    )
