"""The widget's view of a weather document: item text, date line, delay and sample states."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from support.clock import NOW
from support.payloads import seed_rows
from support.stations import CITIES, by_id

from ticker.app.refresh.refresher import fetch_snapshot
from ticker.core.conditions import Condition
from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.view import (
    date_line,
    is_delayed,
    latest_time,
    scroll_seconds,
    short_date_line,
    widget_view,
)


def sample_document(lang: str = "ko") -> dict[str, Any]:
    snapshot = fetch_snapshot(sample_source(), CITIES, NOW)
    return weather_document(snapshot, CITIES, lang, NOW, Freshness())


def live_document(ages: dict[str, timedelta | None]) -> dict[str, Any]:
    """A live document whose cities were observed ``ages`` before NOW (None: never)."""
    observations = tuple(
        Observation(city_id=city_id, temperature_c=5.0, condition=Condition.CLEAR,
                    observed_at=NOW - age, source="asos")
        for city_id, age in ages.items() if age is not None)
    snapshot = Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations)
    cities = [by_id(city_id) for city_id in ages]
    return weather_document(snapshot, cities, "ko", NOW, Freshness())


@pytest.mark.parametrize(("day", "ko", "en"), [
    (date(2025, 12, 1), "2025.12.01 (월)", "Mon, 1 Dec 2025"),
    (date(2026, 1, 4), "2026.01.04 (일)", "Sun, 4 Jan 2026"),
    (date(2024, 2, 29), "2024.02.29 (목)", "Thu, 29 Feb 2024"),
])
def test_date_line(day: date, ko: str, en: str) -> None:
    assert (date_line(day, "ko"), date_line(day, "en")) == (ko, en)


@pytest.mark.parametrize(("day", "ko", "en"), [
    (date(2025, 12, 1), "12.01(월)", "Mon 1 Dec"),
    (date(2026, 1, 4), "01.04(일)", "Sun 4 Jan"),
])
def test_short_date_line_for_narrow_widgets(day: date, ko: str, en: str) -> None:
    assert (short_date_line(day, "ko"), short_date_line(day, "en")) == (ko, en)


def test_sample_items_are_the_seed_ticker() -> None:
    view = widget_view(sample_document(), WidgetOptions(cities=CITIES))
    assert [f"{i.condition_text} {i.name} {i.temperature}" for i in view.items] == [
        f"{r['condition_ko']} {r['name_ko']} {float(r['temperature_c']):.1f}℃"
        for r in seed_rows()]
    assert (view.date_text, view.date_short, view.observed_time, view.attribution) == (
        "2025.12.01 (월)", "12.01(월)", "09:00", "기상청 제공")
    assert view.sample is True
    assert view.delayed is False


def test_english_view_uses_english_names_and_labels() -> None:
    view = widget_view(sample_document("en"), WidgetOptions(cities=CITIES, lang="en"))
    seoul = view.items[2]
    assert (seoul.condition_text, seoul.name, seoul.temperature) == ("Clear", "Seoul", "3.8℃")
    assert view.date_text == "Mon, 1 Dec 2025"
    assert view.labels["observed_before"] == "Observed "


def test_a_city_without_data_shows_a_dash_and_raises_no_delay() -> None:
    document = live_document({"seoul": timedelta(minutes=30), "jeju": None})
    view = widget_view(document, WidgetOptions(cities=(by_id("seoul"), by_id("jeju"))))
    jeju = view.items[1]
    assert (jeju.condition, jeju.condition_text, jeju.temperature) == ("unknown", "", "—")
    assert document.cities[1].stale is True
    assert jeju.stale is False
    assert view.delayed is False


def test_a_stale_value_on_screen_raises_the_delay_badge() -> None:
    document = live_document({"seoul": timedelta(minutes=30), "busan": timedelta(minutes=120)})
    view = widget_view(document, WidgetOptions(cities=(by_id("seoul"), by_id("busan"))))
    assert [item.stale for item in view.items] == [False, True]
    assert view.delayed is True


def test_a_withheld_value_is_a_dash_not_a_delay() -> None:
    document = live_document({"seoul": timedelta(minutes=30), "busan": timedelta(hours=7)})
    assert document.cities[1].temperature_c is None
    assert is_delayed(document) is False


def test_sample_data_is_never_delayed() -> None:
    sample = sample_document()
    document = sample.model_copy(update={"cities": tuple(
        city.model_copy(update={"stale": True}) for city in sample.cities)})
    assert is_delayed(document) is False


def test_latest_time_is_the_newest_observation_else_the_update_time() -> None:
    document = live_document({"seoul": timedelta(minutes=90), "busan": timedelta(minutes=30)})
    assert latest_time(document) == "2025-12-01T09:00:00+09:00"
    empty = live_document({"jeju": None})
    assert latest_time(empty) == "2025-12-01T09:30:00+09:00"


def test_scroll_time_follows_length_and_speed() -> None:
    view = widget_view(sample_document(), WidgetOptions(cities=CITIES))
    slow = scroll_seconds(view.items, 2.0)
    fast = scroll_seconds(view.items, 5.0)
    assert slow > fast > 0
    assert scroll_seconds(view.items[:1], 3.0) > 0  # one short item still fills the strip
