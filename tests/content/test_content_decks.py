"""The built-in decks are well formed: they load, ids and fronts are unique, texts are bilingual,
sources cite the seed notes or the documents the checklists cite, exercise links exist, and each deck mixes the card types it should."""

from __future__ import annotations

from collections import Counter, defaultdict

from content_cards import where
from content_checklist import Checklist
from content_sources import Citations, source_part_problem

from dlprep.concepts.decks import DeckLoadResult, builtin_decks_dir
from dlprep.concepts.model import Card

CONCEPT_TYPES = {"basic", "cloze", "choice"}


def test_builtin_decks_load_without_problems(builtin: DeckLoadResult) -> None:
    assert not builtin.problems, "\n".join(str(problem) for problem in builtin.problems)


def test_every_builtin_deck_file_is_loaded(builtin: DeckLoadResult) -> None:
    files = {path.resolve() for path in builtin_decks_dir().glob("*.y*ml")}
    loaded = {deck.path.resolve() for deck in builtin.decks}
    assert files, f"no deck files in {builtin_decks_dir()}"
    assert files == loaded, f"not loaded: {sorted(map(str, files - loaded))}"


def test_card_ids_are_unique_across_decks(cards: list[Card]) -> None:
    repeated = [
        card_id for card_id, count in Counter(card.id for card in cards).items() if count > 1
    ]
    assert not repeated, f"card ids used more than once: {repeated}"


def test_no_two_cards_share_a_front(cards: list[Card]) -> None:
    by_front: dict[tuple[str, str], list[str]] = defaultdict(list)
    for card in cards:
        for lang in ("en", "zh"):
            by_front[(lang, " ".join(getattr(card.front, lang).split()))].append(card.id)
    shared = {front[1][:60]: ids for front, ids in by_front.items() if len(ids) > 1}
    assert not shared, f"cards with the same front text: {shared}"


def test_every_text_is_bilingual_and_non_empty(cards: list[Card]) -> None:
    empty = []
    for card in cards:
        texts = {"front": card.front, "back": card.back}
        texts.update({f"choices[{i}]": choice.text for i, choice in enumerate(card.choices)})
        for field, text in texts.items():
            empty += [
                f"{where(card)}: {field}.{lang}"
                for lang in ("en", "zh")
                if not getattr(text, lang).strip()
            ]
    assert not empty, "empty texts:\n" + "\n".join(empty)


def test_sources_cite_a_seed_file_or_a_document_of_the_checklists(
    cards: list[Card], checklist: Checklist, cited: Citations
) -> None:
    bad = [
        f"{where(card)}: {problem}"
        for card in cards
        for part in card.source.split("; ")
        if (problem := source_part_problem(part, checklist, cited)) is not None
    ]
    assert not bad, "\n".join(bad)


def test_exercise_links_name_exercises_of_the_checklist(
    cards: list[Card], checklist: Checklist
) -> None:
    unknown = [
        f"{where(card)}: {exercise}"
        for card in cards
        for exercise in card.exercises
        if exercise not in checklist.exercise_ids
    ]
    assert not unknown, "exercise ids not in table (b):\n" + "\n".join(unknown)


def test_shape_cards_have_decks_of_their_own(builtin: DeckLoadResult) -> None:
    mixed = [
        deck.id for deck in builtin.decks if len({card.type == "shape" for card in deck.cards}) > 1
    ]
    assert not mixed, f"decks mixing shape and concept cards: {mixed}"


def test_concept_decks_use_basic_cloze_and_choice_cards(builtin: DeckLoadResult) -> None:
    missing = {
        deck.id: sorted(CONCEPT_TYPES - {card.type for card in deck.cards})
        for deck in builtin.decks
        if all(card.type != "shape" for card in deck.cards)
    }
    missing = {deck_id: types for deck_id, types in missing.items() if types}
    assert not missing, f"concept decks without some card types: {missing}"
