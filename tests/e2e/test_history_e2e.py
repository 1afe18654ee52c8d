"""Issue 13 end to end: a freshly started ``ticker serve`` against a KMA-compatible fake
whose Seoul temperature changes every hour shows today's low and high, the hours behind
them, and KMA's feels-like temperature."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from support.asos_rows import stations_handler
from support.fakekma import FakeKma
from support.hourly_seoul import readings, seoul_at
from support.payloads import CANARY_KEY
from support.service import TickerProcess, clean_env, write_config

from ticker.core.feels_like import SUMMER_MONTHS, feels_like
from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped


def test_a_fresh_service_shows_the_day_behind_each_value(processes: list[TickerProcess],
                                                         tmp_path: Path,
                                                         fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, stations_handler(readings))
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"),
                                     "schedule": {"interval_seconds": 3600,
                                                  "jitter_seconds": 0}})
    server = TickerProcess(["serve", "--port", "0"], clean_env({
        "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake_kma.url,
        "KMA_APIHUB_KEY": CANARY_KEY}), tmp_path)
    processes.append(server)
    server.wait_listening()

    def backfilled() -> list[dict[str, object]] | None:
        response = server.get("/v1/weather/seoul/history")
        hours = response.json()["hours"] if response.ok else []
        return hours if len(hours) >= 22 else None

    hours = server.wait_for(backfilled, timeout=60)
    times = [datetime.fromisoformat(str(h["observed_at"])) for h in hours]
    assert all(h["temperature_c"] == seoul_at(t) for h, t in zip(hours, times, strict=True))
    assert all(t.hour != 3 for t in times)  # the hour Seoul did not report stays a gap
    today = [seoul_at(t) for t in times if t.date() == times[-1].date()]
    cities = {c["id"]: c for c in server.get(
        "/v1/weather?cities=seoul,gangneung,daegu").json()["cities"]}
    seoul = cities["seoul"]
    assert (seoul["today_min_c"], seoul["today_max_c"]) == (min(today), max(today))
    assert seoul["feels_like_c"] == feels_like(seoul["temperature_c"], 6.0, 40.0,
                                               times[-1].month)
    if times[-1].month not in SUMMER_MONTHS:  # windy and cold: the wind chill bites
        assert seoul["feels_like_c"] < seoul["temperature_c"]
    assert cities["gangneung"]["feels_like_c"] == cities["gangneung"]["temperature_c"]
    assert cities["daegu"]["feels_like_c"] is None


def test_with_sample_data_the_history_is_the_recordings_hour(processes: list[TickerProcess],
                                                             tmp_path: Path) -> None:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    server = TickerProcess(["serve", "--port", "0"], clean_env({"TICKER_CONFIG": str(config)}),
                           tmp_path)
    processes.append(server)
    server.wait_listening()
    history = server.wait_for(lambda: (r := server.get("/v1/weather/seoul/history")).ok
                              and r.json())
    assert [h["observed_at"] for h in history["hours"]] == ["2025-12-01T09:00:00+09:00"]
    seoul = server.get("/v1/weather/seoul").json()
    assert (seoul["today_min_c"], seoul["today_max_c"]) == (3.8, 3.8)
