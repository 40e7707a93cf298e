"""What a verdict was made with, so a grade can be reproduced or its change explained.

Every report records `provenance`: dlprep's and torch's versions, the device, the seeds, the
sandbox mode, the limits, `exercise_sha256`, a content hash of what decides a grade (the
hidden tests, the reference, the bands of reference_runs.json and exercise.yaml), and for a
training exercise `reference_band`: whose device's band the tests used (`bands.BandChoice`;
`fallback` and a `note` when the grading device had none and the cpu band stood in; null when
no test asked for a band). `--regrade` compares it field by field (see `regrade`).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from dlprep.exercises.registry import Exercise

# The hidden folder's files that decide a grade (not what a test run may leave there, e.g. logs).
HASHED_SUFFIXES = (".py", ".json", ".yaml", ".yml", ".npz", ".npy", ".csv", ".txt", ".pt")
CALL_SEED = 0  # every `student.call` seeds torch with this unless the hidden test says otherwise


class Provenance(TypedDict):
    """The report's `provenance` field."""

    dlprep: str
    torch: str
    device: str
    seeds: dict[str, int]
    sandbox: str
    profile: str
    limits: dict[str, float]
    exercise_sha256: str
    reference_band: dict[str, object] | None


def provenance(
    exercise: Exercise,
    sandbox: str,
    profile: str,
    device: str,
    reference_band: dict[str, object] | None = None,
) -> Provenance:
    import torch

    from dlprep import __version__

    return {
        "dlprep": __version__,
        "torch": str(torch.__version__),
        "device": device,
        "seeds": {"call": CALL_SEED},
        "sandbox": sandbox,
        "profile": profile,
        "limits": {key: float(value) for key, value in dataclasses.asdict(exercise.limits).items()},
        "exercise_sha256": exercise_hash(Path(exercise.path)),
        "reference_band": reference_band,
    }


@functools.lru_cache(maxsize=32)
def exercise_hash(folder: Path) -> str:
    """sha256 over the relative names and bytes of the files that decide a grade."""
    digest = hashlib.sha256()
    files = [folder / "exercise.yaml", folder / "reference.py", folder / "reference_runs.json"]
    hidden = folder / "hidden"
    files += sorted(
        path
        for path in hidden.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in HASHED_SUFFIXES
    )
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
