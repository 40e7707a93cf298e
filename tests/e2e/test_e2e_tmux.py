"""End to end: the real `dlprep` in a real terminal (tmux), the real grader worker and sandbox.

With a throw-away DLPREP_HOME it reviews three cards, opens dropout_layer, types a correct
solution into the editor, submits (ctrl+g), sees every test pass, keeps the suggested rating,
quits, starts again (Home comes up on the same store), quits, and finds the three reviews, the
attempt and the exercise's next due date in `dlprep stats --json`. Skips, saying why, where
tmux is missing (`make test` installs it when it can).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from real_grader import grader_env

TMUX = shutil.which("tmux")
SIZE = ("200", "50")  # wide enough for the editor to show every typed line whole
SOLUTION = [  # typed line by line without the indent: the editor's auto-indent adds it
    # (one level after the `def` line's colon); the function ends the file, so no line
    # needs a dedent
    "import torch",
    "def dropout_layer(X, dropout):",
    "    assert 0 <= dropout <= 1",
    "    mask = (torch.rand(X.shape, device=X.device) > dropout).float()",
    "    kept = mask * X / (1.0 - dropout) if dropout < 1 else torch.zeros_like(X)",
    "    return X if dropout == 0 else kept",
]
CHUNK = 4  # characters per keystroke batch, about a fast typist's pace

pytestmark = pytest.mark.skipif(
    TMUX is None,
    reason="tmux is not installed (make test installs it as root: apt-get install -y tmux)",
)


def dlprep_command() -> list[str]:
    script = Path(sys.executable).parent / "dlprep"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dlprep"]


class Terminal:
    """One tmux server of our own (its own socket), running one dlprep at a time."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"dlprep-e2e-{uuid.uuid4().hex[:8]}"
        self.env = env

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            [str(TMUX), "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        return result.stdout

    def start(self) -> None:
        command = " ".join(dlprep_command())
        self.tmux("new-session", "-d", "-s", "e2e", "-x", SIZE[0], "-y", SIZE[1], command)
        # A detached session may still get tmux's default 80x24 (an existing server's
        # default-size): fix the size, or typed lines scroll sideways out of view.
        self.tmux("set-option", "-t", "e2e", "window-size", "manual")
        self.tmux("resize-window", "-t", "e2e", "-x", SIZE[0], "-y", SIZE[1])

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e")

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)
        time.sleep(0.3)

    def type(self, text: str) -> None:
        for start in range(0, len(text), CHUNK):
            self.tmux("send-keys", "-t", "e2e", "-l", text[start : start + CHUNK])
            time.sleep(0.02)

    def wait_for(self, text: str, timeout_s: float = 60.0, gone: bool = False) -> str:
        """Wait until `text` is on the screen (or, with `gone`, no longer is); the screen.

        A shared machine can take seconds to process keys (the worker boots torch meanwhile),
        so every step waits for what it should have shown before the next key."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            screen = self.screen()
            if (text in screen) != gone:
                return screen
            time.sleep(0.25)
        what = "never went away" if gone else "never appeared"
        raise AssertionError(f"{text!r} {what}; the screen was:\n{self.screen()}")

    def running(self) -> bool:
        return self.tmux("list-sessions").strip() != ""

    def wait_exit(self, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while self.running():
            if time.monotonic() > deadline:
                raise AssertionError(f"dlprep did not quit; the screen was:\n{self.screen()}")
            time.sleep(0.2)

    def kill(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def terminal(isolated_dlprep_home: Path) -> Iterator[Terminal]:
    env = grader_env()
    env.update(TERM="xterm-256color", LANG="C.UTF-8", DLPREP_HOME=str(isolated_dlprep_home))
    term = Terminal(env)
    yield term
    term.kill()


def test_review_then_pass_an_exercise_and_find_it_all_after_a_restart(
    terminal: Terminal, isolated_dlprep_home: Path
) -> None:
    terminal.start()
    terminal.wait_for("Deck")
    terminal.keys("r")
    for _ in range(3):
        terminal.wait_for("Show answer")
        terminal.keys("space")
        terminal.wait_for("Show answer", gone=True)  # the rating bar instead
        terminal.keys("3")
    terminal.wait_for("Show answer")
    terminal.keys("Escape")
    terminal.wait_for("Deck")
    terminal.keys("e")
    terminal.wait_for("Type to filter")
    terminal.type("dropout_layer")  # the id: other exercises mention dropout too
    terminal.wait_for("batch_norm", gone=True)
    terminal.wait_for("dropout_layer")
    terminal.keys("Enter")
    terminal.wait_for("raise NotImplementedError")
    terminal.keys("F7")  # the editor's select-all, then type over the starter
    terminal.keys("BSpace")
    terminal.wait_for("raise NotImplementedError", gone=True)
    for line in SOLUTION:
        terminal.type(line.lstrip())
        # The line's end: the editor scrolls sideways to the cursor where the window is
        # narrower than SIZE (an old tmux may keep its 80x24 default whatever we ask).
        terminal.wait_for(line.strip()[-24:])
        terminal.keys("Enter")
    terminal.keys("C-g")
    screen = terminal.wait_for("all tests passed", timeout_s=300)
    assert "Good (suggested)" in screen
    terminal.keys("Enter")  # keep the suggested rating
    terminal.wait_for("Rated Good")
    terminal.keys("Escape")
    terminal.keys("Escape")
    terminal.wait_for("Deck")
    terminal.keys("q")
    terminal.wait_exit()

    terminal.start()  # the same store, a new process
    terminal.wait_for("Deck")
    terminal.keys("q")
    terminal.wait_exit()

    stats = json.loads(
        subprocess.run(
            [*dlprep_command(), "stats", "--json"],
            capture_output=True,
            text=True,
            env=terminal.env,
            check=True,
            timeout=120,
        ).stdout
    )
    assert stats["reviews_today"] == 3
    assert stats["exercise_attempts_today"] == 1 and stats["exercises_passed"] == 1
    assert "dropout_layer" in stats["exercise_next_due"]
