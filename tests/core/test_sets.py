"""Every catalogue station is held and servable; sets name strips; the cost stays one call.

A refresh runs against a KMA-compatible fake upstream on 127.0.0.1 that answers for the
stations asked for; the web app reads what the refresh stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from support.asos_rows import Reading, stations_handler
from support.clock import NOW
from support.datagokr_payloads import Cell, serve_cells
from support.fakekma import FakeKma, Request
from support.payloads import CANARY_KEY
from werkzeug.test import Client

from ticker.app.cli.station_list import START, with_station_list
from ticker.app.compose import source_from_settings
from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import Settings
from ticker.core.catalogue import load_catalogue
from ticker.core.freshness import Freshness
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.datagokr.client import NCST_PATH
from ticker.web.context import WebContext
from ticker.web.site import create_app

GANGWON = ["chuncheon", "wonju", "sokcho", "cheorwon", "daegwallyeong"]
CATALOGUE = load_catalogue()
# Every station reports; Gangwon's with their own values, so the mapping is visible.
GANGWON_READINGS = {
    101: Reading(ta=-3.2, ca_tot=0),  # 춘천: 맑음
    114: Reading(ta=-1.5, ca_tot=4),  # 원주: 구름조금
    90: Reading(ta=2.4, ca_tot=7),  # 속초: 구름많음
    95: Reading(ta=-6.0, ca_tot=10),  # 철원: 흐림
    100: Reading(ta=-9.0, ca_tot=None, ww="19"),  # 대관령: 박무, and −9.0 ℃ is a reading
}


def readings(tm: str) -> dict[int, Reading]:
    return {**{s.station: Reading(ta=5.0) for s in CATALOGUE}, **GANGWON_READINGS}


def settings_for(fake: FakeKma, tmp_path: Path, **extra: object) -> Settings:
    return Settings.model_validate({
        "data_dir": str(tmp_path), "sets": {"gangwon": GANGWON, "jeju": ["jeju", "seogwipo"]},
        "kma_apihub": {"url": fake.url, "key": CANARY_KEY}, **extra})


def refresh(settings: Settings, tmp_path: Path) -> Refresher:
    strips = settings.strips()
    with requests.Session() as session:
        source, _ = source_from_settings(
            settings, session, FileQuotaLedger(tmp_path, settings.quota.daily_limits))
        refresher = Refresher(source, FileStore(tmp_path), strips.catalogue.stations,
                              clock=lambda: NOW, watched=[s.id for s in strips.watched])
        assert refresher.run().version is not None
    return refresher


def this_hour(fake: FakeKma) -> list[Request]:
    """The sfctm2 calls for the current hour (the backfill asks for past hours)."""
    return [r for r in fake.seen(SFCTM2_PATH) if r.query["tm"] == f"{NOW:%Y%m%d%H}00"]


def client(settings: Settings, tmp_path: Path) -> Client:
    strips = settings.strips()
    ctx = WebContext(store=FileStore(tmp_path), cities=strips.default, sets=strips.sets,
                     catalogue=strips.catalogue, freshness=Freshness(), clock=lambda: NOW)
    return create_app(ctx, version_poll_seconds=0).test_client()


@pytest.fixture
def served(fake_kma: FakeKma, tmp_path: Path) -> Client:
    fake_kma.route(SFCTM2_PATH, stations_handler(readings))
    settings = settings_for(fake_kma, tmp_path)
    refresh(settings, tmp_path)
    return client(settings, tmp_path)


def test_a_set_gives_its_stations_in_order_with_official_names(served: Client) -> None:
    cities = served.get("/v1/weather?set=gangwon").get_json()["cities"]
    assert [c["id"] for c in cities] == GANGWON
    assert [c["name"] for c in cities] == ["춘천", "원주", "속초", "철원", "대관령"]
    assert [(c["temperature_c"], c["condition_text"]) for c in cities] == [
        (-3.2, "맑음"), (-1.5, "구름조금"), (2.4, "구름많음"), (-6.0, "흐림"), (-9.0, "박무")]
    assert [c["station"] for c in cities] == [101, 114, 90, 95, 100]


def test_the_default_strip_is_unchanged(served: Client) -> None:
    cities = served.get("/v1/weather").get_json()["cities"]
    assert [c["id"] for c in cities][:3] == ["dongducheon", "gangneung", "seoul"]
    assert len(cities) == 16


def test_any_catalogue_station_may_be_asked_for_in_any_order(served: Client) -> None:
    cities = served.get("/v1/weather?cities=gimhae-si,sokcho,seoul").get_json()["cities"]
    assert [(c["id"], c["name"]) for c in cities] == [
        ("gimhae-si", "김해시"), ("sokcho", "속초"), ("seoul", "서울")]
    assert served.get("/v1/weather/bukgangneung").get_json()["name"] == "북강릉"
    widget = served.get("/widget?set=gangwon").get_data(as_text=True)
    assert "대관령" in widget and "서울" not in widget


@pytest.mark.parametrize(("query", "named"), [
    ("set=nowhere-<b>", "set"), ("cities=seoul,atlantis", "cities"),
    ("cities=seoul,seoul", "cities"), ("cities=" + ",".join(["seoul"] * 101), "cities"),
    ("set=gangwon&cities=seoul", "set"),
])
def test_a_bad_set_or_id_is_a_400_naming_the_parameter(served: Client, query: str,
                                                       named: str) -> None:
    for path in ("/v1/weather", "/widget"):
        response = served.get(f"{path}?{query}")
        assert response.status_code == 400
        body = response.get_data(as_text=True)
        assert f"parameter {named!r}" in body or f"parameter &#39;{named}&#39;" in body
        assert "nowhere" not in body and "atlantis" not in body


def test_stations_and_sets_are_listed(served: Client) -> None:
    stations = served.get("/v1/stations").get_json()["stations"]
    assert len(stations) == 95
    by_id = {s["id"]: s for s in stations}
    assert by_id["sokcho"] == {"id": "sokcho", "name": "속초", "name_en": "Sokcho",
                               "name_ja": "束草", "name_zh": "束草", "station": 90,
                               "province": "강원", "lat": 38.25085, "lon": 128.56473,
                               "sets": ["gangwon"]}
    assert by_id["gochang-gun"]["sets"] == [] and by_id["gochang"]["station"] == 172
    sets = served.get("/v1/sets").get_json()
    assert sets["sets"] == [{"name": "gangwon", "ids": GANGWON, "title": None},
                            {"name": "jeju", "ids": ["jeju", "seogwipo"], "title": None}]
    assert len(sets["default"]) == 16
    response = served.get("/v1/stations")
    again = served.get("/v1/stations", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_a_set_may_carry_a_display_title_beside_the_list_only_form(tmp_path: Path) -> None:
    settings = Settings.model_validate({"data_dir": str(tmp_path), "sets": {
        "gangwon": {"title": "강원", "cities": GANGWON}, "jeju": ["jeju", "seogwipo"]}})
    assert settings.set_ids() == {"gangwon": tuple(GANGWON), "jeju": ("jeju", "seogwipo")}
    strips = settings.strips()
    assert [s.id for s in strips.sets["gangwon"]] == GANGWON
    ctx = WebContext(store=FileStore(tmp_path), cities=strips.default, sets=strips.sets,
                     set_titles=strips.titles, catalogue=strips.catalogue,
                     freshness=Freshness(), clock=lambda: NOW)
    served = create_app(ctx, version_poll_seconds=0).test_client()
    assert served.get("/v1/sets").get_json()["sets"] == [
        {"name": "gangwon", "ids": GANGWON, "title": "강원"},
        {"name": "jeju", "ids": ["jeju", "seogwipo"], "title": None}]
    page = served.get("/").get_data(as_text=True)
    assert '<option value="gangwon">강원: 춘천, 원주, 속초, 철원, 대관령</option>' in page
    assert '<option value="jeju">jeju: 제주, 서귀포</option>' in page


@pytest.mark.parametrize("entry", [
    {"title": "", "cities": ["jeju"]}, {"title": "제주"}, {"title": "제주", "cities": ["atlantis"]},
    {"title": "제주", "cities": ["jeju"], "colour": "blue"},
])
def test_a_titled_set_is_checked_as_strictly(tmp_path: Path, entry: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="sets"):
        Settings.model_validate({"data_dir": str(tmp_path), "sets": {"jeju": entry}})


def test_one_sfctm2_call_covers_every_station_whatever_the_sets(fake_kma: FakeKma,
                                                                tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, stations_handler(readings))
    many = {f"s{n}": [CATALOGUE.stations[n].id] for n in range(40)}
    refresh(settings_for(fake_kma, tmp_path, sets=many), tmp_path)
    [call] = this_hour(fake_kma)
    assert sorted(int(s) for s in call.query["stn"].split(":")) == sorted(
        s.station for s in CATALOGUE)


def test_only_a_watched_station_without_a_row_is_worth_a_step_back(fake_kma: FakeKma,
                                                                   tmp_path: Path) -> None:
    def without(*numbers: int) -> object:
        return stations_handler(lambda tm: {k: v for k, v in readings(tm).items()
                                            if k not in numbers})

    fake_kma.route(SFCTM2_PATH, without(251))  # 고창군: shown by no strip
    refresh(settings_for(fake_kma, tmp_path / "a"), tmp_path / "a")
    assert len(this_hour(fake_kma)) == 1
    fake_kma.route(SFCTM2_PATH, without(251, 95))  # 철원: in the gangwon set
    fake_kma.requests.clear()
    refresher = refresh(settings_for(fake_kma, tmp_path / "b"), tmp_path / "b")
    calls = fake_kma.seen(SFCTM2_PATH)
    # The hour's call, then one call per step back covering every station still missing;
    # the history's backfill (one call per past hour, every station) comes after.
    step_backs = calls[1:3]
    assert [r.query["tm"] for r in step_backs] == [f"{NOW:%Y%m%d}0800", f"{NOW:%Y%m%d}0700"]
    assert all(set(r.query["stn"].split(":")) == {"251", "95"} for r in step_backs)
    # The hour is complete for what is shown only when 철원 reports; 고창군 never counts.
    assert refresher.needs_refresh(NOW)


def test_a_station_nobody_shows_does_not_keep_the_hour_open(fake_kma: FakeKma,
                                                            tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, stations_handler(
        lambda tm: {k: v for k, v in readings(tm).items() if k != 251}))
    refresher = refresh(settings_for(fake_kma, tmp_path), tmp_path)
    assert not refresher.needs_refresh(NOW)


def test_the_fallback_asks_only_shown_stations_once_per_grid_cell(fake_kma: FakeKma,
                                                                  tmp_path: Path) -> None:
    # ASOS has no row this hour for 속초, 춘천, 서울 and an added station in Seoul's grid cell
    # (all shown), nor for 북춘천 (shown by no strip).
    lacking = {90, 101, 108, 998, 93}
    fake_kma.route(SFCTM2_PATH, stations_handler(
        lambda tm: {k: v for k, v in readings(tm).items() if k not in lacking}))
    cells = {(s.nx, s.ny): Cell(t1h="1.5", pty="0", sky="1") for s in CATALOGUE}
    serve_cells(fake_kma, cells)
    hq = {"id": "seoul-hq", "station": 998, "name_ko": "서울본청", "name_en": "Seoul HQ",
          "lat": 37.5714, "lon": 126.9658}
    settings = settings_for(fake_kma, tmp_path, provider="asos,vilage", stations=[hq],
                            data_go_kr={"url": fake_kma.url, "key": CANARY_KEY},
                            sets={"north": ["chuncheon", "sokcho", "seoul", "seoul-hq",
                                            "gangneung"]})
    refresh(settings, tmp_path)
    asked = [(int(r.query["nx"]), int(r.query["ny"])) for r in fake_kma.seen(NCST_PATH)]
    wanted = [CATALOGUE.by_id(i) for i in ("chuncheon", "sokcho", "seoul")]
    assert sorted(asked) == sorted((s.nx, s.ny) for s in wanted if s is not None)
    ledger = FileQuotaLedger(tmp_path, settings.quota.daily_limits).report(NOW)
    assert ledger.sources["vilage"].calls == 6  # a nowcast and a forecast per cell
    cities = client(settings, tmp_path).get("/v1/weather?set=north").get_json()["cities"]
    assert [(c["id"], c["source"]) for c in cities] == [
        ("chuncheon", "vilage"), ("sokcho", "vilage"), ("seoul", "vilage"),
        ("seoul-hq", "vilage"), ("gangneung", "asos")]
    assert cities[3]["name"] == "서울본청"


def test_readiness_holds_when_a_set_station_never_reports(fake_kma: FakeKma,
                                                          tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, stations_handler(
        lambda tm: {k: v for k, v in readings(tm).items() if k != 95}))
    settings = settings_for(fake_kma, tmp_path)
    refresh(settings, tmp_path)
    web = client(settings, tmp_path)
    assert web.get("/readyz").status_code == 200
    cheorwon = web.get("/v1/weather?set=gangwon").get_json()["cities"][3]
    assert (cheorwon["id"], cheorwon["temperature_c"]) == ("cheorwon", None)


def test_the_docs_station_list_is_the_catalogues() -> None:
    page = (Path(__file__).parents[2] / "docs" / "stations.md").read_text(encoding="utf-8")
    assert START in page
    assert with_station_list(page, CATALOGUE) == page
    assert "`jeongseon-gun` 정선군 (217)" in page
