"""Where a batch's results live, so a student's name can never collide with the batch's own files.

    OUT/manifest.json      the exercise, profile and source hash behind each report (resuming)
    OUT/gradebook.csv      one row per student           OUT/summary.json, OUT/summary.md
    OUT/similarity.*       `dlprep similarity`'s reports OUT/reports/<name>.json  one per student

Per-student reports live in their own folder: a student called `manifest`, `gradebook` or
`summary` gets `reports/manifest.json` like anyone else. An output folder of the old layout
(reports beside the manifest, no `layout` key) is migrated on first use: the reports named in its
manifest move into `reports/`, so resuming still skips what is graded and unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from dlprep.grader.errors import InputError
from dlprep.grader.report import Report, ReportFormatError

LAYOUT = 2
MANIFEST = "manifest.json"
GRADEBOOK = "gradebook.csv"
SUMMARY_JSON = "summary.json"
SUMMARY_MD = "summary.md"
REPORTS = "reports"


class BatchFiles:
    """The files of one batch output folder, and the manifest that makes a re-run resumable.

    The manifest belongs to one exercise and profile: a re-run with other ones starts afresh
    instead of reusing grades made for a different task.
    """

    def __init__(self, out: Path, exercise_id: str, profile: str) -> None:
        self.out = out
        try:
            (out / REPORTS).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(
                f"{out}: cannot create the output directory: {error.strerror}"
            ) from None
        self.manifest = self._load_manifest(exercise_id, profile)

    @property
    def gradebook(self) -> Path:
        return self.out / GRADEBOOK

    def report_path(self, name: str) -> Path:
        return self.out / REPORTS / f"{name}.json"

    def hashes(self) -> dict[str, str]:
        hashes = self.manifest.setdefault("sha256", {})
        assert isinstance(hashes, dict)
        return hashes

    def read_report(self, name: str) -> tuple[Report, dict[str, object]]:
        """The stored report of `name` and its JSON dict (OSError, ValueError, ReportFormatError)."""
        data = json.loads(self.report_path(name).read_text("utf-8"))
        return Report.from_dict(data), data

    def up_to_date(self, name: str, path: Path | None) -> bool:
        """A report exists, follows the schema, and was made from this exact source."""
        if path is None or self.hashes().get(name) != sha256_file(path):
            return False
        try:
            self.read_report(name)
        except (OSError, ValueError, ReportFormatError):
            return False
        return True

    def store(self, name: str, data: dict[str, object], source_hash: str) -> None:
        """Write one student's report, then record its source hash (a crash between the two only
        costs a regrade)."""
        write_atomically(
            self.report_path(name), json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        )
        self.hashes()[name] = source_hash
        self.save_manifest()

    def forget(self, name: str) -> None:
        """Drop `name`'s hash, so the next run grades it again (`--regrade`)."""
        self.hashes().pop(name, None)

    def save_manifest(self) -> None:
        write_atomically(
            self.out / MANIFEST, json.dumps(self.manifest, indent=2, sort_keys=True) + "\n"
        )

    def _load_manifest(self, exercise_id: str, profile: str) -> dict[str, object]:
        fresh: dict[str, object] = {
            "exercise": exercise_id,
            "profile": profile,
            "layout": LAYOUT,
            "sha256": {},
        }
        try:
            manifest = json.loads((self.out / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return fresh
        if not isinstance(manifest, dict) or not isinstance(manifest.get("sha256"), dict):
            return fresh
        if any(manifest.get(key) != fresh[key] for key in ("exercise", "profile")):
            return fresh
        if manifest.get("layout") != LAYOUT:
            self._migrate(manifest)
        return manifest

    def _migrate(self, manifest: dict[str, object]) -> None:
        """Move an old-layout folder's reports (OUT/<name>.json) into OUT/reports/."""
        hashes = manifest["sha256"]
        assert isinstance(hashes, dict)
        for name in list(hashes):
            old = self.out / f"{name}.json"
            own_file = old.name in (MANIFEST, SUMMARY_JSON)  # the old layout's collision
            if isinstance(name, str) and "/" not in name and not own_file and old.is_file():
                os.replace(old, self.report_path(name))
            else:
                hashes.pop(name)
        manifest["layout"] = LAYOUT
        self.manifest = manifest
        self.save_manifest()


def write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def sha256_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
