"""Issue #26's "done when": against a data.go.kr-compatible upstream on 127.0.0.1 whose later
issuances lack today's low (and, after 15:00, today's high), every station of the default
strip carries today's and tomorrow's low and high, tomorrow's chance of rain and morning and
afternoon sky exactly as forecast — through the feed's refresher, the store and the document.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from support.fakekma import FakeKma
from support.forecast_payloads import (
    VilageUpstream,
    high_of,
    low_of,
    pop_of,
    pty_of,
    requested,
    sky_of,
)
from support.payloads import CANARY_KEY
from support.scripted import ScriptedSource
from support.stations import CITIES

from ticker.app.refresh.feed_refresher import FeedRefresher, feed_log
from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.documents import CityDocument, weather_document
from ticker.core.freshness import Freshness
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.sources.chain import CallCounter
from ticker.sources.forecast import ForecastFeed
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.state.writer import SnapshotWriter
from ticker.upstream.datagokr.client import VILAGE_FCST_PATH, DataGoKrClient
from ticker.upstream.transport import Timeouts

TODAY, TOMORROW = date(2025, 12, 1), date(2025, 12, 2)
PRECIPITATION = {1: "rain", 2: "sleet", 3: "snow", 4: "shower"}
SKY = {1: "clear", 3: "mostly_cloudy", 4: "overcast"}
FRESHNESS = Freshness()


def at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2025, 12, day, hour, minute, tzinfo=KST)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def condition(station: Station, moment: datetime) -> str:
    pty = pty_of(station.nx, station.ny, moment)
    return PRECIPITATION[pty] if pty else SKY[sky_of(station.nx, station.ny, moment)]


def cities(store: FileStore, now: datetime) -> tuple[CityDocument, ...]:
    stored = store.get()
    assert stored is not None
    return weather_document(stored.snapshot, CITIES, "en", now, FRESHNESS).cities


def test_every_station_of_the_default_strip_carries_today_and_tomorrow(
        fake_kma: FakeKma, tmp_path: Path) -> None:
    clock = Clock(at(18))
    store = FileStore(tmp_path)
    writer = SnapshotWriter(store)
    seoul = Observation(city_id="seoul", temperature_c=-4.0, condition=Condition.CLEAR,
                        observed_at=at(18), source="asos")
    Refresher(ScriptedSource(answers=[{"seoul": seoul}]), store, CITIES, clock,
              writer=writer).run()
    upstream = VilageUpstream(published=at(17))
    fake_kma.route(VILAGE_FCST_PATH, upstream)
    counter = CallCounter()
    client = DataGoKrClient(requests.Session(), fake_kma.url, CANARY_KEY,
                            Timeouts(connect=1.0, read=2.0), on_call=counter)
    ledger = FileQuotaLedger(tmp_path, {"forecast": 10_000})
    refresher = FeedRefresher(
        ForecastFeed(client.vilage_fcst), writer, CITIES, clock, ledger,
        every=timedelta(minutes=10),
        health=Health("forecast fetch", feed_log("forecast"), clock), counter=counter)

    # Started at 18:00: the 17:00 issuance lacks today's low and high; 02:00 and 14:00 have them.
    assert refresher.run() is not None
    asked = requested(fake_kma.requests)
    cells = {f"{s.nx},{s.ny}" for s in CITIES}
    assert {(cell, base) for cell, base, _ in asked} == {
        (cell, base) for cell in cells for base in ("1700", "0200", "1400")}
    assert ledger.report(clock.now).sources["forecast"].calls == len(asked)
    for city, station in zip(cities(store, clock.now), CITIES, strict=True):
        forecast = city.forecast
        assert forecast is not None and forecast.issued_at == at(17)
        nx, ny = station.nx, station.ny
        assert (forecast.today.min_c, forecast.today.max_c) == (
            low_of(nx, ny, TODAY, at(2)), high_of(nx, ny, TODAY, at(14)))
        assert (forecast.tomorrow.min_c, forecast.tomorrow.max_c) == (
            low_of(nx, ny, TOMORROW, at(17)), high_of(nx, ny, TOMORROW, at(17)))
        assert forecast.tomorrow.pop_pct == max(
            pop_of(nx, ny, at(hour, day=2)) for hour in range(24))
        assert forecast.today.pop_pct == max(pop_of(nx, ny, at(hour)) for hour in range(18, 24))
        assert (forecast.tomorrow.condition_am, forecast.tomorrow.condition_pm) == (
            condition(station, at(9, day=2)), condition(station, at(15, day=2)))
        assert forecast.tomorrow.condition_am_text  # the English twin is there

    # Resting until the 20:00 issuance is out; then only it is asked, today's low and high kept.
    clock.now = at(19, 50)
    fake_kma.requests.clear()
    assert refresher.run() is None and not requested(fake_kma.requests)
    clock.now, upstream.published = at(20, 10), at(20)
    assert refresher.run() is not None
    assert {base for _, base, _ in requested(fake_kma.requests)} == {"2000"}
    for city, station in zip(cities(store, clock.now), CITIES, strict=True):
        forecast = city.forecast
        assert forecast is not None and forecast.issued_at == at(20)
        assert (forecast.today.min_c, forecast.today.max_c) == (
            low_of(station.nx, station.ny, TODAY, at(2)),
            high_of(station.nx, station.ny, TODAY, at(14)))
        assert forecast.tomorrow.max_c == high_of(station.nx, station.ny, TOMORROW, at(20))

    # An upstream that publishes nothing more: the last good values stay until the limit,
    # then the forecast is unknown (null), never a guess.
    clock.now = at(2, 59, day=2)
    fake_kma.requests.clear()
    refresher.run()
    # 02:00 and 23:00 are asked (not out: 03); the 20:00 one held is not fetched again.
    assert {base for _, base, _ in requested(fake_kma.requests)} == {"0200", "2300"}
    assert all(city.forecast is not None for city in cities(store, clock.now))
    assert all(city.forecast is None for city in cities(store, at(3, 1, day=2)))
