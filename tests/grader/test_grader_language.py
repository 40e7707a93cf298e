"""Test descriptions and concepts in reports, and reports in Chinese (`dlprep grade --lang zh`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from grader_toys import write_exercise
from rich.console import Console

from dlprep.cli import main
from dlprep.exercises.registry import Exercise, get_exercise
from dlprep.grader.grading import Grader
from dlprep.grader.messages import translate_output
from dlprep.grader.render import print_report
from dlprep.grader.report import Report
from dlprep.grader.submission import Submission

DESCRIBED_HIDDEN = """
import pytest
import torch

pytestmark = pytest.mark.concepts("card-module")


@pytest.mark.describe(en="adds one to every element", zh="每个元素加一")
@pytest.mark.concepts("card-a", "card-b")
def test_adds_one(student):
    assert torch.equal(student.inc(torch.zeros(3)), torch.ones(3))


@pytest.mark.describe(en="works on a scalar", zh="标量也可以")
def test_scalar(student):
    assert student.inc(1.0) == 2.0


def test_without_description(student):
    assert student.inc(0.0) == 1.0


@pytest.mark.describe(en="only English")
def test_broken_description(student):
    assert student.inc(0.0) == 1.0


@pytest.mark.describe(en="loops", zh="死循环")
def test_loops(student):
    student.inc(-1.0)
