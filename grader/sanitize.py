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
* `learner_traceback` / `hide_host_paths`: a child's traceback with library frames trimmed,
  and any text with host paths (site-packages, the repo, the interpreter, the submission's
  work directory, the sandbox's mounts) as placeholders; applied to the text fields of every
  reply as it is received (`protocol.recv_reply`), and to the trusted side's own exception
  texts that a verdict quotes.
"""

from __future__ import annotations

import html
import os
import re
import sys
import sysconfig
from pathlib import Path

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


# --- host details (issue 9, class 7) -------------------------------------------------------
# A learner's report holds the learner's traceback and the grader's fixed messages, nothing of
# the host: library frames (torch, the standard library, dlprep_child, d2l) are trimmed from a
# child's traceback and every host path left in a child's text becomes a placeholder, once, as
# the reply enters the parent (`protocol.recv_reply`). Paths inside the bubblewrap sandbox
# (/sandbox/...) are hidden the same way: they tell the learner nothing either.
_GRADER_DIR = Path(__file__).resolve().parent
# A path from its slash to the token's end: one match each, linear, nothing to backtrack.
_PATH = re.compile(r"""/[^\s"'`()<>\[\]{},;]*""")
_WORKDIR = re.compile(r"submission-\d+-\d+/")  # how the zygote names each child's directory
_LIBRARY_DIRS = ("/site-packages", "/dist-packages")
_SANDBOX_MOUNTS = re.compile(r"/sandbox/(?:site/\d+|lib|data/\w+)")
_SANDBOX_LABELS = {"site": "<site-packages>", "lib": "<grader>", "data": "<data>"}
_FRAME = re.compile(r'^(\s*)File "([^"\n]*)", line \d+')
HIDDEN_FRAMES = "{indent}[{count} frame(s) of library code hidden]"
MAX_HOST_TEXT = 2 * MAX_TEXT  # what a report quotes of one reply's text, with room to spare


def _host_prefixes() -> list[tuple[str, str]]:
    """Host directories (longest first) and their placeholders: the repo, the interpreter, home."""
    found = {
        str(_GRADER_DIR.parent): "<dlprep>",
        str(Path(__file__).absolute().parent.parent.parent): "<dlprep>",
        sysconfig.get_paths()["stdlib"]: "<python>",
        sys.prefix: "<python>",
        sys.base_prefix: "<python>",
        sys.exec_prefix: "<python>",
        str(Path.home()): "<home>",
    }
    if Path(sys.prefix).name in (".venv", "venv", ".env", "env"):
        found.setdefault(str(Path(sys.prefix).parent), "<project>")  # the venv's project
    return sorted(
        ((path, label) for path, label in found.items() if len(path.strip("/")) > 3),
        key=lambda item: -len(item[0]),
    )


_PREFIXES = _host_prefixes()


def _hide_path(found: re.Match[str]) -> str:
    path = found[0]
    workdirs = [found.end() for found in _WORKDIR.finditer(path)]
    if workdirs:
        return path[workdirs[-1] :]  # the learner's own file, by its name
    cut = max(path.rfind(name) + len(name) if name in path else -1 for name in _LIBRARY_DIRS)
    if cut >= 0:
        return "<site-packages>" + path[cut:]
    mount = _SANDBOX_MOUNTS.match(path)
    if mount is not None:
        return _SANDBOX_LABELS[mount[0].split("/")[2]] + path[mount.end() :]
    for prefix, label in _PREFIXES:
        if path == prefix or path.startswith(prefix + "/"):
            return label + path[len(prefix) :]
    return path


def hide_host_paths(text: str) -> str:
    """`text` with the submission's work directory removed and every host path a placeholder.

    One match per path (from its first slash), so the cost is linear in the text.
    """
    return _PATH.sub(_hide_path, text) if "/" in text else text


def learner_traceback(text: str) -> str:
    """A child's traceback with only the learner's frames, and no host path anywhere.

    A learner's frame names a file by its bare name (the submission is compiled as "sub.py")
    or lies in the submission's work directory (a module it wrote and imported); any other
    frame (torch, the standard library, `<frozen importlib._bootstrap>`, the sandbox's own
    library) is library code: each run of them becomes one line saying how many were hidden.
    """
    kept: list[str] = []
    hidden, indent, dropping = 0, "", False
    for line in text.split("\n"):
        frame = _FRAME.match(line)
        if frame is not None:
            dropping = frame[2].startswith("<") or (
                frame[2].startswith("/") and _WORKDIR.search(frame[2]) is None
            )
            if dropping:
                hidden, indent = hidden + 1, frame[1]
                continue
        elif dropping and line.startswith(indent + " ") and line.strip():
            continue  # the hidden frame's source line and markers
        else:
            dropping = False
        if hidden:
            kept.append(HIDDEN_FRAMES.format(indent=indent, count=hidden))
            hidden = 0
        kept.append(line)
    if hidden:
        kept.append(HIDDEN_FRAMES.format(indent=indent, count=hidden))
    return hide_host_paths("\n".join(kept))
