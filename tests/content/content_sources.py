"""What a card's `source` may cite: a seed note, or a document the checklists themselves cite.

CONTENT_TOPICS.md cards cite `<seed file> § <heading>`. CONTENT_BEYOND.md cards cite
`d2l-en § <section title>`, `d2l-zh § <section title>`, `PyTorch docs § <page>`,
`scikit-learn docs § <page>` (` › ` introduces a subsection) or a paper `<Authors> <year>, <title>`,
exactly as the checklist's source column writes them. A card may cite any such document that some
topic's source column names, so a reviewer can grep the checklist for it; subsections are free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content_checklist import Checklist

SEED_PART = re.compile(r"^(?P<seed>\S+\.txt) § (?P<heading>\S.*)$")
_DOC_PART = re.compile(r"^(?P<doc>[A-Za-z][\w.-]*(?: docs)?) § (?P<rest>\S.*)$")
# A paper (or other reference without "§"): its "Authors year" (or name) comes before ", " or " (".
_REFERENCE_KEY = re.compile(r"^(?P<key>[^,(]*?\S)(?:,| \(|$)")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)$")


@dataclass(frozen=True)
class Citations:
    """The documents the checklists cite: (document, page or section title) pairs and references."""

    pages: frozenset[tuple[str, str]]
    references: frozenset[str]


def _titles(rest: str) -> list[str]:
    """The section titles a `doc § rest` part names: the title before ` › `, else each ` · ` page."""
    head, subsection, _ = rest.partition(" › ")
    titles = [head] if subsection else rest.split(" · ")
    return [_PARENTHESIS.sub("", title).strip() for title in titles]


def _parts(source: str) -> list[str]:
    return [part.strip() for part in source.split("; ") if part.strip()]


def citations(checklist: Checklist) -> Citations:
    """Every non-seed document named in the source column of the checklist's topics."""
    pages: set[tuple[str, str]] = set()
    references: set[str] = set()
    for topic in checklist.topics.values():
        for part in _parts(topic.sources.replace("\\|", "|")):
            if SEED_PART.match(part):
                continue
            doc = _DOC_PART.match(part)
            if doc is not None:
                pages.update((doc.group("doc"), title) for title in _titles(doc.group("rest")))
                continue
            key = _REFERENCE_KEY.match(part)
            if key is not None:
                references.add(key.group("key"))
    return Citations(frozenset(pages), frozenset(references))


def source_part_problem(part: str, checklist: Checklist, cited: Citations) -> str | None:
    """None if one `; `-separated part of a card's source is citable, else what is wrong with it."""
    seed = SEED_PART.match(part)
    if seed is not None:
        if seed.group("seed") in checklist.seed_files:
            return None
        return f"source part {part!r}: {seed.group('seed')} is not a seed file of the checklist"
    doc = _DOC_PART.match(part)
    if doc is not None:
        unknown = [
            title
            for title in _titles(doc.group("rest"))
            if (doc.group("doc"), title) not in cited.pages
        ]
        if not unknown:
            return None
        return f"source part {part!r}: {doc.group('doc')} § {unknown[0]!r} is cited by no topic"
    key = _REFERENCE_KEY.match(part)
    if key is not None and key.group("key") in cited.references:
        return None
    return (
        f"source part {part!r} is neither '<seed file> § <heading>', '<document> § <section>' "
        "nor a reference that the checklist cites"
    )
