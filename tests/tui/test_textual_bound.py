"""The textual bound in pyproject.toml holds: the installed version is inside it, the bound stops
before the next major, and the one private name the TUI relies on (DOMNode._bindings, see
tui/bindings.py `relabel`) still behaves as relabel assumes."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from textual.app import App
from textual.binding import BindingsMap

from dlprep.tui.bindings import APP_BINDINGS, relabel
from dlprep.tui.labels import label

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def textual_requirement() -> Requirement:
    dependencies = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    (textual,) = [Requirement(item) for item in dependencies if Requirement(item).name == "textual"]
    return textual


def test_installed_textual_is_inside_the_bound() -> None:
    requirement = textual_requirement()
    assert requirement.specifier.contains(version("textual")), (
        f"textual {version('textual')} is outside {requirement}: check tui/bindings.py `relabel` "
        "against the new release, then move the bound"
    )


def test_the_bound_stops_before_the_next_major() -> None:
    specifier = textual_requirement().specifier
    uppers = [Version(spec.version) for spec in specifier if spec.operator == "<"]
    assert uppers, "textual needs an upper bound (the TUI uses a private name of it)"
    installed = Version(version("textual"))
    assert min(uppers) <= Version(f"{installed.major + 1}"), specifier


class _Bare(App[None]):
    BINDINGS = APP_BINDINGS


@pytest.mark.asyncio
async def test_relabel_changes_what_the_footer_reads() -> None:
    app = _Bare()
    async with app.run_test():
        assert isinstance(app._bindings, BindingsMap)  # the private name relabel rebuilds
        relabel(app, "zh")
        shown = {entry.binding.description for entry in app.screen.active_bindings.values()}
        assert label("app.language", "zh") in shown and label("app.help", "zh") in shown
