"""Settings: defaults, validation with clear messages, and the JSON round trip through the store."""

from __future__ import annotations

import pytest

from dlprep.concepts.settings import Settings
from dlprep.concepts.store import Store, StoreError


def test_defaults_follow_anki_and_fsrs() -> None:
    settings = Settings()
    assert settings.desired_retention == 0.9
    assert settings.learning_steps_minutes == (1, 10) and settings.relearning_steps_minutes == (10,)
    assert (settings.new_cards_per_day, settings.reviews_per_day) == (20, 200)
    assert (settings.day_starts_at_hour, settings.leech_lapses, settings.language) == (4, 8, "en")


def test_round_trip_through_a_dict() -> None:
    settings = Settings(desired_retention=0.85, learning_steps_minutes=(2, 20, 60), language="both")
    assert Settings.from_dict(settings.to_dict()) == settings
    assert settings.to_dict()["learning_steps_minutes"] == [2, 20, 60]


def test_unknown_keys_are_ignored() -> None:
    assert Settings.from_dict({"language": "zh", "from_the_future": 1}) == Settings(language="zh")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"desired_retention": 1.5}, "desired_retention"),
        ({"learning_steps_minutes": [1, -5]}, "learning_steps_minutes"),
        ({"new_cards_per_day": -1}, "new_cards_per_day"),
        ({"reviews_per_day": "many"}, "reviews_per_day"),
        ({"day_starts_at_hour": 24}, "day_starts_at_hour"),
        ({"language": "fr"}, "language"),
        ({"leech_lapses": 0}, "leech_lapses"),
        ({"learning_steps_minutes": 5}, "invalid settings"),
    ],
)
def test_invalid_values_name_the_field(values: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_dict(values)


def test_settings_are_saved_in_the_store(store: Store) -> None:
    assert store.load_settings() == Settings()
    store.save_settings(Settings(language="zh", new_cards_per_day=5))
    with Store.open(store.path) as reopened:
        assert reopened.load_settings() == Settings(language="zh", new_cards_per_day=5)


def test_invalid_stored_settings_are_a_store_error(store: Store) -> None:
    store._connection.execute(
        "INSERT INTO settings (key, value) VALUES ('language', '\"klingon\"')"
    )
    with pytest.raises(StoreError, match=r"settings saved in .* are invalid: language"):
        store.load_settings()
