"""The class summary: histogram, item analysis, verdict kinds, slowest, concepts to revisit."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from dlprep.grader.class_summary import ClassSummary, verdict_kind


def _test(name: str, status: str, output: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "status": status,
        "score": 1 if status == "passed" else 0,
        "max_score": 1,
        "output": output,
        **extra,
    }


def _report(tests: list[dict[str, Any]], seconds: float) -> dict[str, Any]:
    return {
        "exercise": "dropout_layer",
        "score": sum(t["score"] for t in tests),
        "max_score": len(tests),
        "tests": tests,
        "duration_s": seconds,
    }


MASK = {"en": "each call draws a new mask", "zh": "每次调用都生成新的掩码"}


def _class() -> ClassSummary:
    reports = {
        "ann": _report(
            [_test("t_mask", "passed", description=MASK), _test("t_scale", "passed")], 0.2
        ),
        "ben": _report(
            [
                _test(
                    "t_mask", "failed", "AssertionError", description=MASK, concepts=["card-mask"]
                ),
                _test("t_scale", "passed"),
            ],
            0.3,
        ),
        "cat": _report(
            [
                _test("t_mask", "error", "SyntaxError: invalid syntax", description=MASK),
                _test("t_scale", "error", "SyntaxError"),
            ],
            0.1,
        ),
        "dan": _report(
            [_test("t_mask", "timeout", "time limit"), _test("t_scale", "failed", "wrong scale")],
            9.5,
        ),
    }
    return ClassSummary(
        "dropout_layer", reports, {"eve": "not UTF-8"}, exercise_concepts=("card-scale",)
    )


def test_item_analysis_orders_tests_by_failure_share_with_descriptions() -> None:
    items = _class().to_dict()["items"]
    assert [(item["test"], item["failed"], item["graded"]) for item in items] == [
        ("t_mask", 3, 4),
        ("t_scale", 2, 4),
    ]
    assert items[0]["description_en"] == MASK["en"] and items[0]["description_zh"] == MASK["zh"]
    assert items[0]["failed_share"] == 0.75


def test_scores_histogram_mean_median() -> None:
    data = _class().to_dict()
    assert data["students"] == 5 and data["graded"] == 4 and data["max_score"] == 2
    assert data["mean"] == 0.75 and data["median"] == 0.5
    assert sum(data["histogram"]) == 4 and data["histogram"][-1] == 1 and data["histogram"][0] == 2


def test_verdict_kinds_count_students() -> None:
    verdicts = _class().to_dict()["verdicts"]
    assert verdicts == {
        "passed": 2,
        "wrong answer": 2,
        "syntax error": 1,
        "timeout": 1,
        "not graded": 1,
    }
    assert verdict_kind({"status": "error", "output": "x", "kind": "memory"}) == "memory"
    assert verdict_kind({"status": "error", "output": "ZeroDivisionError"}) == "exception"


def test_missed_concepts_use_the_test_marker_else_the_exercise_list() -> None:
    assert _class().missed_concepts() == {"card-scale": 2, "card-mask": 1}


def test_slowest_first() -> None:
    assert [row["name"] for row in _class().slowest()][:2] == ["dan", "ben"]


def test_markdown_and_table() -> None:
    text = _class().to_markdown(["## Most similar submissions\n"])
    assert "# Class summary: dropout_layer" in text and "每次调用都生成新的掩码" in text
    assert "| card-scale | 2 |" in text and text.rstrip().endswith("## Most similar submissions")
    console = Console(record=True, width=120)
    console.print(_class().table())
    assert "75%" in console.export_text()


def test_an_empty_class() -> None:
    data = ClassSummary("x", {}, {"a": "bad"}).to_dict()
    assert (
        data["mean"] is None
        and data["verdicts"] == {"not graded": 1}
        and data["histogram"] == [0] * 10
    )


def test_names_from_submissions_stay_text_in_markdown() -> None:
    """Red team: a student file named `<img src=x onerror=alert(1)>.py` reached summary.md raw
    (Markdown renderers pass HTML through), and a `|` in a name adds a cell."""
    hostile = "<img src=x onerror=alert(1)>|x\x1b[2J"
    reports = {hostile: _report([_test("t_mask", "failed", description=MASK)], 1.0)}
    text = ClassSummary("dropout_layer", reports, {}).to_markdown()
    row = next(line for line in text.splitlines() if "onerror" in line)
    assert "<img" not in text and "&lt;img src=x onerror=alert(1)&gt;\\|x" in row
    assert row.count(" | ") == 1 and "\x1b" not in text
