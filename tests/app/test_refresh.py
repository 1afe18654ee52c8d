"""Refresh: per-city merge, keep-last-good, stale and withheld values, log-once, with an
injected clock and a scripted source."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.clock import Clock
from support.scripted import ScriptedSource
from support.stations import CITIES, by_ids

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.documents import CityDocument, weather_document
from ticker.core.errors import MalformedPayloadError, NetworkError, UpstreamError
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore

T0 = datetime(2025, 12, 1, 9, 12, tzinfo=KST)
HOUR = T0.replace(minute=0)
THREE = by_ids(["seoul", "busan", "daegu"])


def obs(city_id: str, temperature: float | None, condition: Condition = Condition.CLEAR,
        at: datetime = HOUR) -> Observation:
    return Observation(city_id=city_id, temperature_c=temperature, condition=condition,
                       observed_at=at, source="asos")


def setup(tmp_path: Path, *answers: dict[str, Observation] | UpstreamError,
          cities: Sequence[Station] = THREE) -> tuple[Refresher, ScriptedSource, Clock]:
    source = ScriptedSource(answers=list(answers))
    clock = Clock(T0)
    return Refresher(source, FileStore(tmp_path), cities, clock), source, clock


def values(refresher: Refresher) -> dict[str, tuple[float | None, Condition, datetime | None]]:
    stored = refresher.store.get()
    assert stored is not None
    return {o.city_id: (o.temperature_c, o.condition, o.observed_at)
            for o in stored.snapshot.observations}


def test_first_refresh_stores_every_city_in_configured_order(tmp_path: Path) -> None:
    refresher, _, _ = setup(tmp_path, {"daegu": obs("daegu", 8.7, Condition.MIST),
                                       "seoul": obs("seoul", 3.8)})
    result = refresher.run()
    assert result.version == 1
    assert set(result.updated) == {"seoul", "daegu"}
    stored = refresher.store.get()
    assert [o.city_id for o in stored.snapshot.observations] == [  # type: ignore[union-attr]
        "seoul", "busan", "daegu"]
    assert values(refresher)["busan"] == (None, Condition.UNKNOWN, None)


def test_a_city_missing_from_a_later_fetch_keeps_its_value_and_time(tmp_path: Path) -> None:
    later = HOUR + timedelta(hours=1)
    refresher, _, clock = setup(
        tmp_path,
        {"seoul": obs("seoul", 3.8), "busan": obs("busan", 13.5, Condition.OVERCAST)},
        {"seoul": obs("seoul", 4.4, at=later)})
    refresher.run()
    clock.now = T0 + timedelta(hours=1)
    result = refresher.run()
    assert result.updated == ("seoul",)
    got = values(refresher)
    assert got["seoul"] == (4.4, Condition.CLEAR, later)
    assert got["busan"] == (13.5, Condition.OVERCAST, HOUR)


def test_an_unusable_city_value_does_not_replace_a_good_one(tmp_path: Path) -> None:
    refresher, _, _ = setup(
        tmp_path, {"seoul": obs("seoul", 3.8), "busan": obs("busan", 13.5)},
        {"seoul": obs("seoul", None, Condition.UNKNOWN, HOUR + timedelta(hours=1)),
         "busan": obs("busan", 14.0, at=HOUR + timedelta(hours=1))})
    refresher.run()
    refresher.run()
    assert values(refresher)["seoul"] == (3.8, Condition.CLEAR, HOUR)


def test_an_older_hour_never_replaces_a_newer_value(tmp_path: Path) -> None:
    refresher, _, _ = setup(tmp_path, {"seoul": obs("seoul", 3.8)},
                            {"seoul": obs("seoul", 2.0, at=HOUR - timedelta(hours=1))})
    refresher.run()
    refresher.run()
    assert values(refresher)["seoul"][0] == 3.8


@pytest.mark.parametrize("error", [NetworkError("down"), MalformedPayloadError("garbage")])
def test_a_failed_fetch_writes_nothing(tmp_path: Path, error: UpstreamError) -> None:
    refresher, _, _ = setup(tmp_path, {"seoul": obs("seoul", 3.8)}, error)
    refresher.run()
    before = (refresher.store.path.read_bytes(), refresher.store.version())
    result = refresher.run()
    assert result.version is None
    assert result.failure is error
    assert (refresher.store.path.read_bytes(), refresher.store.version()) == before


def test_a_fetch_with_no_usable_value_writes_nothing(tmp_path: Path) -> None:
    refresher, _, _ = setup(tmp_path, {"seoul": obs("seoul", 3.8)},
                            {"seoul": obs("seoul", None, Condition.UNKNOWN)})
    refresher.run()
    result = refresher.run()
    assert result.failure is not None
    assert result.failure.failure_class == "no data"
    assert refresher.store.version() == 1


def test_stale_after_the_limit_and_withheld_after_the_hard_limit(tmp_path: Path) -> None:
    refresher, _, _ = setup(tmp_path, {"seoul": obs("seoul", 3.8)})
    refresher.run()
    snapshot = refresher.store.get().snapshot  # type: ignore[union-attr]
    rules = Freshness(stale_after_minutes=90, withhold_after_minutes=360)

    def seoul_at(now: datetime) -> CityDocument:
        return weather_document(snapshot, THREE, "ko", now, rules).cities[0]

    fresh = seoul_at(HOUR + timedelta(minutes=90))
    assert (fresh.stale, fresh.temperature_c, fresh.condition) == (False, 3.8, "clear")
    stale = seoul_at(HOUR + timedelta(minutes=91))
    assert (stale.stale, stale.temperature_c, stale.condition) == (True, 3.8, "clear")
    withheld = seoul_at(HOUR + timedelta(hours=6, minutes=1))
    assert withheld.stale is True
    assert (withheld.temperature_c, withheld.condition) == (None, "unknown")
    assert withheld.condition_text == ""
    assert withheld.observed_at == HOUR  # still says how old it is


def test_sample_data_is_never_stale_nor_withheld(tmp_path: Path) -> None:
    refresher = Refresher(sample_source(), FileStore(tmp_path), CITIES, Clock(T0))
    refresher.run()
    snapshot = refresher.store.get().snapshot  # type: ignore[union-attr]
    document = weather_document(snapshot, CITIES, "ko", T0 + timedelta(days=400), Freshness())
    assert document.sample is True
    assert not any(city.stale for city in document.cities)
    assert document.cities[2].temperature_c == 3.8


def test_live_data_replaces_sample_data_entirely(tmp_path: Path) -> None:
    Refresher(sample_source(), FileStore(tmp_path), THREE, Clock(T0)).run()
    refresher, _, _ = setup(tmp_path, {"seoul": obs("seoul", 1.0)})
    refresher.run()
    stored = refresher.store.get()
    assert stored.snapshot.sample is False  # type: ignore[union-attr]
    assert values(refresher)["busan"] == (None, Condition.UNKNOWN, None)


def test_failing_and_recovered_are_logged_once_with_the_class(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="ticker.refresh")
    refresher, _, _ = setup(tmp_path, NetworkError("connection refused"),
                            NetworkError("connection refused"), MalformedPayloadError("bad"),
                            {"seoul": obs("seoul", 3.8)}, {"seoul": obs("seoul", 3.9)})
    for _ in range(5):
        refresher.run()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "upstream fetch failing (network): connection refused",
        "upstream fetch still failing, now (malformed): bad",
        "upstream fetch recovered after 3 failed run(s) (last: malformed)",
    ]


def test_needs_refresh_until_every_city_holds_the_current_hour(tmp_path: Path) -> None:
    refresher, _, clock = setup(
        tmp_path, {"seoul": obs("seoul", 3.8), "busan": obs("busan", 1.0)},
        {"daegu": obs("daegu", 8.7)})
    assert refresher.needs_refresh(T0)
    refresher.run()
    assert refresher.needs_refresh(T0)  # daegu has nothing for 09:00 yet
    refresher.run()
    assert not refresher.needs_refresh(T0)
    assert refresher.run_if_due() is None  # rests for the rest of the hour
    clock.now = T0 + timedelta(hours=1)
    assert refresher.needs_refresh(clock.now)


def test_sample_source_rests_once_stored(tmp_path: Path) -> None:
    refresher = Refresher(sample_source(), FileStore(tmp_path), CITIES, Clock(T0))
    assert refresher.run_if_due() is not None
    assert refresher.run_if_due() is None