"""
INC = "def inc(x):\n    while isinstance(x, float) and x < 0:\n        pass\n    return x + 1\n"


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> Exercise:
    pack = tmp_path_factory.mktemp("described")
    write_exercise(
        pack,
        "inc",
        "inc",
        "inc(x)",
        DESCRIBED_HIDDEN,
        INC,
        "{wall_seconds: 8, call_seconds: 1, memory_mib: 256}",
    )
    return get_exercise("inc", [pack])


@pytest.fixture(scope="module")
def report(degraded_grader: Grader, described: Exercise) -> Report:
    return degraded_grader.grade(described, Submission.from_text(INC, "inc.py"))


def by_name(report: Report) -> dict[str, dict[str, object]]:
    return {test.name.split("::")[-1]: test.to_dict() for test in report.tests}


def test_descriptions_and_concepts_reach_the_json_report(report: Report) -> None:
    tests = by_name(report)
    assert tests["test_adds_one"]["description"] == {
        "en": "adds one to every element",
        "zh": "每个元素加一",
    }
    assert tests["test_adds_one"]["concepts"] == ["card-a", "card-b", "card-module"]
    assert tests["test_scalar"]["concepts"] == ["card-module"]
    assert tests["test_without_description"]["description"] is None
    assert Report.from_dict(json.loads(json.dumps(report.to_dict()))).to_dict() == report.to_dict()


def test_a_malformed_description_is_an_error_of_the_hidden_test(report: Report) -> None:
    broken = by_name(report)["test_broken_description"]
    assert broken["status"] == "error"
    assert "@pytest.mark.describe needs en= and zh=" in str(broken["output"])


def test_an_unknown_marker_is_refused(degraded_grader: Grader, tmp_path: Path) -> None:
    hidden = (
        "import pytest\n\n@pytest.mark.descibe(en='x', zh='y')\ndef test_a(student):\n    pass\n"
    )
    write_exercise(
        tmp_path, "typo", "inc", "inc(x)", hidden, INC, "{wall_seconds: 8, call_seconds: 1}"
    )
    report = degraded_grader.grade(
        get_exercise("typo", [tmp_path]), Submission.from_text(INC, "a.py")
    )
    assert [test.status for test in report.tests] == ["error"]
    # The learner sees a fixed message (no host paths); `dlprep exercises check` names the marker.
    assert report.tests[0].status == "error"
    assert "could not be collected" in report.tests[0].output


def test_concepts_fall_back_to_the_exercise(tmp_path: Path, degraded_grader: Grader) -> None:
    folder = write_exercise(
        tmp_path,
        "fallback",
        "inc",
        "inc(x)",
        "def test_a(student):\n    assert student.inc(1) == 2\n",
        INC,
        "{wall_seconds: 8, call_seconds: 1}",
    )
    with (folder / "exercise.yaml").open("a", encoding="utf-8") as yaml_file:
        yaml_file.write("concepts: [card-x]\n")
    report = degraded_grader.grade(
        get_exercise("fallback", [tmp_path]), Submission.from_text(INC, "a.py")
    )
    assert report.tests[0].concepts == ("card-x",)


def test_the_chinese_report_translates_statuses_descriptions_and_grader_messages(
    report: Report,
) -> None:
    console = Console(record=True, width=200)
    print_report(report, console, "inc.py", "zh")
    text = console.export_text()
    assert "每个元素加一" in text and "通过" in text and "超时" in text
    # An endless loop ends on its CPU-time limit (or the wall clock behind it on a loaded machine).
    assert ("CPU 时间限制" in text or "秒内没有返回" in text) and "部分测试未通过" in text
    assert "adds one to every element" not in text


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            "calling scale: no answer within 2.0 s (limit 2 s per call)",
            "调用 scale：2.0 秒内没有返回（限制：每次调用 2 秒）",
        ),
        (
            "calling scale ran out of memory (limit 256 MiB): can't allocate memory",
            "调用 scale 内存不足（限制 256 MiB）：can't allocate memory",
        ),
        (
            "the submission does not define `scale` (it defines: scal)",
            "提交的代码没有定义 `scale`（它定义了：scal）",
        ),
        ("syntax error on line 3: expected ':'", "第 3 行有语法错误：expected ':'"),
        (
            "the submission used up its wall-clock limit of 8 s; remaining tests were not run",
            "提交的代码用完了 8 秒的总时间限制；其余测试没有运行",
        ),
        (
            "expected the result to have shape (4, 5), got (5, 4)",
            "the result 的形状应为 (4, 5)，实际为 (5, 4)",
        ),
    ],
)
def test_fixed_messages_have_chinese_translations(english: str, chinese: str) -> None:
    assert translate_output(english, "zh") == chinese


def test_the_learners_traceback_and_output_stay_as_they_are() -> None:
    text = (
        "calling f raised ValueError: no\nTraceback (most recent call last):\n"
        '  File "sub.py", line 2, in f\nValueError: no\n--- output ---\nno answer within 3 s'
    )
    translated = translate_output(text, "zh").split("\n")
    assert translated[0] == "调用 f 抛出了 ValueError：no"
    assert translated[1:4] == text.split("\n")[1:4]
    assert translated[-1] == "no answer within 3 s"


def test_grade_lang_zh_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DLPREP_SANDBOX", "degraded")
    submission = tmp_path / "dropout.py"
    submission.write_text("def dropout_layer(X, dropout):\n    return X\n", encoding="utf-8")
    status = main(["grade", "dropout_layer", str(submission), "--lang", "zh"])
    out = capsys.readouterr().out
    assert status == 1
    assert "每次调用都生成新的掩码" in out and "未通过" in out


def test_comparison_assertions_keep_their_explanation(
    degraded_grader: Grader, tmp_path: Path
) -> None:
    """pytest explains `assert a == b` with the terminal writer, which the harness runs without."""
    hidden = "def test_a(student):\n    assert student.inc(1) == 3, 'inc(1) is not 3'\n"
    write_exercise(
        tmp_path, "cmp", "inc", "inc(x)", hidden, INC, "{wall_seconds: 8, call_seconds: 1}"
    )
    report = degraded_grader.grade(
        get_exercise("cmp", [tmp_path]), Submission.from_text(INC, "a.py")
    )
    assert report.tests[0].status == "failed"
    assert report.tests[0].output.startswith("inc(1) is not 3\nassert 2 == 3")
