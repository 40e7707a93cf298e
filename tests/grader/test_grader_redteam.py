"""Red team: submissions that try to cheat or to harm the grader. Each must score zero and leave no trace.

Every attack is written to score if its trick worked (it returns the right answer only when it
managed to read, patch or reach what it should not). After each one: no process of the
submission is left, the test process and its group are alive, the attack's files do not exist
outside the sandbox, and the same grader still grades a correct submission.

Degraded mode (no bubblewrap) runs the attacks that resource limits, the fresh fork per
submission and the trusted parent defend. Only bubblewrap stops: reading the reference solution
or hidden tests by path, network access, looking at other processes in /proc, and files written
outside the submission's directory (e.g. /tmp) — degraded mode has the host's filesystem,
network and pid namespace. When the grader runs as root, degraded children also drop to
an unprivileged uid of their own, which is what keeps them out of root-owned directories there.
"""

from __future__ import annotations

import os
import select
import socket
import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from grader_toys import DOUBLE_REFERENCE, descendants
from redteam_attacks import ATTACKS, Attack

from dlprep.exercises.registry import Exercise
from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, DEGRADED, ISOLATED_UID_BASE, bubblewrap_works
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

SECRET_NAME, SECRET_VALUE = "DLPREP_REDTEAM_SECRET", "hunter2-redteam"


PARAMS = [
    pytest.param(attack, mode, id=f"{attack.name}-{mode}")
    for attack in ATTACKS
    for mode in attack.modes
]


@pytest.fixture
def double_exercise(toy_exercise: Callable[[str], Exercise]) -> Exercise:
    return toy_exercise("double")


@pytest.fixture
def attack_grader(request: pytest.FixtureRequest) -> Grader:
    """The session grader of the mode given by indirect parametrisation."""
    return request.getfixturevalue(
        "bwrap_grader" if request.param == BUBBLEWRAP else "degraded_grader"
    )


@pytest.fixture
def no_trace() -> Iterator[None]:
    """After the test: no process of a submission left, nothing new under the test process.

    Request it after the grader fixture, so the grader's own processes count as "before".
    """
    before = descendants(os.getpid())
    yield
    after = descendants(os.getpid())
    os.killpg(os.getpgrp(), 0)  # the process group is alive
    if os.geteuid() == 0:
        assert [pid for pid, uid in after.items() if uid >= ISOLATED_UID_BASE] == []
    assert len(after) <= len(before), (
        f"new processes left behind: {sorted(set(after) - set(before))}"
    )


def _grade(grader: Grader, exercise: Exercise, source: str) -> Report:
    return grader.grade(exercise, Submission.from_text(source, "attack.py"))


def _render(attack: Attack, exercise: Exercise, out: Path) -> str:
    hidden = next(exercise.hidden_dir.glob("test_*.py"))
    return string.Template(attack.source).substitute(
        reference=exercise.reference_path, hidden=hidden, hidden_dir=exercise.hidden_dir, out=out
    )


def _assert_scores_nothing(report: Report) -> None:
    assert report.score == 0, {test.name: test.status for test in report.tests}
    assert not any(test.status == "passed" for test in report.tests)


def _assert_still_grades(grader: Grader, exercise: Exercise) -> None:
    assert _grade(grader, exercise, DOUBLE_REFERENCE).passed


@pytest.mark.parametrize(("attack", "attack_grader"), PARAMS, indirect=["attack_grader"])
def test_attack_scores_nothing(
    attack: Attack, attack_grader: Grader, double_exercise: Exercise, tmp_path: Path, no_trace: None
) -> None:
    grader = attack_grader
    report = _grade(grader, double_exercise, _render(attack, double_exercise, tmp_path))
    _assert_scores_nothing(report)
    assert not (double_exercise.hidden_dir / "conftest.py").exists()
    _assert_still_grades(grader, double_exercise)


def test_fake_result_files_are_ignored_and_never_reach_the_host(
    grader: Grader, double_exercise: Exercise, tmp_path: Path, no_trace: None
) -> None:
    marker = f"/tmp/dlprep-redteam-{os.getpid()}-{grader.mode}.json"
    targets = [
        "results.json",
        marker,
        str(tmp_path / "results.json"),
        str(tmp_path / "report.json"),
    ]
    fake = '{"score": 100, "max_score": 2, "passed": true, "tests": []}'
    source = (
        f"for target in {targets!r}:\n    try:\n        open(target, 'w').write({fake!r})\n"
        "    except OSError:\n        pass\n\ndef double(x):\n    return x\n"
    )
    report = _grade(grader, double_exercise, source)
    _assert_scores_nothing(report)
    assert list(tmp_path.iterdir()) == []
    if grader.mode == BUBBLEWRAP:
        assert not Path(marker).exists()
    Path(marker).unlink(missing_ok=True)  # degraded mode shares the host's /tmp (documented)


def test_network_is_unreachable_in_bubblewrap(
    bwrap_grader: Grader, double_exercise: Exercise, no_trace: None
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        source = (
            f"import socket\nCHEAT = False\nfor address in [('1.1.1.1', 53), ('127.0.0.1', {port})]:\n"
            "    try:\n        socket.create_connection(address, timeout=1).sendall(b'leak')\n"
            "        CHEAT = True\n    except OSError:\n        pass\n\n"
            "def double(x):\n    return x * 2 if CHEAT else x\n"
        )
        report = _grade(bwrap_grader, double_exercise, source)
        _assert_scores_nothing(report)
        readable, _, _ = select.select([listener], [], [], 0)
        assert readable == [], "the sandbox reached a listener on the host's loopback"


def test_held_out_images_are_not_in_the_sandbox(
    bwrap_grader: Grader, double_exercise: Exercise, no_trace: None
) -> None:
    """The parent scores training exercises on held-out images; a submission must not train on them."""
    source = (
        "import os\nCHEAT = False\nfor top, dirs, files in os.walk('/sandbox'):\n"
        "    CHEAT = CHEAT or any('heldout' in name for name in files)\n\n"
        "def double(x):\n    return x * 2 if CHEAT else x\n"
    )
    report = _grade(bwrap_grader, double_exercise, source)
    _assert_scores_nothing(report)


@pytest.fixture(scope="module")
def secret_graders() -> Iterator[dict[str, Grader]]:
    """Graders started while the parent's environment holds a secret."""
    os.environ[SECRET_NAME] = SECRET_VALUE
    modes = [DEGRADED] + ([BUBBLEWRAP] if bubblewrap_works() else [])
    graders = {mode: Grader(mode=mode) for mode in modes}
    for grader in graders.values():
        grader.wait_ready()
    try:
        yield graders
    finally:
        del os.environ[SECRET_NAME]
        for grader in graders.values():
            grader.close()


@pytest.mark.parametrize("mode", [BUBBLEWRAP, DEGRADED])
def test_the_graders_environment_is_invisible(
    mode: str, secret_graders: dict[str, Grader], double_exercise: Exercise, no_trace: None
) -> None:
    if mode not in secret_graders:
        pytest.skip("bubblewrap cannot create namespaces on this machine")
    source = (
        f"import os\nCHEAT = {SECRET_NAME!r} in os.environ or any({SECRET_VALUE!r} in value "
        "for value in os.environ.values())\n\ndef double(x):\n    return x * 2 if CHEAT else x\n"
    )
    _assert_scores_nothing(_grade(secret_graders[mode], double_exercise, source))
