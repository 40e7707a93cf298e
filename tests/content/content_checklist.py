"""The content checklists (../shared/CONTENT_TOPICS.md and CONTENT_BEYOND.md) as data, and the
coverage rules built on them.

One parser reads both files, which share a format: table (a) (topic-id, names, sources, min cards)
under `### a.N` section headings, table (b) (exercise ids) and, in CONTENT_TOPICS.md only, the
seed-file table. `combine` merges the files into the one checklist the decks must cover. The module
also derives, per topic, the keywords a card tagged with it should contain, and flags tags that look
like a mistyped topic-id.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

CHECKLIST_NAMES = ("CONTENT_TOPICS.md", "CONTENT_BEYOND.md")

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_ID_CELL = re.compile(r"^`([A-Za-z0-9_-]+)`$")
_SEED_ROW = re.compile(r"^\|\s*(\d{3}_[0-9a-f]+\.txt)\s*\|")
_SECTION = re.compile(r"^### (a\.\d+) (.*)$")
# A section whose heading says "(type: shape)" is covered by shape cards only (a.14, a.22).
_SHAPE_SECTION_MARK = "(type: shape)"
_TOTALS = re.compile(
    r"\*\*Totals:\*\* (\d+) topics .*?at least (\d+) cards .*?; (\d+) coding exercises"
)

# Words too common in card text to show that a card is about one particular topic.
_EN_STOPWORDS = frozenset(
    """a an and are as at be by for from how in into is it its of on or per the their to two one
    via vs what when which why with without along torch nn dim shape value""".split()
)
_EN_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Topic:
    """One row of table (a)."""

    id: str
    section: str
    name_en: str
    name_zh: str
    min_cards: int
    sources: str = ""


@dataclass(frozen=True)
class Totals:
    """The checklist's own "Totals" line: what the parsed tables must add up to."""

    topics: int
    min_cards: int
    exercises: int


@dataclass(frozen=True)
class Checklist:
    """Everything the content tests need from one checklist file, or from several combined."""

    topics: dict[str, Topic]
    exercise_ids: frozenset[str]
    seed_files: frozenset[str]
    totals: Totals | None
    section_titles: dict[str, str] = field(default_factory=dict)
    shape_sections: frozenset[str] = frozenset()
    name: str = ""

    def shape_topic_ids(self) -> frozenset[str]:
        """The topics of the shape sections (a.14, a.22), which only `type: shape` cards may cover."""
        return frozenset(t.id for t in self.topics.values() if t.section in self.shape_sections)


def combine(checklists: Sequence[Checklist]) -> Checklist:
    """One checklist holding the topics, exercises, seeds and sections of all `checklists`.

    Raises ValueError when two files define the same topic-id or section (each fact is defined once).
    """
    topics: dict[str, Topic] = {}
    titles: dict[str, str] = {}
    for checklist in checklists:
        repeated = (topics.keys() & checklist.topics.keys()) | (
            titles.keys() & checklist.section_titles.keys()
        )
        if repeated:
            raise ValueError(f"{checklist.name}: defined again: {sorted(repeated)}")
        topics.update(checklist.topics)
        titles.update(checklist.section_titles)
    return Checklist(
        topics,
        frozenset().union(*(c.exercise_ids for c in checklists)),
        frozenset().union(*(c.seed_files for c in checklists)),
        None,
        titles,
        frozenset().union(*(c.shape_sections for c in checklists)),
        " + ".join(c.name for c in checklists),
    )


def shared_dir() -> Path:
    """../shared next to the repository, where CI and development keep the checklist."""
    return Path(__file__).resolve().parents[2].parent / "shared"


def checklist_paths(shared: Path) -> list[Path]:
    """The checklist files inside `shared`; FileNotFoundError naming the first one that is missing."""
    paths = [shared / name for name in CHECKLIST_NAMES]
    for path in paths:
        if not path.is_file():
            raise FileNotFoundError(
                f"content checklist not found at {path}: the content tests need the shared folder "
                f"(with {', '.join(CHECKLIST_NAMES)}) next to the repository, as in CI"
            )
    return paths


def load_all(shared: Path) -> list[Checklist]:
    """Every checklist file of `shared`, parsed, in CHECKLIST_NAMES order."""
    return [load_checklist(path) for path in checklist_paths(shared)]


