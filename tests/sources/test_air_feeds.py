"""The fine dust feeds on their own: when a run is due, the recordings replayed through the
live parsers, and skipped rows said once."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest
from support.air_payloads import envelope, value_row
from support.stations import CITIES

from ticker.core.air import AirState
from ticker.core.cities import DEFAULT_CITY_IDS
from ticker.core.kst import KST
from ticker.sources.air import (
    AirFeed,
    expected_hour,
    sample_air_feed,
    sample_air_stations_feed,
)

HELD = AirState(sample=False, updated_at=datetime(2026, 5, 20, 14, 20, tzinfo=KST),
                measured_at=datetime(2026, 5, 20, 14, tzinfo=KST), readings={})


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 5, 20, hour, minute, tzinfo=KST)


def test_the_expected_hour_turns_at_the_available_minute() -> None:
    assert expected_hour(at(15, 14), 15) == at(14, 0)
    assert expected_hour(at(15, 15), 15) == at(15, 0)
    assert expected_hour(at(0, 5), 15) == datetime(2026, 5, 19, 23, tzinfo=KST)


def test_a_run_is_due_until_the_hour_is_held() -> None:
    feed = AirFeed(lambda page: envelope([]), available_minute=15)
    assert feed.due(None, at(14, 0))
    assert not feed.due(HELD, at(15, 10))
    assert feed.due(HELD, at(15, 15))
    assert feed.due(HELD.model_copy(update={"sample": True}), at(14, 30))


def test_the_recordings_give_every_default_city_a_value() -> None:
    now = datetime(2025, 12, 1, 9, 30, tzinfo=KST)
    stations = sample_air_stations_feed().fetch(CITIES, now, None)
    air = sample_air_feed().fetch(CITIES, now, None)
    assert air.sample and stations.sample
    assert air.measured_at == air.updated_at == datetime(2025, 12, 1, 9, tzinfo=KST)
    for city in DEFAULT_CITY_IDS:
        assert stations.stations[city][0].key in air.readings


def test_skipped_rows_are_said_once_and_again_only_when_they_change(
        caplog: pytest.LogCaptureFixture) -> None:
    rows: list[dict[str, Any]] = [value_row("중구", "서울"), value_row("x", "nowhere")]
    feed = AirFeed(lambda page: envelope(rows))
    caplog.set_level(logging.WARNING, logger="ticker.sources.air")
    for _ in range(3):
        feed.fetch((), at(14, 20), None)
    rows.append(value_row("y", "nowhere"))
    feed.fetch((), at(14, 30), None)
    assert [r.getMessage() for r in caplog.records] == [
        "feed air: 1 rows without a station, province or time skipped",
        "feed air: 2 rows without a station, province or time skipped"]
