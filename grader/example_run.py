"""Run a prompt's worked example on the learner's code in the sandbox (the TUI's `ctrl+r`).

The example is the first ```python block under the prompt's "Worked example" heading
(trusted text from the exercise folder). It is appended to the learner's file as a script
that echoes each statement (`>>> ...`) and prints each expression's value and each assigned
name, and the whole file is loaded in a sandboxed child exactly as a submission is: same
limits, same sanitised output. Nothing is graded and no hidden test runs.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlprep.grader.session import SubmissionSession
from dlprep.grader.submission import Submission

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise
    from dlprep.grader.grading import Grader

_EXAMPLE = re.compile(
    r"^#+\s*Worked example\s*$.*?^```python\s*$\n(?P<code>.*?)^```\s*$",
    re.MULTILINE | re.DOTALL | re.IGNORECASE,
)
_VALUE = "_dlprep_example_value"


@dataclass(frozen=True)
class ExampleRun:
    """What the example printed, and the learner's traceback if it raised ("" otherwise)."""

    available: bool
    output: str
    raised: str


def worked_example(prompt: str) -> str | None:
    """The worked example's Python code, or None when the prompt has none."""
    match = _EXAMPLE.search(prompt)
    return match.group("code") if match else None


def example_script(code: str) -> str:
    """`code` rewritten to echo each statement and print expression values and assigned names."""
    tree = ast.parse(code)
    lines: list[str] = []
    for statement in tree.body:
        segment = ast.get_source_segment(code, statement) or ""
        echo = "\n... ".join(segment.splitlines())
        lines.append(f"print({('>>> ' + echo)!r})")
        if isinstance(statement, ast.Expr):
            lines.append(f"{_VALUE} = ({segment})")
            lines.append(f"if {_VALUE} is not None: print(repr({_VALUE}))")
            continue
        lines.append(segment)
        if isinstance(statement, ast.Assign):
            for name in _assigned_names(statement):
                lines.append(f"print({name + ' ='!r}, repr({name}))")
    return "\n".join(lines) + "\n"


def _assigned_names(statement: ast.Assign) -> list[str]:
    names: list[str] = []
    for target in statement.targets:
        elements = target.elts if isinstance(target, ast.Tuple) else [target]
        names.extend(element.id for element in elements if isinstance(element, ast.Name))
    return names


def run_example(grader: Grader, exercise: Exercise, submission: Submission) -> ExampleRun:
    """Load the learner's code followed by the example in a fresh sandboxed child."""
    code = worked_example(exercise.prompt("en"))
    if code is None:
        return ExampleRun(False, "", "")
    source = f"{submission.source}\n\n# --- worked example ---\n{example_script(code)}"
    session = SubmissionSession(
        grader.zygote,
        Submission.from_text(source, submission.filename),
        exercise.entry,
        exercise.signature,
        exercise.limits,
    )
    try:
        problem = session.start()
        output = session.take_output()
    finally:
        session.close()
    if problem is not None:
        return ExampleRun(True, problem.learner_output or output, problem.message)
    return ExampleRun(True, output, "")
