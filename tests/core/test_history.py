"""The last 24 hours: kept from every refresh, backfilled at start, served with today's low
and high and the feels-like temperature, against a KMA-compatible fake upstream."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from support.asos_rows import stations_handler
from support.clock import NOW
from support.fakekma import FakeKma, Reply, Request
from support.hourly_seoul import readings, seoul_at
from support.payloads import CANARY_KEY
from werkzeug.test import Client

from ticker.app.compose import source_from_settings
from ticker.app.refresh.backfill import Backfill
from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import Settings
from ticker.core.catalogue import load_catalogue
from ticker.core.conditions import Condition
from ticker.core.feels_like import feels_like
from ticker.core.freshness import Freshness
from ticker.core.history import missing_hours, today_range, with_observations
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.web.context import WebContext
from ticker.web.site import create_app

CATALOGUE = load_catalogue()


def obs(station_id: str, at: datetime, temperature: float) -> Observation:
    return Observation(city_id=station_id, temperature_c=temperature,
                       condition=Condition.CLEAR, observed_at=at, source="asos")


def test_the_window_keeps_24_hours_and_a_newer_reading_of_an_hour_wins() -> None:
    hours = [NOW.replace(minute=0) - timedelta(hours=n) for n in range(30)]
    history = with_observations({}, [obs("seoul", h, float(i)) for i, h in enumerate(hours)],
                                NOW)
    assert len(history["seoul"]) == 24
    assert history["seoul"][0].observed_at == hours[23] and history["seoul"][-1].temperature_c == 0
    again = with_observations(history, [obs("seoul", hours[0] + timedelta(minutes=5), 9.9)], NOW)
    assert again["seoul"][-1].temperature_c == 9.9 and len(again["seoul"]) == 24
    assert missing_hours(history, NOW) == []
    assert missing_hours({}, NOW)[0] == NOW.replace(minute=0) - timedelta(hours=1)


def test_todays_low_and_high_are_of_the_kst_day_only() -> None:
    late = datetime(2025, 11, 30, 23, 0, tzinfo=KST)
    history = with_observations({}, [obs("seoul", late, -20.0), obs("seoul", NOW, 1.0),
                                     obs("seoul", NOW - timedelta(hours=2), -3.0)], NOW)
    assert today_range(history["seoul"], NOW) == (-3.0, 1.0)
    assert today_range(history["seoul"], late) == (-20.0, -20.0)
    assert today_range((), NOW) == (None, None)


@pytest.fixture
def refreshed(fake_kma: FakeKma, tmp_path: Path) -> tuple[Client, Settings]:
    fake_kma.route(SFCTM2_PATH, stations_handler(readings))
    settings = Settings.model_validate({"data_dir": str(tmp_path),
                                        "kma_apihub": {"url": fake_kma.url, "key": CANARY_KEY}})
    with requests.Session() as session:
        source, _ = source_from_settings(
            settings, session, FileQuotaLedger(tmp_path, settings.quota.daily_limits))
        refresher = Refresher(source, FileStore(tmp_path), CATALOGUE.stations,
                              clock=lambda: NOW, backfill=Backfill(source, CATALOGUE.stations))
        assert refresher.run().version is not None
    ctx = WebContext(store=FileStore(tmp_path), cities=settings.strips().default,
                     freshness=Freshness(), clock=lambda: NOW)
    return create_app(ctx, version_poll_seconds=0).test_client(), settings


def test_a_fresh_start_backfills_the_day_with_one_call_an_hour(refreshed: tuple[Client, Settings],
                                                               fake_kma: FakeKma,
                                                               tmp_path: Path) -> None:
    web, settings = refreshed
    asked = [r.query["tm"] for r in fake_kma.seen(SFCTM2_PATH)]
    assert len(asked) == 24  # this hour, then the 23 before it, once each
    assert sorted(asked) == sorted(
        f"{NOW.replace(minute=0) - timedelta(hours=n):%Y%m%d%H%M}" for n in range(24))
    ledger = FileQuotaLedger(tmp_path, settings.quota.daily_limits).report(NOW)
    assert ledger.sources["asos"].calls == 24
    hours = web.get("/v1/weather/seoul/history").get_json()["hours"]
    times = [datetime.fromisoformat(h["observed_at"]) for h in hours]
    assert times == sorted(times) and len(hours) == 23  # 03h is a gap
    assert NOW.replace(hour=3, minute=0) not in times
    assert all(h["temperature_c"] == seoul_at(t) for h, t in zip(hours, times, strict=True))
    today = [seoul_at(t) for t in times if t.date() == NOW.date()]
    seoul = web.get("/v1/weather/seoul").get_json()
    assert (seoul["today_min_c"], seoul["today_max_c"]) == (min(today), max(today))


def test_feels_like_follows_kmas_winter_formula(refreshed: tuple[Client, Settings]) -> None:
    web, _ = refreshed
    cities = {c["id"]: c for c in web.get("/v1/weather?cities=seoul,gangneung,daegu")
              .get_json()["cities"]}
    seoul = cities["seoul"]
    v = (6.0 * 3.6) ** 0.16
    t = seoul["temperature_c"]
    expected = 13.12 + 0.6215 * t - 11.37 * v + 0.3965 * v * t
    assert seoul["feels_like_c"] == pytest.approx(expected, abs=0.05)
    assert seoul["feels_like_c"] == feels_like(t, 6.0, 40.0, 12)
    assert cities["gangneung"]["feels_like_c"] == cities["gangneung"]["temperature_c"] == 4.0
    assert cities["daegu"]["temperature_c"] is None and cities["daegu"]["feels_like_c"] is None
    hours = web.get("/v1/weather/seoul/history?lang=en").get_json()["hours"]
    assert hours[-1]["feels_like_c"] == seoul["feels_like_c"]
    assert hours[-1]["condition_text"] == "Clear"


def test_history_is_prepared_and_cached_like_the_other_routes(
        refreshed: tuple[Client, Settings]) -> None:
    web, _ = refreshed
    first = web.get("/v1/weather/gochang-gun/history")
    assert first.status_code == 200
    assert first.get_json()["name"] == "고창군" and first.get_json()["id"] == "gochang-gun"
    again = web.get("/v1/weather/gochang-gun/history",
                    headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert web.get("/v1/weather/atlantis/history").status_code == 404
    bad = web.get("/v1/weather/seoul/history?lang=xx")
    assert bad.status_code == 400 and "'lang'" in bad.get_data(as_text=True)


def test_a_backfill_cut_short_goes_on_in_the_next_run(fake_kma: FakeKma, tmp_path: Path) -> None:
    good = stations_handler(readings)
    failing = {"on": True}

    def flaky(request: Request) -> Reply:
        # Past 04h the upstream fails during the first run only.
        if failing["on"] and request.query["tm"] < f"{NOW:%Y%m%d}0400":
            return Reply(status=500, body=b"busy")
        return good(request)

    fake_kma.route(SFCTM2_PATH, flaky)
    settings = Settings.model_validate({"data_dir": str(tmp_path),
                                        "kma_apihub": {"url": fake_kma.url, "key": CANARY_KEY}})
    with requests.Session() as session:
        source, _ = source_from_settings(
            settings, session, FileQuotaLedger(tmp_path, settings.quota.daily_limits))
        store = FileStore(tmp_path)
        refresher = Refresher(source, store, CATALOGUE.stations, clock=lambda: NOW,
                              backfill=Backfill(source, CATALOGUE.stations))
        refresher.run()
        first = store.get()
        assert first is not None
        assert len(first.snapshot.history["gangneung"]) == 6  # 04h to 09h
        failing["on"] = False
        refresher.run()
    second = store.get()
    assert second is not None
    assert len(second.snapshot.history["gangneung"]) == 24
    calls = [r.query["tm"] for r in fake_kma.seen(SFCTM2_PATH)]
    # Run 1: this hour, 08h–04h, then 03h fails and the backfill pauses. Run 2: this hour
    # again, then only the 18 hours still missing — none held is asked for twice.
    assert len(calls) == 7 + 19
    assert sorted(calls[8:]) == sorted(
        f"{NOW.replace(minute=0) - timedelta(hours=n):%Y%m%d%H%M}" for n in range(6, 24))
