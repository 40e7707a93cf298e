"""The trusted harness: runs an exercise's hidden tests with pytest in this (trusted) process.

A plugin object provides the contract's fixtures (`student`, `exercise`, `profile`,
`reference_band`, `seed`, `device`) and the markers `points(n)`, `describe(en=, zh=)` and
`concepts(*card_ids)` (strict: an unknown marker is an error of the hidden test), and collects every test's outcome through
pytest's hooks (never from files). pytest runs with plugin autoloading off, no cache, no
terminal, no conftest above the hidden folder, native tracebacks and no bytecode written,
so one run costs about 10 ms once the test modules' imports are warm.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from _pytest._io import TerminalWriter

from dlprep.grader.bands import BandChoice, choose_band, read_bands
from dlprep.grader.caps import MAX_TEXT_CHARS
from dlprep.grader.errors import InputError, SubmissionError
from dlprep.grader.hidden_errors import value_failure
from dlprep.grader.proxy import StudentProxy
from dlprep.grader.report import VISIBILITIES, TestResult
from dlprep.grader.sanitize import clean_text
from dlprep.grader.session import SubmissionSession

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise

DISABLED_PLUGINS = (
    "cacheprovider",
    "terminal",
    "unraisableexception",
    "threadexception",
    "faulthandler",
    "doctest",
    "junitxml",
    "pastebin",
    "legacypath",
    "stepwise",
    "lfplugin",
    "logging",
    "debugging",
    "setuponly",
    "setupplan",
)


class HarnessPlugin:
    """pytest plugin for one submission: the contract's fixtures, and each test's result."""

    def __init__(
        self,
        exercise: Exercise,
        session: SubmissionSession,
        profile: str,
        seed_offset: int = 0,
        device: str = "cpu",
    ) -> None:
        self._exercise = exercise
        self._session = session
        self._profile = profile
        self.seed_offset = seed_offset
        self.grading_device = device  # the resolved grading device (grader/devices.py)
        self.band_choice: BandChoice | None = None  # the band the tests used, for the report
        self.results: list[TestResult] = []
        self._pending: dict[str, tuple[str, str]] = {}
        self._returned_before = 0  # the session's values_returned as the current test began

    @pytest.fixture
    def student(self) -> StudentProxy:
        return StudentProxy(self._session, self.seed_offset)

    @pytest.fixture
    def seed(self) -> int:
        """This grading's seed offset (0 normally; `exercises check` re-runs with 1..5)."""
        return self.seed_offset

    @pytest.fixture
    def exercise(self) -> Exercise:
        return self._exercise

    @pytest.fixture
    def profile(self) -> str:
        return self._profile

    @pytest.fixture
    def device(self) -> str:
        """The grading device, "cpu" or "cuda": what `Build("device")` is in the child."""
        return self.grading_device

    @pytest.fixture
    def reference_band(self) -> dict[str, object]:
        """The band of the grading device for this profile (else the cpu band; see bands.py)."""
        self.band_choice = reference_band(self._exercise, self._profile, self.grading_device)
        return self.band_choice.band

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", "points(n): the test is worth n points (default 1)")
        config.addinivalue_line(
            "markers", "describe(en, zh): what the test checks, one line in each language"
        )
        config.addinivalue_line("markers", "concepts(*card_ids): the cards the test probes")
        config.addinivalue_line(
            "markers", "visibility(v): Gradescope visibility: " + ", ".join(VISIBILITIES)
        )
        config.option.tbstyle = "native"  # pytest's own long tracebacks cost ~100 ms each
        if config.pluginmanager.get_plugin("terminalreporter") is None:
            # assert a == b explanations ask for the terminal writer; without the terminal
            # plugin they raise a bare AssertionError and the test's message is lost.
            config.pluginmanager.register(_SilentTerminal(), "terminalreporter")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> bool | None:
        problem = self._session.load_problem
        if problem is None:
            return None
        self._record(item, problem.status, _with_output(problem.message, problem.learner_output))
        return True  # the submission did not load: do not run the test

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Iterator[None]:
        yield
        if call.when == "setup":
            self._returned_before = self._session.values_returned
        if call.excinfo is not None and item.nodeid not in self._pending:
            returned = self._session.values_returned > self._returned_before
            self._pending[item.nodeid] = _classify(
                call.excinfo, Path(self._exercise.hidden_dir), call.when if returned else "setup"
            )
        if call.when == "teardown":
            status, message = self._pending.pop(item.nodeid, ("passed", ""))
            if status != "skipped":
                self._record(item, status, _with_output(message, self._session.take_output()))

    def pytest_runtest_logfinish(self) -> None:
        """After each test: nothing of it stays referenced, and its replies' structure is freed."""
        forget_failure_state()
        self._session.replies.end_test()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.results.append(
                TestResult(
                    report.nodeid or "collection",
                    "error",
                    1.0,
                    "grader error: a hidden test file could not be collected "
                    "(a problem of the exercise, not of the submission)",
                )
            )

    def _record(self, item: pytest.Item, status: str, output: str) -> None:
        points, problem = _points(item)
        description, described = marker_description(item)
        visibility, bad_visibility = _visibility(item)
        if problem or described or bad_visibility:
            status, output = "error", problem or described or bad_visibility
        concepts = marker_concepts(item) or self._exercise.concepts
        self.results.append(
            TestResult(
                item.nodeid,
                status,
                points,
                clean_text(output, MAX_TEXT_CHARS),
                description,
                tuple(concepts),
                visibility,
            )
        )


