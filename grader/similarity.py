"""Similar submissions in a class, found with copydetect (winnowing fingerprints, the MOSS method).

    result = find_similar(exercise, directory, against=[public_dir], out=out_dir, threshold=0.8)

copydetect tokenises each file (names become V/F/O, strings S), so renaming variables does not
hide a copy, and winnowed fingerprints are compared as sets, so reordering functions does not
either. The exercise's starter is boilerplate (a match inside it is no evidence), and each
student is compared with the other students, the reference solution and every `--against`
folder (public solutions found on the web, last year's class).

Everything copydetect reads is staged into a private temporary folder first, under file names
made of safe characters only: student names come from file names, which a student controls, and
they end up in an HTML report, a terminal and a CSV file. Sources are read with the grader's
own `read_submission` (UTF-8, size-checked), never by copydetect from the student's folder.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from dlprep.grader.errors import InputError
from dlprep.grader.sanitize import markdown_cell as md
from dlprep.grader.submission import read_submission

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise

STUDENT, REFERENCE, PUBLIC = "student", "reference", "public"
# copydetect's thresholds count characters of the tokenised code. Exercise solutions are short
# (10-40 lines), so the defaults (25/30) are lowered: a shared 20-character run of tokens is
# about one statement.
NOISE_THRESHOLD = 15
GUARANTEE_THRESHOLD = 20
REPORT_HTML = "similarity.html"
REPORT_JSON = "similarity.json"
REPORT_MD = "similarity.md"
_UNSAFE = re.compile(r"[^\w.-]")


class PairDict(TypedDict):
    """One ranked pair in similarity.json."""

    a: str
    b: str
    kind: str
    similarity: float
    share_a: float
    share_b: float
    overlap_tokens: int


class SimilarityDict(TypedDict):
    """similarity.json: the ranked pairs and the names flagged at the threshold."""

    schema_version: int
    exercise: str
    threshold: float
    submissions: int
    pairs: list[PairDict]
    flagged: dict[str, str]


@dataclass(frozen=True)
class Pair:
    """Two files and how much of each is found in the other (copydetect's two shares)."""

    a: str
    b: str
    kind: str  # STUDENT (a and b are students), REFERENCE or PUBLIC (b is that source)
    share_a: float
    share_b: float
    overlap_tokens: int

    @property
    def similarity(self) -> float:
        """The larger share: a short file copied whole into a longer one still ranks high."""
        return max(self.share_a, self.share_b)

    def to_dict(self) -> PairDict:
        return {
            "a": self.a,
            "b": self.b,
            "kind": self.kind,
            "similarity": round(self.similarity, 4),
            "share_a": round(self.share_a, 4),
            "share_b": round(self.share_b, 4),
            "overlap_tokens": self.overlap_tokens,
        }


@dataclass
class SimilarityResult:
    """Every pair ranked by similarity (highest first), and the students flagged."""

    exercise: str
    threshold: float
    submissions: int
    pairs: list[Pair] = field(default_factory=list)

    def flagged(self) -> dict[str, str]:
        """Student name -> "0.93 other-name" for the most similar pair at or above the threshold."""
        flags: dict[str, str] = {}
        for pair in self.pairs:  # ranked, so the first pair naming a student is its highest
            if pair.similarity < self.threshold:
                break
            for name, other in ((pair.a, pair.b), (pair.b, pair.a)):
                if pair.kind != STUDENT and name == pair.b:
                    continue  # the reference or a public file is not a student to flag
                flags.setdefault(name, f"{pair.similarity:.2f} {other}")
        return flags

    def to_dict(self) -> SimilarityDict:
        return {
            "schema_version": 1,
            "exercise": self.exercise,
            "threshold": self.threshold,
            "submissions": self.submissions,
            "pairs": [pair.to_dict() for pair in self.pairs],
            "flagged": self.flagged(),
        }

    def to_markdown(self, top: int = 10) -> str:
        """The top pairs as a Markdown section (also used in the batch's summary.md)."""
        lines = [
            f"## Most similar submissions ({md(self.exercise)})",
            "",
            f"{self.submissions} submissions; threshold {self.threshold:.2f}; "
            f"{len(self.flagged())} flagged. Full side-by-side report: {REPORT_HTML}.",
            "",
            "| # | a | b | kind | similarity | share of a | share of b |",
            "| ---: | --- | --- | --- | ---: | ---: | ---: |",
        ]
        for rank, pair in enumerate(self.pairs[:top], start=1):
            lines.append(
                f"| {rank} | {md(pair.a)} | {md(pair.b)} | {md(pair.kind)} | {pair.similarity:.2f} | "
                f"{pair.share_a:.2f} | {pair.share_b:.2f} |"
            )
        return "\n".join(lines) + "\n"


def safe_name(name: str) -> str:
    """A name made of word characters, dots and dashes, not starting with a dot or dash."""
    cleaned = _UNSAFE.sub("_", name)[:80].lstrip(".-")
    return cleaned or "_"


def find_similar(
    exercise: Exercise,
    directory: Path,
    *,
    against: Sequence[Path] = (),
    out: Path,
    threshold: float = 0.8,
) -> SimilarityResult:
    """Rank every pair of submissions in `directory` (and against the reference and `against`)."""
    from dlprep.grader.batch import discover  # the same submissions grade-batch would grade

    students = [entry for entry in discover(directory, exercise.entry) if entry.path is not None]
    if len(students) < 1:
        raise InputError(f"{directory}: no readable submissions to compare")
    with tempfile.TemporaryDirectory(prefix="dlprep-similarity-") as tmp:
        staged = _Staging(Path(tmp))
        for entry in students:
            assert entry.path is not None
            staged.add("students", entry.name, read_submission(entry.path).source, STUDENT)
        staged.add("sources", "reference", exercise.reference_path.read_text("utf-8"), REFERENCE)
        for folder in against:
            for path in _python_files(folder):
                name = f"public-{folder.name}-{path.relative_to(folder).with_suffix('')}"
                staged.add("sources", name, read_submission(path).source, PUBLIC)
        staged.add("boilerplate", "starter", exercise.starter_path.read_text("utf-8"), "")
        pairs = _compare(staged, out)
    pairs.sort(key=lambda pair: (-pair.similarity, pair.a, pair.b))
    return SimilarityResult(exercise.id, threshold, len(students), pairs)


class _Staging:
    """The private folder copydetect reads: one subfolder per role, safe unique file names."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.names: dict[Path, str] = {}  # staged file -> the name shown in reports
        self.kinds: dict[Path, str] = {}
        for role in ("students", "sources", "boilerplate"):
            (root / role).mkdir()

    def add(self, role: str, name: str, source: str, kind: str) -> None:
        shown = safe_name(name)
        path = self.root / role / f"{shown}.py"
        suffix = 2
        while path in self.names:
            shown = f"{safe_name(name)}-{suffix}"
            path, suffix = self.root / role / f"{shown}.py", suffix + 1
        path.write_text(source, "utf-8")
        self.names[path], self.kinds[path] = shown, kind

    def folder(self, role: str) -> str:
        return str(self.root / role)


def _compare(staged: _Staging, out: Path) -> list[Pair]:
    import copydetect  # heavy (numpy, matplotlib): only when the command runs

    out.mkdir(parents=True, exist_ok=True)
    detector = copydetect.CopyDetector(
        test_dirs=[staged.folder("students")],
        ref_dirs=[staged.folder("students"), staged.folder("sources")],
        boilerplate_dirs=[staged.folder("boilerplate")],
        extensions=["py"],
        noise_t=NOISE_THRESHOLD,
        guarantee_t=GUARANTEE_THRESHOLD,
        display_t=0.0,
        autoopen=False,
        silent=True,
        out_file=str(out / REPORT_HTML),
    )
    detector.run()
    pairs = _pairs(detector, staged)
    if len(detector.similarity_matrix):
        detector.generate_html_report()
    return pairs


def _pairs(detector: Any, staged: _Staging) -> list[Pair]:
    # `Any`: copydetect ships no type information.
    matrix = detector.similarity_matrix
    if not len(matrix):
        return []
    tests = [Path(name) for name in detector.test_files]
    refs = [Path(name) for name in detector.ref_files]
    overlap = detector.token_overlap_matrix
    seen: set[tuple[str, str]] = set()
    pairs: list[Pair] = []
    for i, test in enumerate(tests):
        for j, ref in enumerate(refs):
            share_a, share_b = float(matrix[i, j, 0]), float(matrix[i, j, 1])
            if test == ref or share_a < 0:  # copydetect marks skipped comparisons with -1
                continue
            a, b, kind = staged.names[test], staged.names[ref], staged.kinds[ref]
            key = (min(a, b), max(a, b)) if kind == STUDENT else (a, b)
            if key in seen:
                continue
            seen.add(key)
            pairs.append(Pair(a, b, kind, share_a, share_b, int(overlap[i, j])))
    return pairs


def _python_files(folder: Path) -> list[Path]:
    """The .py files under a folder of public solutions, symlinks left out."""
    if not folder.is_dir():
        raise InputError(f"{folder}: not a directory of solutions to compare against")
    return sorted(
        path
        for path in folder.rglob("*.py")
        if path.is_file() and not path.is_symlink() and "__pycache__" not in path.parts
    )
