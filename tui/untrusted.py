"""Text that came from a submission (through the grader worker) made safe to show.

The grader sanitises what it reports; the TUI does it again where the text enters the
screen, because a terminal is where an escape sequence would act: control characters
(except newline and tab) and ANSI/OSC sequences are removed, lone surrogates replaced, and
the length bounded.
"""

from __future__ import annotations

import re

MAX_TEXT = 20_000
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|.)?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: object, limit: int = MAX_TEXT) -> str:
    """`value` as printable text: no escapes or control characters, at most `limit` characters."""
    text = value if isinstance(value, str) else "" if value is None else str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _CONTROLS.sub("", _ESCAPES.sub("", text[: limit * 2]))
    return text if len(text) <= limit else text[: limit - 1] + "…"
