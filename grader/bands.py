"""The bands of reference_runs.json, keyed by device then profile, and which one a grading uses.

    {"cpu":  {"quick": {"metric": "heldout_accuracy", "mean": 0.75, "std": 0.016, ...},
              "full":  {...}},
     "cuda": {"quick": {...}}}

A GPU trains the same seeds to slightly different nets (other kernels, other reduction order),
so each device has its own band (`dlprep reference EX --device cuda --write` stores the cuda
one). The older layout, keyed by profile alone, still reads: each of its bands is filed under
the device it records (a missing device is `cpu`), and the next `--write` stores the new layout.

A grading on `cuda` with no cuda band for its profile falls back to the `cpu` band, and the
report says so (`BandChoice.to_dict`, in provenance): an instructor who has not yet run the
reference on the GPU still gets grades, whose threshold (mean - 3 std - 0.02) is loose enough
for the small difference between devices, and sees which band decided them. No band for the
profile on either device is an error of the exercise (every band test becomes a grader error).
No torch here: the TUI and the validators may read bands too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dlprep.exercises.registry import ExerciseError
from dlprep.grader.devices import RESOLVED, device_key

FALLBACK_DEVICE = "cpu"

Bands = dict[str, dict[str, object]]  # device -> profile -> band (a JSON object)


@dataclass(frozen=True)
class BandChoice:
    """The band a grading used: whose device it is, for which profile and grading device."""

    band: dict[str, object]
    device: str
    profile: str
    grading_device: str

    @property
    def fallback(self) -> bool:
        return self.device != self.grading_device

    def note(self) -> str:
        """Why another device's band was used ("" when the grading device had its own)."""
        if not self.fallback:
            return ""
        return (
            f"no {self.grading_device} band for profile {self.profile} in reference_runs.json: "
            f"graded against the {self.device} band"
        )

    def to_dict(self) -> dict[str, object]:
        """The report's `provenance.reference_band`."""
        data: dict[str, object] = {
            "device": self.device,
            "profile": self.profile,
            "grading_device": self.grading_device,
            "fallback": self.fallback,
        }
        if self.fallback:
            data["note"] = self.note()
        return data


def read_bands(path: Path) -> Bands:
    """The bands of reference_runs.json by device, then profile; ExerciseError when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ExerciseError(path, None, path.name, f"cannot read: {error}") from None
    except json.JSONDecodeError as error:
        raise ExerciseError(path, error.lineno, path.name, f"invalid JSON: {error.msg}") from None
    if not isinstance(data, dict):
        raise ExerciseError(path, 1, path.name, "expected an object keyed by device, then profile")
    return by_device(data)


def by_device(data: dict[str, object]) -> Bands:
    """`data` in the device-keyed layout (the older profile-keyed one is converted)."""
    if data and all(key in RESOLVED for key in data):
        return {
            device: dict(profiles)
            for device, profiles in data.items()
            if isinstance(profiles, dict)
        }
    bands: Bands = {}
    for profile, band in data.items():
        device = device_key(band.get("device") if isinstance(band, dict) else None)
        bands.setdefault(device, {})[profile] = band
    return bands


def choose_band(bands: Bands, profile: str, grading_device: str) -> BandChoice:
    """The grading device's band for `profile`, else the cpu band; LookupError when neither exists."""
    for device in dict.fromkeys((grading_device, FALLBACK_DEVICE)):
        band = bands.get(device, {}).get(profile)
        if isinstance(band, dict):
            return BandChoice(band, device, profile, grading_device)
    raise LookupError(
        f"no reference band for profile {profile!r} on {grading_device}"
        + (f" nor on {FALLBACK_DEVICE}" if grading_device != FALLBACK_DEVICE else "")
    )


def with_band(bands: Bands, profile: str, band: dict[str, object]) -> Bands:
    """`bands` with `band` stored under its own device (its `device` field) and `profile`."""
    device = device_key(band.get("device"))
    updated = {name: dict(profiles) for name, profiles in bands.items()}
    updated.setdefault(device, {})[profile] = band
    return updated
