"""An Anki package (.apkg) to a dlprep deck: its Basic-like and Cloze notes become cards.

The package is opened with the real `anki` library (the `dlprep[anki]` extra), imported into a
throw-away collection: Anki itself knows every version of its format. A note of Anki's Cloze
type becomes a cloze card; any other note with at least two fields becomes a basic card (first
field the front, second the back); notes of dlprep's own "dlprep bilingual" type come back with
both languages. Field HTML becomes Markdown with markdownify (code blocks stay code).

Anki notes are usually in one language: the text goes to `en` or `zh` by its script, and the
other is left empty for the learner to write, and reported; `dlprep cards check` then names
every card still missing one, with its line.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dlprep.concepts.anki_export import BILINGUAL_FIELDS

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ZH_DIV = re.compile(r'<div class="zh">(.*)</div>\s*$', re.S)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class ImportResult:
    """The deck as YAML-ready data, and what the learner should know about it."""

    deck: dict[str, object]
    cards: list[dict[str, object]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "note 123: image occlusion (not supported)"
    missing_language: int = 0

    def to_yaml(self) -> str:
        return yaml.safe_dump(
            {"deck": self.deck, "cards": self.cards},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )


def slug(text: str) -> str:
    """An id part: lower-case ASCII letters, digits and dashes."""
    return _SLUG.sub("-", text.lower()).strip("-") or "deck"


def markdown(field_html: str) -> str:
    """An Anki field (HTML) as Markdown."""
    from markdownify import markdownify

    return str(markdownify(field_html, heading_style="ATX", code_language="python")).strip()


def _languages(field_html: str) -> tuple[str, str]:
    """(en, zh) of a field: dlprep's own zh <div>, else by the script of the text."""
    match = _ZH_DIV.search(field_html)
    if match:
        return markdown(field_html[: match.start()]), markdown(match.group(1))
    text = markdown(field_html)
    return ("", text) if _CJK.search(text) else (text, "")


def import_apkg(path: Path, deck_id: str | None = None) -> ImportResult:
    """Read `path` and turn its notes into dlprep cards. Raises ValueError for a bad package."""
    try:
        from anki.collection import Collection, ImportAnkiPackageRequest
    except ImportError:
        raise ValueError(
            "importing Anki packages needs the anki library: pip install 'dlprep[anki]'"
        ) from None
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    with tempfile.TemporaryDirectory(prefix="dlprep-anki-") as tmp:
        collection = Collection(str(Path(tmp) / "import.anki2"))
        try:
            try:
                collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(path)))
            except Exception as error:  # anki raises its own backend errors for bad files
                raise ValueError(f"{path}: not an Anki package Anki can read ({error})") from None
            return _convert(collection, path, deck_id)
        finally:
            collection.close()


def _convert(col: Any, path: Path, deck_id: str | None) -> ImportResult:
    # `Any`: an anki.collection.Collection; anki's backend objects carry no usable types here.
    deck = deck_id or slug(path.stem)
    result = ImportResult({"id": deck, "title": {"en": path.stem, "zh": path.stem}})
    for note_id in col.find_notes(""):
        note = col.get_note(note_id)
        card = _card(note, deck, result)
        if card is not None:
            result.cards.append(card)
    return result


def _card(note: Any, deck: str, result: ImportResult) -> dict[str, object] | None:
    notetype = note.note_type()
    names = [item["name"] for item in notetype["flds"]]
    fields = dict(zip(names, note.fields, strict=False))
    note_id = hashlib.blake2b(str(note.guid).encode(), digest_size=5).hexdigest()
    tags = [slug(tag) for tag in note.tags if not tag.startswith("deck::")] or ["imported"]
    base: dict[str, object] = {"id": f"{deck}-{note_id}", "tags": tags, "source": f"Anki: {deck}"}
    if notetype["type"] == 1:  # Anki's cloze kind
        front, back = (
            _languages(note.fields[0]),
            _languages(note.fields[1] if len(note.fields) > 1 else ""),
        )
        base["type"] = "cloze"
    elif tuple(names) == BILINGUAL_FIELDS:
        front = (markdown(fields["FrontEn"]), markdown(fields["FrontZh"]))
        back = (markdown(fields["BackEn"]), markdown(fields["BackZh"]))
        base["type"] = "basic"
    elif len(names) >= 2:
        front, back = _languages(note.fields[0]), _languages(note.fields[1])
        base["type"] = "basic"
    else:
        result.skipped.append(f"note {note_id}: note type {notetype['name']!r} has one field")
        return None
    base["front"] = {"en": front[0], "zh": front[1]}
    base["back"] = {"en": back[0], "zh": back[1]}
    if not (front[0] and front[1] and back[0] and back[1]):
        result.missing_language += 1
    return base
