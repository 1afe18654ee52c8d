"""Issue #25's "done when", at the FeedRefresher level: against an AirKorea-compatible fake on
127.0.0.1 where the nearest measuring station to Seoul reports 통신장애, one station sends
dmX/dmY swapped, one lacks its 1-hour grade and pages over 500 rows are refused, every station
of the default strip and of a configured set reads the right measuring station, values and
grade from the stored snapshot; each operation's calls are on its own quota line, within 500.
Also: a page failing mid-way keeps the last good whole set, said once; the hour is rested on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from support.air_payloads import AirKoreaPages, route_airkorea, station_row, value_row
from support.clock import Clock
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY
from support.scripted import ScriptedSource
from support.stations import CITIES, by_ids

from ticker.app.refresh.feed_refresher import FeedRefresher, feed_log
from ticker.app.refresh.refresher import Refresher
from ticker.core.air import read_air
from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.sources.air import AirFeed, AirStationsFeed
from ticker.sources.chain import CallCounter
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.state.writer import SnapshotWriter
from ticker.upstream.datagokr.airkorea import VALUES_PATH, AirKoreaClient
from ticker.upstream.transport import Timeouts

T0 = datetime(2026, 5, 20, 14, 20, tzinfo=KST)
HOUR = "2026-05-20 14:00"
# A configured set beside the default strip: two more stations, and 울릉도, with no measuring
# station within 15 km in this fake (so its air is unknown, never a mainland neighbour's).
SET = by_ids(["sokcho", "chuncheon", "ulleungdo"])
STATIONS: tuple[Station, ...] = CITIES + SET
SEOUL_NOW = {"seoul": Observation(city_id="seoul", temperature_c=21.5, condition=Condition.CLEAR,
                                  observed_at=T0.replace(minute=0), source="asos")}


@dataclass(frozen=True)
class Expect:
    """What a catalogue station must read: the measuring station, its values and grade."""

    station: str
    pm10: int
    pm25: int
    grade: int


def near(station: Station, km_north: float) -> tuple[float, float]:
    return round(station.lat + km_north / 111.2, 6), station.lon


def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Expect | None]]:
    """The station list, the values and what each station must read."""
    stations, values, expect = [], [], {}
    for n, station in enumerate(STATIONS):
        if station.id in {"seoul", "busan", "ulleungdo"}:
            continue
        name = f"{station.name_ko}측정소"
        lat, lon = near(station, 2.0)
        stations.append(station_row(name, f"{station.province} {name}로 1", lat, lon))
        pm10, pm25 = 20 + n, 10 + n
        values.append(value_row(name, station.province or "", str(pm10), str(pm25),
                                time=HOUR, grade10="1", grade25="2"))
        expect[station.id] = Expect(name, pm10, pm25, 2)
    seoul, busan = by_ids(["seoul", "busan"])
    # Seoul: the nearest (1 km) reports 통신장애; the next (3 km) is sent with dmX/dmY swapped.
    lat, lon = near(seoul, 1.0)
    stations.append(station_row("중구", "서울 중구 덕수궁길 15", lat, lon))
    values.append(value_row("중구", "서울", "77", "44", time=HOUR, grade10="2", grade25="3",
                            flag10="통신장애", flag25="통신장애"))
    lat, lon = near(seoul, 3.0)
    stations.append(station_row("종로구", "서울 종로구 종로35가길 19", lon, lat))
    values.append(value_row("종로구", "서울", "41", "22", time=HOUR, grade10="2", grade25="2"))
    expect["seoul"] = Expect("종로구", 41, 22, 2)
    # Busan: its nearest is 중구 of 부산 (not 서울's), which lacks its 1-hour grades.
    lat, lon = near(busan, 1.5)
    stations.append(station_row("중구", "부산광역시 중구 광복로 55번길 10", lat, lon))
    values.append(value_row("중구", "부산", "95", "30", time=HOUR, grade10="3", grade25="2",
                            grade10_1h="", grade25_1h="-"))
    expect["busan"] = Expect("중구", 95, 30, 3)
    expect["ulleungdo"] = None
    # Enough stations far out at sea that both sets take three pages.
    for n in range(230):
        stations.append(station_row(f"해상{n}", "제주 해상", 33.0 + n * 0.001, 131.9))
        values.append(value_row(f"해상{n}", "제주", "10", "5", time=HOUR))
    return stations, values, expect


class Rig:
    """A store holding an observations snapshot, and both AirKorea feeds writing beside it."""

    def __init__(self, tmp_path: Path, fake: FakeKma) -> None:
        self.clock = Clock(T0)
        self.store = FileStore(tmp_path)
        writer = SnapshotWriter(self.store)
        Refresher(ScriptedSource(answers=[SEOUL_NOW]), self.store, STATIONS, self.clock,
                  writer=writer).run()
        self.ledger = FileQuotaLedger(tmp_path, {"air": 500, "air_stations": 500})
        self.refreshers = {}
        for name, every, build in (("air_stations", 24 * 60, AirStationsFeed),
                                   ("air", 10, AirFeed)):
            counter = CallCounter()
            health = Health(f"{name} fetch", feed_log(name), self.clock)
            client = AirKoreaClient(requests.Session(), fake.url, CANARY_KEY,
                                    Timeouts(connect=2, read=2), on_call=counter,
                                    health=health)
            page = client.stations_page if name == "air_stations" else client.values_page
            self.refreshers[name] = FeedRefresher(
                build(page), writer, STATIONS, self.clock, self.ledger,
                every=timedelta(minutes=every),
                health=health, counter=counter)

    def run(self, name: str) -> int | None:
        return self.refreshers[name].run()

    def read(self) -> dict[str, Expect | None]:
        stored = self.store.get()
        assert stored is not None
        shown = Freshness().air_of(stored.snapshot, self.clock())
        assert shown is not None
        air, stations, oldest = shown
        read: dict[str, Expect | None] = {}
        for station in STATIONS:
            chosen = read_air(stations.stations.get(station.id, ()), air.readings, oldest)
            read[station.id] = None if chosen is None else Expect(
                chosen[0].name, chosen[1].pm10 or -1, chosen[1].pm25 or -1,
                chosen[1].grade or -1)
        return read

    def calls(self) -> dict[str, int]:
        report = self.ledger.report(self.clock())
        return {name: usage.calls for name, usage in report.sources.items()}


def started(tmp_path: Path, fake: FakeKma
            ) -> tuple[Rig, AirKoreaPages, list[dict[str, Any]], dict[str, Expect | None]]:
    """The scenario served, and both feeds run once at 14:20."""
    stations, values, expect = scenario()
    pages = AirKoreaPages(values)
    route_airkorea(fake, pages, AirKoreaPages(stations))
    rig = Rig(tmp_path, fake)
    rig.run("air_stations")
    rig.run("air")
    return rig, pages, values, expect


def test_every_station_reads_the_right_measuring_station_values_and_grade(
        tmp_path: Path, fake_kma: FakeKma) -> None:
    stations, values, expect = scenario()
    route_airkorea(fake_kma, AirKoreaPages(values), AirKoreaPages(stations))
    rig = Rig(tmp_path, fake_kma)
    assert rig.run("air_stations") is not None
    assert rig.run("air") is not None
    assert rig.read() == expect
    assert rig.calls() == {"air": 3, "air_stations": 3}
    assert rig.ledger.report(rig.clock()).sources["air"].limit == 500


def test_the_hour_held_rests_the_feed_and_a_missing_hour_costs_one_call(
        tmp_path: Path, fake_kma: FakeKma) -> None:
    rig, pages, values, _ = started(tmp_path, fake_kma)
    rig.clock.advance(30 * 60)  # 14:50: the 14:00 hour is held
    assert rig.run("air") is None
    assert rig.calls()["air"] == 3
    rig.clock.advance(30 * 60)  # 15:20: due, but AirKorea still answers 14:00
    assert rig.run("air") is None
    assert rig.calls()["air"] == 4
    pages.rows = [{**row, "dataTime": "2026-05-20 15:00"} for row in values]
    rig.clock.advance(10 * 60)
    assert rig.run("air") is not None
    assert rig.calls()["air"] == 7
    stored = rig.store.get()
    assert stored is not None and stored.snapshot.air is not None
    assert stored.snapshot.air.measured_at == datetime(2026, 5, 20, 15, 0, tzinfo=KST)


def test_a_page_failing_mid_way_keeps_the_last_whole_set_and_is_said_once(
        tmp_path: Path, fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    rig, pages, values, expect = started(tmp_path, fake_kma)
    caplog.set_level(logging.INFO, logger="ticker.feeds.air")
    pages.rows = [{**row, "dataTime": "2026-05-20 15:00"} for row in values]
    pages.fail, pages.failure = {3}, Reply(status=502, body=b"bad gateway")
    rig.clock.advance(50 * 60)  # 15:10: then due at 15:20, 15:30, 15:40
    for _ in range(3):
        rig.clock.advance(10 * 60)
        assert rig.run("air") is None
    assert rig.read() == expect  # the 14:00 set, whole
    said = [r.getMessage() for r in caplog.records if r.name == "ticker.feeds.air"]
    assert len(said) == 1 and said[0].startswith("air fetch failing (network)")
    assert len(fake_kma.seen(VALUES_PATH)) == 3 + 3 * 3
