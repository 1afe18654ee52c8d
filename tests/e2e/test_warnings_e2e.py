"""``ticker serve`` with the warnings feeds on their own jobs: badges and /v1/warnings from a
KMA-compatible fake, the last good list kept through failures (said once) while the
observations go on, and no warning at all, rather than a stale one, past the limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY, live_sfctm2
from support.service import TickerProcess, clean_env, write_config
from support.warning_payloads import ZONES_CASES, live_warnings, route_warnings

from ticker.core.redact import secret_forms
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.apihub.warnings import WRN_NOW_PATH

pytestmark = pytest.mark.e2e  # a ``ticker serve`` process, started and stopped

# Warnings every 3 s, unknown 30 s after the last good answer (stored again every 15 s).
FAST = {"schedule": {"interval_seconds": 3, "jitter_seconds": 0},
        "feeds": {"warnings": {"every_minutes": 0.05}},
        "freshness": {"warnings_withhold_after_minutes": 0.5}}


def seoul_warnings(server: TickerProcess) -> Any:
    return server.get("/v1/weather/seoul").json()["warnings"]


def test_warnings_are_served_kept_through_failures_and_dropped_past_the_limit(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    route_warnings(fake_kma, warnings=live_warnings(), zones=ZONES_CASES)
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **FAST})
    server = TickerProcess(["serve", "--port", "0"], clean_env({
        "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake_kma.url,
        "KMA_APIHUB_KEY": CANARY_KEY}), tmp_path)
    processes.append(server)
    server.wait_listening()
    server.wait_for(lambda: server.get("/v1/weather/seoul").ok and seoul_warnings(server))
    assert [(w["type"], w["level"], w["zone"]) for w in seoul_warnings(server)] == [
        ("tropical_night", "advisory", "서울서북권"), ("heat_wave", "advisory", "서울서북권")]
    assert "열대야주의보 +1" in server.get("/widget?cities=seoul").text
    listed = server.get("/v1/warnings").json()["warnings"]
    assert {(w["zone"], w["status"]) for w in listed} >= {
        ("서울서남권", "in_force"), ("강릉시평지", "upcoming"), ("울릉도.독도", "upcoming")}

    fake_kma.route(WRN_NOW_PATH, Reply(status=500, body=b"<html>busy</html>"))
    server.wait_for(lambda: "warnings fetch failing" in server.log)
    observed = server.get("/v1/weather").json()["cities"]
    assert seoul_warnings(server) is not None  # kept: within its limit
    server.wait_for(lambda: seoul_warnings(server) is None, timeout=90, interval=1)
    assert 'class="wb wb-' not in server.get("/widget?cities=seoul").text  # no stale badge
    assert server.get("/v1/warnings").json() == {"updated_at": None, "warnings": None}
    # The observations went on meanwhile, untouched by the failing feed.
    now = server.get("/v1/weather").json()["cities"]
    assert [(c["id"], c["temperature_c"]) for c in now] == [
        (c["id"], c["temperature_c"]) for c in observed]
    assert fake_kma.hits[SFCTM2_PATH] >= 2
    assert server.log.count("warnings fetch failing") == 1
    assert server.terminate() == 0
    for form in secret_forms(CANARY_KEY):
        assert form not in server.log
