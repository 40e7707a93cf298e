"""The one sanitiser for everything that comes from a submission: text, numbers, file names, CSV cells.

Used where submission data enters the trusted parent (every string of a child's reply as it is
decoded, file names as batch entries are discovered) and, idempotently, where text leaves
(reports, the terminal, CSV):

* `clean_text`: lone surrogates become U+FFFD; control characters (C0 and C1 except newline and
  tab, DEL, and the bidi overrides that reorder what a terminal shows) are shown escaped
  (`\\x1b`), so `ESC[2J`, OSC titles and forged lines made with `\\r` print as harmless text;
  long text is cut.
* `clean_int`: an integer clamped into a range (a SyntaxError offset of 2**62 stays a number).
* `clean_name`: a file name from disk as text (UTF-8, else GB18030 as zips made on Chinese
  Windows have, else with replacement characters), then `clean_text` with newline and tab
  escaped too, cut to `MAX_NAME_BYTES` of UTF-8 (a report file named after it, plus ".json",
  stays within the 255 bytes file systems allow, however many bytes each character takes).
* `csv_cell`: text a spreadsheet will not run: cells starting with = + - @ tab or CR get a
  leading apostrophe (OWASP's CSV-injection advice).
"""

from __future__ import annotations

import html
import os
import re

MAX_TEXT = 8000
MAX_NAME_BYTES = 200
TRUNCATED = " […]"
_UNSAFE_CODES = [
    *range(0x00, 0x09),
    *range(0x0B, 0x20),
    *range(0x7F, 0xA0),
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
]
# str.translate with a table: one C pass (a regex with a callback per match took 9 s on 4 MiB
# of control characters, review r9).
_SURROGATES = re.compile("[\ud800-\udfff]")
_ESCAPES = {code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" for code in _UNSAFE_CODES}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(text: str, limit: int | None = MAX_TEXT) -> str:
    """`text` safe for a terminal, JSON and CSV; at most about `limit` characters (None: all)."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + TRUNCATED
    if text.isascii():
        return text.translate(_ESCAPES)
    return _SURROGATES.sub("\ufffd", text).translate(_ESCAPES)


def clean_int(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def clean_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file name (str from os.listdir, undecodable bytes as surrogate escapes) as safe text.

    One line (newline and tab escaped) of at most `limit` bytes in UTF-8.
    """
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", "replace")
    text = clean_text(text, limit=None).replace("\n", "\\x0a").replace("\t", "\\x09")
    return _cut_to_bytes(text, limit)


def _cut_to_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    room = limit - len(TRUNCATED.encode("utf-8"))
    return encoded[:room].decode("utf-8", "ignore") + TRUNCATED


def csv_cell(value: object) -> object:
    if isinstance(value, str):
        value = clean_text(value, limit=None)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def markdown_cell(value: object) -> str:
    """A value as one Markdown table cell: sanitised, HTML escaped (renderers pass HTML through,
    so `<img onerror=...>.py` must stay text), pipes escaped (a `|` would add cells), one line."""
    text = html.escape(clean_text(str(value), limit=None), quote=False)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\t", " ")
