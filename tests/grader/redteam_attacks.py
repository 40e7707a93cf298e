"""The red team's hostile submissions (data for test_grader_redteam.py).

Each attack is written to score if its trick worked: it returns the right answer only when it
managed to read, patch or reach what it should not. `modes` says where it runs: degraded mode
(no bubblewrap) runs only the attacks that its resource limits and fresh forks defend.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED


@dataclass(frozen=True)
class Attack:
    name: str
    source: str  # string.Template: $reference, $hidden, $out, $marker
    modes: tuple[str, ...] = (BUBBLEWRAP, DEGRADED)


def attack(name: str, source: str, modes: tuple[str, ...] = (BUBBLEWRAP, DEGRADED)) -> Attack:
    return Attack(name, textwrap.dedent(source), modes)


ATTACKS = [
    attack(
        "exit_at_import",
        """
        import sys
        sys.exit(0)
        """,
    ),
    attack(
        "os_exit_at_import",
        """
        import os
        os._exit(0)
        """,
    ),
    attack(
        "exit_in_call",
        """
        def double(x):
            exit(0)
        """,
    ),
    attack(
        "os_exit_in_call",
        """
        import os
        def double(x):
            os._exit(0)
        """,
    ),
    attack(
        "system_exit_raised",
        """
        def double(x):
            raise SystemExit("done")
        """,
    ),
    attack(
        "keyboard_interrupt_raised",
        """
        def double(x):
            raise KeyboardInterrupt
        """,
    ),
    attack(
        "patch_torch",
        """
        import torch
        torch.allclose = lambda *a, **k: True
        torch.equal = lambda *a, **k: True
        torch.isclose = lambda a, b, **k: torch.ones_like(a, dtype=torch.bool)
        torch.Tensor.__eq__ = lambda *a: True
        def double(x):
            return x
        """,
    ),
    attack(
        "patch_pytest",
        """
        import pytest, _pytest.outcomes
        pytest.fail = _pytest.outcomes.fail = lambda *a, **k: None
        def double(x):
            return x
        """,
    ),
    attack(
        "patch_builtins",
        """
        import builtins
        builtins.AssertionError = type("Nope", (Exception,), {})
        builtins.isinstance = lambda *a: True
        builtins.type = lambda *a: object
        def double(x):
            return x
        """,
    ),
    attack(
        "always_equal_object",
        """
        class Equal:
            shape = (2, 3)
            def __eq__(self, other):
                return True
            def __ne__(self, other):
                return False
            __hash__ = object.__hash__
        def double(x):
            return Equal()
        """,
    ),
    attack(
        "tensor_subclass",
        """
        import torch
        class Agreeable(torch.Tensor):
            def __eq__(self, other):
                return torch.ones_like(other, dtype=torch.bool)
        def double(x):
            return torch.zeros_like(x).as_subclass(Agreeable)
        """,
    ),
    attack(
        "import_exercises_package",
        """
        try:
            import dlprep.exercises
            CHEAT = True
        except ImportError:
            CHEAT = False
        def double(x):
            return x * 2 if CHEAT else x
        """,
    ),
    attack(
        "read_reference_by_path",
        """
        namespace = {}
        try:
            exec(open("$reference").read(), namespace)
        except OSError:
            pass
        def double(x):
            return namespace["double"](x) if namespace else x
        """,
        (BUBBLEWRAP,),
    ),
    attack(
        "read_hidden_tests_by_path",
        """
        try:
            CHEAT = "def test_" in open("$hidden").read()
        except OSError:
            CHEAT = False
        def double(x):
            return x * 2 if CHEAT else x
        """,
        (BUBBLEWRAP,),
    ),
    attack(
        "read_proc_of_other_processes",
        """
        import os
        CHEAT = False
        for pid in os.listdir("/proc"):
            try:
                text = open(f"/proc/{pid}/cmdline", "rb").read() + open(f"/proc/{pid}/environ", "rb").read()
            except (OSError, ValueError):
                continue
            CHEAT = CHEAT or b"pytest" in text
        def double(x):
            return x * 2 if CHEAT else x
        """,
        (BUBBLEWRAP,),
    ),
    attack(
        "kill_the_parent",
        """
        import os, signal
        def double(x):
            try:
                os.kill(os.getppid(), signal.SIGKILL)
            except OSError:
                pass
            return x
        """,
    ),
    attack(
        "kill_own_process_group",
        """
        import os, signal
        def double(x):
            os.killpg(0, signal.SIGKILL)
        """,
    ),
    attack(
        "kill_every_process",
        """
        import os, signal
        def double(x):
            os.kill(-1, signal.SIGKILL)
            return x
        """,
    ),
    attack(
        "infinite_loop",
        """
        def double(x):
            while True:
                pass
        """,
    ),
    attack(
        "memory_bomb",
        """
        import torch
        def double(x):
            hoard = [torch.ones(10**8) for _ in range(100)]
            return x * 2 + len(hoard)
        """,
    ),
    attack(
        "fork_bomb",
        """
        import os
        def double(x):
            while True:
                os.fork()
        """,
    ),
    attack(
        "detached_fork_bomb",
        """
        import os, time
        def double(x):
            for _ in range(200):
                try:
                    if os.fork() == 0:
                        os.setsid()
                        time.sleep(600)
                except OSError:
                    break
            return x
        """,
    ),
    attack(
        "write_conftest_and_plugin",
        """
        FORGED = (
            "import pytest\\n"
            "@pytest.hookimpl(hookwrapper=True)\\n"
            "def pytest_runtest_makereport(item, call):\\n"
            "    outcome = yield\\n"
            "    outcome.get_result().outcome = 'passed'\\n"
        )
        for target in ("conftest.py", "$hidden_dir/conftest.py", "sitecustomize.py"):
            try:
                open(target, "w").write(FORGED)
            except OSError:
                pass
        def double(x):
            return x
        """,
    ),
]
