"""The built-in pack is proven by `dlprep exercises check`'s own code, through the real grader.

For every exercise: the static checks hold (exercise.yaml, prompts, hidden tests parse, the
reference respects `forbid`, concepts resolve), the reference passes every hidden test and
again under 5 more seed offsets, every wrong/*.py fails at least one test, every hidden test
fails on at least one wrong version and has a describe marker. Training exercises train
LeNet (about 15 s per grading): their reference grading is in the default suite, the full
proof is marked slow.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from exercises_support import FIXTURES, write_exercise

from dlprep.concepts.decks import load_decks
from dlprep.exercises.findings import failed, static_findings, wrong_syntax_findings
from dlprep.exercises.registry import Exercise, builtin_dir, get_exercise, load_pack
from dlprep.grader.grading import Grader
from dlprep.grader.launcher import BUBBLEWRAP, bubblewrap_works
from dlprep.grader.proof import prove_exercise
from dlprep.grader.submission import Submission, read_submission

BUILTIN, _ = load_pack(builtin_dir())
CARD_IDS = {card.id for deck in load_decks().decks for card in deck.cards}


def ids(kinds: tuple[str, ...]) -> list[str]:
    return [exercise.id for exercise in BUILTIN if exercise.kind in kinds]


def prove(grader: Grader, exercise: Exercise) -> list[str]:
    findings = static_findings(exercise, CARD_IDS) + wrong_syntax_findings(exercise)
    findings += prove_exercise(grader, exercise, seeds=5)
    return [f"{f.check}: {f.where()}: {f.message}" for f in failed(findings)]


def test_the_builtin_pack_loads_without_problems():
    assert load_pack(builtin_dir())[1] == []


@pytest.mark.parametrize("exercise_id", ids(("function", "class")))
def test_builtin_exercise_is_proven(exercise_grader: Grader, exercise_id: str) -> None:
    assert prove(exercise_grader, get_exercise(exercise_id)) == []


@pytest.mark.parametrize("exercise_id", ids(("training",)))
def test_training_reference_passes_on_the_quick_profile(exercise_grader, exercise_id):
    exercise = get_exercise(exercise_id)
    report = exercise_grader.grade(exercise, read_submission(exercise.reference_path))
    assert report.tests and [t.name for t in report.tests if t.status != "passed"] == []


@pytest.mark.slow
@pytest.mark.parametrize("exercise_id", ids(("training",)))
def test_training_exercise_is_proven(exercise_grader: Grader, exercise_id: str) -> None:
    assert prove(exercise_grader, get_exercise(exercise_id)) == []


@pytest.mark.slow
def test_train_ch6_written_the_d2l_way_passes(exercise_grader: Grader) -> None:
    """The notes' train_ch6 (d2l.Animator, Timer, Accumulator, accuracy, evaluate_accuracy_gpu) runs unchanged."""
    report = exercise_grader.grade(
        get_exercise("train_ch6"), read_submission(FIXTURES / "train_ch6" / "d2l_style.py")
    )
    assert [test.name for test in report.tests if test.status != "passed"] == []


def test_the_sandbox_cannot_see_wrong_versions_or_references(tmp_path: Path) -> None:
    """A submission probing the built-in pack's folders finds nothing (bubblewrap mode)."""
    if not bubblewrap_works():
        pytest.skip("bubblewrap cannot create namespaces here")
    dropout = get_exercise("dropout_layer")
    probes = [str(dropout.wrong_dir), str(dropout.reference_path), str(dropout.hidden_dir)]
    folder = write_exercise(tmp_path, "probe")
    (folder / "hidden" / "test_toy.py").write_text(
        f"def test_probe(student):\n    assert student.toy({probes!r}) == [False] * 3\n",
        encoding="utf-8",
    )
    source = "import os\n\ndef toy(paths):\n    return [os.path.exists(p) for p in paths]\n"
    with Grader(mode=BUBBLEWRAP) as grader:
        report = grader.grade(
            get_exercise("probe", [tmp_path]), Submission.from_text(source, "p.py")
        )
    assert [test.status for test in report.tests] == ["passed"], report.tests[0].output


def test_no_hidden_test_accepts_any_verdict_as_the_learner_raising() -> None:
    """`pytest.raises(SubmissionError)` passes on a timeout, a crash or a reply over budget too
    (a red-team submission returned 248 MiB and "was rejected"): expect `SubmissionRaised`."""
    loose = re.compile(r"raises\(\s*(?:errors\.)?SubmissionError\b")
    offenders = [
        str(path.relative_to(builtin_dir()))
        for path in sorted(builtin_dir().glob("*/hidden/*.py"))
        if loose.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
