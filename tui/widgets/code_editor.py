"""The exercise view's Python editor: Textual's code editor, plus the auto-indent it lacks.

Textual's `TextArea` (8.x) inserts a bare newline on enter. A learner typing a function would
then indent every line by hand, so `CodeEditor` does what Python editors do (IDLE, VS Code):

- enter starts the new line with the current line's indentation; one level more after a line
  whose code ends with `:` (a trailing comment or whitespace does not count), one level less
  after a line that ends its block (`return`, `pass`, `raise`, `break`, `continue`);
- backspace in a line's leading spaces removes back to the previous indentation stop.

The newline and its indentation are one edit, so one undo removes both. Pasted text is
inserted as it is (Textual's paste does not go through the key handler), never re-indented.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import TextArea

BLOCK_ENDER = re.compile(r"(return|pass|raise|break|continue)\b")


def code_part(line: str) -> str:
    """`line` without a trailing `#` comment (a `#` inside a string literal is kept)."""
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1  # the escaped character cannot close the string
            elif line.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char == "#":
            return line[:index]
        elif char in "'\"":
            quote = char * 3 if line.startswith(char * 3, index) else char
            index += len(quote) - 1
        index += 1
    return line


def leading_whitespace(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def next_indent(line: str, indent_width: int = 4) -> str:
    """The indentation for the line that follows `line` (the text before the cursor)."""
    indent = leading_whitespace(line)
    code = code_part(line).rstrip()
    if code.endswith(":"):
        return indent + " " * indent_width
    if BLOCK_ENDER.match(code.lstrip()) and indent:
        width = len(indent.expandtabs(indent_width))
        return " " * max(0, (width - 1) // indent_width * indent_width)
    return indent


class CodeEditor(TextArea):
    """A Python `TextArea.code_editor` that indents on enter and dedents on backspace."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual dispatches `_on_key` along the MRO: preventing the default here keeps
        # TextArea's own handler from inserting a second, bare newline.
        if event.key != "enter" or self.read_only:
            return
        event.stop()
        event.prevent_default()
        start, end = self.selection
        row, column = min(start, end)
        before_cursor = self.document[row][:column]
        indent = next_indent(before_cursor, self.indent_width)
        self._replace_via_keyboard("\n" + indent, start, end)

    def action_delete_left(self) -> None:
        """Backspace: in a line's leading spaces, back to the previous indentation stop."""
        row, column = self.cursor_location
        before_cursor = self.document[row][:column]
        if self.read_only or not self.selection.is_empty or column == 0 or before_cursor.strip(" "):
            super().action_delete_left()
            return
        stop = (column - 1) // self.indent_width * self.indent_width
        self._delete_via_keyboard((row, stop), (row, column))
