"""Weather warnings as the issue's "Done when" states them, through the real wiring.

A KMA-compatible fake on 127.0.0.1 answers sfctm2 and both warnings endpoints: history rows,
lifted and re-issued warnings, a preliminary one, a marine zone, an upgrade (대치) effective
later, a station missing from the zone table (금산) and Seoul 경보 in zones that are not station
108's. The composition root builds the feeds from settings; the app serves what they stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from support.fakekma import FakeKma
from support.payloads import CANARY_KEY, live_sfctm2
from support.warning_payloads import ZONES_CASES, live_warnings, route_warnings

from ticker.app.compose import feed_refreshers, open_backends, source_from_settings
from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import Settings, load_settings
from ticker.core.kst import now_kst
from ticker.state.writer import SnapshotWriter
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.web.context import WebContext
from ticker.web.site import create_app

SET = ("bukgangneung", "ulleungdo", "gyeongju", "geumsan")
# Each station's warnings in force at the recording's moment (its own zone's, most severe
# first), as (type, level, zone).
EXPECTED: dict[str, list[tuple[str, str, str]]] = {
    "dongducheon": [],
    "gangneung": [("heat_wave", "advisory", "강릉시평지")],  # the 대치 to 경보 is at 14:00
    "bukgangneung": [("heat_wave", "advisory", "강릉시평지")],
    "seoul": [("tropical_night", "advisory", "서울서북권"),  # 경보 in the other three zones
              ("heat_wave", "advisory", "서울서북권")],
    "daejeon": [("other", "advisory", "대전광역시")],  # 가뭄: a kind this version lacks
    "daegu": [("heat_wave", "severe", "대구중부")],
    "ulsan": [("heat_wave", "warning", "울산동부")],  # upgraded at 11:00
    "gwangju": [("heavy_rain", "advisory", "광주동부")],  # lifted, then issued again
    "busan": [],  # lifted
    "gochang": [],
    "jeju": [("yellow_dust", "unknown", "제주시북부")],  # 관심: a level this version lacks
    "ganghwa": [("heat_wave", "advisory", "강화군")],
    "boeun": [],
    "geumsan": [("heat_wave", "advisory", "금산군")],  # absent from the table: nearest row
    "gangjin": [],
    "gyeongju": [("heat_wave", "warning", "경주시중북부")],  # ED_TM with commas
    "geoje": [],
    "ulleungdo": [],  # only a preliminary one: upcoming, not in force
}


@pytest.fixture
def settings(fake_kma: FakeKma, tmp_path: Path) -> Settings:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    route_warnings(fake_kma, warnings=live_warnings(), zones=ZONES_CASES)
    (tmp_path / "config.yaml").write_text(
        f"data_dir: {tmp_path / 'data'}\nsets:\n  east: [{', '.join(SET)}]\n", encoding="utf-8")
    return load_settings(env={"KMA_APIHUB_URL": fake_kma.url, "KMA_APIHUB_KEY": CANARY_KEY},
                         cwd=tmp_path)


def served(settings: Settings) -> Any:
    """Run the observations and every feed once as the scheduler would; the app over it."""
    backends = open_backends(settings, elect=False)
    with requests.Session() as session:
        source, _ = source_from_settings(settings, session, backends.ledger)
        writer = SnapshotWriter(backends.store)
        refresher = Refresher(source, backends.store, settings.strips().catalogue.stations,
                              now_kst, writer=writer)
        feeds = feed_refreshers(settings, writer, backends.ledger, False, session,
                                refresher.stopping)
        assert refresher.run().version is not None
        assert [feed.run() is not None for feed in feeds] == [True, True]
    ctx = WebContext(store=backends.store, cities=settings.strips().default,
                     freshness=settings.freshness, clock=now_kst, sets=settings.strips().sets,
                     catalogue=settings.catalogue())
    return create_app(ctx).test_client()


def warnings_of(city: dict[str, Any]) -> list[tuple[str, str, str]]:
    assert city["warnings"] is not None, city["id"]
    return [(w["type"], w["level"], w["zone"]) for w in city["warnings"]]


def test_every_station_of_the_strip_and_the_set_carries_its_own_zones_warnings(
        settings: Settings) -> None:
    client = served(settings)
    strip = client.get("/v1/weather").get_json()["cities"]
    east = client.get("/v1/weather?set=east").get_json()["cities"]
    got = {city["id"]: warnings_of(city) for city in strip + east}
    assert got == EXPECTED
    seoul = client.get("/v1/weather/seoul?lang=en").get_json()
    assert [(w["type_text"], w["level_text"], w["zone_id"]) for w in seoul["warnings"]] == [
        ("Tropical night", "advisory", "L1100400"), ("Heat wave", "advisory", "L1100400")]


def test_the_country_list_names_each_zones_stations(settings: Settings) -> None:
    document = served(settings).get("/v1/warnings").get_json()
    listed = {(w["zone"], w["type"], w["status"]): (w["level"], w["stations"])
              for w in document["warnings"]}
    level, southwest = listed[("서울서남권", "heat_wave", "in_force")]
    assert level == "warning" and "seoul" not in southwest
    assert listed[("서울서북권", "heat_wave", "in_force")] == ("advisory", ["seoul"])
    # The cases table is partial: other stations of the east coast take 강릉's zone too.
    for status, level in (("in_force", "advisory"), ("upcoming", "warning")):
        got_level, coast = listed[("강릉시평지", "heat_wave", status)]
        assert got_level == level and {"bukgangneung", "gangneung"} <= set(coast)
    assert listed[("울릉도.독도", "wind", "upcoming")] == ("unknown", ["ulleungdo"])
    assert listed[("동해남부남쪽안쪽먼바다", "high_seas", "in_force")] == ("advisory", [])
    level, inland = listed[("금산군", "heat_wave", "in_force")]
    assert level == "advisory" and "geumsan" in inland
    assert not any(zone == "부산서부" for zone, _, _ in listed)  # lifted
    statuses = [w["status"] for w in document["warnings"]]
    assert statuses == sorted(statuses, key=lambda status: status != "in_force")


def test_the_widget_shows_each_citys_badges(settings: Settings) -> None:
    page = served(settings).get("/widget?set=east").get_data(as_text=True)
    assert page.count('class="wb wb-warning"') == 2  # 경주, in both copies of the strip
    assert page.count('class="wb wb-advisory"') == 4  # 북강릉, 금산 (ulleungdo has none)
    assert "폭염경보" in page and "폭염주의보" in page and "강풍" not in page
