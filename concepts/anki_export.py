"""Decks to an Anki package (.apkg) with genanki: every card type, both languages, tags, code.

Basic, choice and shape cards become notes of one bilingual note type ("dlprep bilingual":
fields FrontEn, FrontZh, BackEn, BackZh, Source); cloze cards become notes of Anki's own Cloze
note type (genanki.CLOZE_MODEL; dlprep's deletions already use Anki's `{{c1::...}}` syntax), the
English text above the Chinese in the Text field and the explanations in Back Extra, so Anki
makes one card per deletion as dlprep does. Markdown is rendered to HTML with markdown-it (the
renderer rich and Textual already use), so fenced code stays a <pre><code> block. Note GUIDs
derive from the card ids: exporting again updates the same notes in Anki instead of adding
copies. Deck ids are derived from the deck id the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import genanki
from markdown_it import MarkdownIt

from dlprep.concepts.model import Card, Deck

_MARKDOWN = MarkdownIt("commonmark").enable("table")
BILINGUAL_MODEL_ID = 1_607_392_319  # fixed: Anki matches note types by id across imports
BILINGUAL_FIELDS = ("FrontEn", "FrontZh", "BackEn", "BackZh", "Source")
_CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.zh { color: #555; margin-top: .6em; } pre { background: #f4f4f4; padding: .5em; }
.source { font-size: 12px; color: #888; margin-top: 1em; }"""

BILINGUAL_MODEL = genanki.Model(
    BILINGUAL_MODEL_ID,
    "dlprep bilingual",
    fields=[{"name": name} for name in BILINGUAL_FIELDS],
    templates=[
        {
            "name": "Card 1",
            "qfmt": '<div class="en">{{FrontEn}}</div><div class="zh">{{FrontZh}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="en">{{BackEn}}</div>'
            '<div class="zh">{{BackZh}}</div><div class="source">{{Source}}</div>',
        }
    ],
    css=_CSS,
)


def stable_id(text: str) -> int:
    """A positive 31-bit id from text (Anki deck ids must fit SQLite's integer and be stable)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big") >> 1


def html(markdown: str) -> str:
    """Card Markdown as HTML for Anki."""
    return _MARKDOWN.render(markdown).strip()


def note_for(card: Card) -> genanki.Note:
    """The Anki note of one dlprep card."""
    tags = [tag.replace(" ", "_") for tag in (*card.tags, f"deck::{card.deck_id}")]
    guid = genanki.guid_for("dlprep", card.id)
    if card.type == "cloze":
        text = f'{html(card.front.en)}<div class="zh">{html(card.front.zh)}</div>'
        extra = f'{html(card.back.en)}<div class="zh">{html(card.back.zh)}</div>'
        return genanki.Note(model=genanki.CLOZE_MODEL, fields=[text, extra], tags=tags, guid=guid)
    fields = [
        html(card.front_markdown("en")),
        html(card.front_markdown("zh")),
        html(card.back_markdown("en")),
        html(card.back_markdown("zh")),
        card.source,
    ]
    return genanki.Note(model=BILINGUAL_MODEL, fields=fields, tags=tags, guid=guid)


def export_apkg(decks: Sequence[Deck], path: Path) -> int:
    """Write the decks to `path` as one package (one Anki deck per dlprep deck); the note count."""
    anki_decks: list[genanki.Deck] = []
    notes = 0
    for deck in decks:
        anki_deck = genanki.Deck(
            stable_id(f"dlprep-deck:{deck.id}"), f"dlprep::{deck.title.en} · {deck.title.zh}"
        )
        for card in deck.cards:
            anki_deck.add_note(note_for(card))
            notes += 1
        anki_decks.append(anki_deck)
    genanki.Package(anki_decks).write_to_file(str(path))
    return notes