class _SilentTerminal:
    """What pytest's assertion explanations need of the terminal reporter: a writer, no markup."""

    def __init__(self) -> None:
        self._tw = TerminalWriter(io.StringIO())
        self._tw.hasmarkup = False


def run_hidden_tests(hidden_dir: Path, plugin: HarnessPlugin) -> list[TestResult]:
    """Run pytest on `hidden_dir` with `plugin`; the per-test results in collection order."""
    args = [
        str(hidden_dir),
        "--rootdir",
        str(hidden_dir),
        "-c",
        os.devnull,
        "--confcutdir",
        str(hidden_dir),
        "--strict-markers",
        *[flag for name in DISABLED_PLUGINS for flag in ("-p", f"no:{name}")],
    ]
    with _isolated_pytest(hidden_dir):
        try:
            exit_code = pytest.main(args, plugins=[plugin])
        finally:
            forget_failure_state()
    if exit_code == pytest.ExitCode.NO_TESTS_COLLECTED:
        raise InputError(f"{hidden_dir}: no hidden tests were collected")
    if exit_code in (pytest.ExitCode.USAGE_ERROR, pytest.ExitCode.INTERNAL_ERROR):
        raise RuntimeError(
            f"pytest could not run the hidden tests in {hidden_dir} (exit code {int(exit_code)})"
        )
    return plugin.results


FAILURE_STATE = ("last_type", "last_value", "last_traceback", "last_exc")


def forget_failure_state() -> None:
    """Drop what pytest keeps of the last failed test for post-mortem debugging.

    `sys.last_traceback` holds the failed test's frames, and with them every value it had
    received from the submission, until the next test fails (or, after the last test, until
    the next grading): a submission's replies would outlive their test.
    """
    for name in FAILURE_STATE:
        if hasattr(sys, name):
            delattr(sys, name)


def reference_band(exercise: Exercise, profile: str, device: str = "cpu") -> BandChoice:
    """The band for `profile` and `device` in the exercise's reference_runs.json (bands.py)."""
    path = Path(exercise.reference_runs_path)
    try:
        return choose_band(read_bands(path), profile, device)
    except LookupError as error:
        raise RuntimeError(f"{path}: {error}") from None


class _TestModules:
    """The hidden test modules pytest imported, kept while the same exercise is graded again.

    Re-importing them costs more than a whole pytest run; they are dropped when another
    exercise's tests run, so its test_x.py is never mistaken for this one's.
    """

    def __init__(self) -> None:
        self.directory: Path | None = None
        self.names: set[str] = set()

    def switch_to(self, directory: Path) -> None:
        if directory != self.directory:
            for name in self.names:
                sys.modules.pop(name, None)
            self.directory, self.names = directory, set()

    def remember_new(self, before: set[str]) -> None:
        assert self.directory is not None
        prefix = f"{self.directory}{os.sep}"
        for name in set(sys.modules) - before:
            path = getattr(sys.modules[name], "__file__", None)
            if isinstance(path, str) and os.path.realpath(path).startswith(prefix):
                self.names.add(name)