def load_checklist(path: Path) -> Checklist:
    """Parse the checklist file; raises ValueError naming the line of a malformed row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    topics: dict[str, Topic] = {}
    exercise_ids: set[str] = set()
    seed_files: set[str] = set()
    titles: dict[str, str] = {}
    shape_sections: set[str] = set()
    part = ""
    section = ""
    for number, line in enumerate(lines, start=1):
        if line.startswith("## "):
            part = line[3:5]
        section_match = _SECTION.match(line)
        if section_match:
            section, titles[section] = section_match.groups()
            if _SHAPE_SECTION_MARK in line:
                shape_sections.add(section)
        seed_match = _SEED_ROW.match(line)
        if seed_match and not part:
            seed_files.add(seed_match.group(1))
        cells = _row_cells(line)
        if cells is None:
            continue
        if part == "a.":
            topic = _topic(cells, section, f"{path}:{number}")
            topics[topic.id] = topic
        elif part == "b.":
            exercise_ids.add(cells[0])
    return Checklist(
        topics,
        frozenset(exercise_ids),
        frozenset(seed_files),
        _totals("\n".join(lines)),
        titles,
        frozenset(shape_sections),
        path.name,
    )


def _totals(text: str) -> Totals | None:
    match = _TOTALS.search(text)
    return None if match is None else Totals(*(int(group) for group in match.groups()))


def _row_cells(line: str) -> list[str] | None:
    """The cells of a table row whose first cell is a `code` id, with that id unquoted."""
    if not line.startswith("| `"):
        return None
    cells = [cell.strip() for cell in _CELL_SPLIT.split(line)[1:-1]]
    id_match = _ID_CELL.match(cells[0])
    if id_match is None:
        return None
    return [id_match.group(1), *cells[1:]]


def _topic(cells: list[str], section: str, where: str) -> Topic:
    if len(cells) != 6 or not cells[4].isdigit():
        raise ValueError(
            f"{where}: a topic row needs 6 cells with an integer 'min cards', got {cells!r}"
        )
    topic_id, name_en, name_zh, sources, min_cards, _ideas = cells
    return Topic(topic_id, section, name_en, name_zh, int(min_cards), sources)


def _stem(word: str) -> str:
    """A crude English stem, so "tensors" matches "tensor" and "creating" matches "create"."""
    if "." in word or "_" in word:
        return word
    if len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word[: max(4, len(word) - 3)] if len(word) > 4 else word


def _word_stems(text: str) -> set[str]:
    """Stems of the Latin-script words of `text` (and of each part of a dotted name), minus stop words."""
    words: set[str] = set()
    for word in _EN_TOKEN.findall(text):
        word = word.lower().strip(".")
        words.add(word)
        words.update(word.split(".") if "." in word else ())
    kept = (
        w
        for w in words
        if len(w) > 1 and w not in _EN_STOPWORDS and w.rstrip("s") not in _EN_STOPWORDS
    )
    return {_stem(w) for w in kept}


def english_keywords(topic: Topic) -> frozenset[str]:
    """Lower-case stems of the words in the topic's English name and id."""
    return frozenset(_word_stems(f"{topic.name_en} {topic.id.replace('-', ' ')}"))


def chinese_keywords(topic: Topic) -> frozenset[str]:
    """Two-character pieces of the topic's Chinese name, plus the Latin-script words of its name and id.

    Code, API names and formulas are the same in both languages, so `gather` in Chinese text names
    the `where-gather` topic as well as 收集 would.
    """
    bigrams = {
        run[i : i + 2] for run in _CJK_RUN.findall(topic.name_zh) for i in range(len(run) - 1)
    }
    return frozenset(bigrams | _word_stems(f"{topic.name_zh} {topic.id.replace('-', ' ')}"))


def names_topic(text_en: str, text_zh: str, topic: Topic) -> bool:
    """Whether the English text names the topic and the Chinese text does too (lenient keyword check)."""
    en, zh = text_en.lower(), text_zh.lower()
    return any(k in en for k in english_keywords(topic)) and any(
        k in zh for k in chinese_keywords(topic)
    )


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def typo_threshold(topic_id: str) -> int:
    """How many edits still count as a typo of `topic_id`: none below 6 characters, then 1, then 2.

    Short ids (relu, sgd, adam, vgg) sit one letter away from other real words (gelu, asgd), so
    only longer ids are protected.
    """
    if len(topic_id) < 6:
        return 0
    return 1 if len(topic_id) < 10 else 2


def mistyped_topic(tag: str, topic_ids: Collection[str]) -> str | None:
    """The topic-id `tag` seems to misspell, or None.

    A tag in the id set is fine. Otherwise it is a typo if it starts with "shape-" (the a.14 prefix:
    every such tag must be a table id) or lies within `typo_threshold` edits of a topic-id.
    """
    if tag in topic_ids:
        return None
    if tag.startswith("shape-"):
        return min(topic_ids, key=lambda topic_id: edit_distance(tag, topic_id))
    return next((t for t in sorted(topic_ids) if edit_distance(tag, t) <= typo_threshold(t)), None)