_test_modules = _TestModules()


@contextlib.contextmanager
def _isolated_pytest(hidden_dir: Path) -> Iterator[None]:
    """No entry-point plugins or PYTEST_ADDOPTS, no bytecode written, sys.path restored."""
    saved_env = {
        name: os.environ.get(name) for name in ("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_ADDOPTS")
    }
    saved_path, saved_bytecode = list(sys.path), sys.dont_write_bytecode
    _test_modules.switch_to(Path(os.path.realpath(hidden_dir)))
    modules_before = set(sys.modules)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    os.environ.pop("PYTEST_ADDOPTS", None)
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        sys.path[:] = saved_path
        sys.dont_write_bytecode = saved_bytecode
        _test_modules.remember_new(modules_before)


def _classify(
    excinfo: pytest.ExceptionInfo[BaseException], hidden_dir: Path, when: str
) -> tuple[str, str]:
    error = excinfo.value
    if isinstance(error, SubmissionError):
        return error.status, _with_output(error.message, error.learner_output)
    if isinstance(error, pytest.skip.Exception):
        return "skipped", ""
    if isinstance(error, (AssertionError, pytest.fail.Exception)):
        return "failed", str(error).strip() or "assertion failed"
    failure = value_failure(error, hidden_dir, when)  # the test choked on a returned value
    if failure is not None:
        return "failed", failure
    # The parent's own exception texts (paths, host details) never reach a learner's report.
    return "error", f"grader error: the hidden test raised {type(error).__name__}"


def _points(item: pytest.Item) -> tuple[float, str]:
    """The test's worth, and a problem with its marker ("" if none)."""
    marker = item.get_closest_marker("points")
    if marker is None:
        return 1.0, ""
    value = marker.args[0] if marker.args else marker.kwargs.get("n", 1)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return (
            1.0,
            f"hidden test error: @pytest.mark.points needs a non-negative number, got {value!r}",
        )
    return float(value), ""


def marker_description(item: pytest.Item) -> tuple[dict[str, str] | None, str]:
    """The test's `describe` marker as {"en", "zh"}, and a problem with it ("" if none)."""
    marker = item.get_closest_marker("describe")
    if marker is None:
        return None, ""
    texts = {lang: marker.kwargs.get(lang) for lang in ("en", "zh")}
    if (
        marker.args
        or set(marker.kwargs) - {"en", "zh"}
        or not all(
            isinstance(text, str) and text.strip() and "\n" not in text for text in texts.values()
        )
    ):
        return None, (
            "hidden test error: @pytest.mark.describe needs en= and zh=, one non-empty line each"
        )
    return {lang: str(text) for lang, text in texts.items()}, ""


def marker_concepts(item: pytest.Item) -> tuple[str, ...]:
    """Card ids of every `concepts` marker on the test (module, class and function level)."""
    ids: list[str] = []
    for marker in item.iter_markers("concepts"):
        ids.extend(str(card) for card in marker.args if str(card) not in ids)
    return tuple(ids)


def _visibility(item: pytest.Item) -> tuple[str, str]:
    """The test's Gradescope visibility, and a problem with its marker ("" if none)."""
    marker = item.get_closest_marker("visibility")
    if marker is None:
        return "visible", ""
    value = marker.args[0] if marker.args else marker.kwargs.get("value")
    if value not in VISIBILITIES:
        return "visible", (
            f"hidden test error: @pytest.mark.visibility needs one of {', '.join(VISIBILITIES)}, "
            f"got {value!r}"
        )
    return str(value), ""


def _with_output(message: str, output: str) -> str:
    return f"{message}\n--- output ---\n{output.rstrip()}" if output.strip() else message
