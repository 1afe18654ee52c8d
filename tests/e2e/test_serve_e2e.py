"""``ticker serve`` and ``ticker worker`` as real processes against the fake KMA server."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY, live_sfctm2, seed_rows
from support.service import TickerProcess, clean_env, write_config

from ticker.core.redact import secret_forms
from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

# The fake stamps rows with the current minute (sfctm2 times have no seconds), so a value is up
# to 60 s old when fetched: a 1-minute stale limit is the smallest that starts out fresh.
FAST = {"schedule": {"interval_seconds": 1, "jitter_seconds": 0},
        "freshness": {"stale_after_minutes": 1, "withhold_after_minutes": 60}}


def start(processes: list[TickerProcess], tmp_path: Path, args: list[str],
          env: dict[str, str] | None = None, settings: dict[str, Any] | None = None
          ) -> TickerProcess:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **(settings or {})})
    process = TickerProcess(args, clean_env({"TICKER_CONFIG": str(config), **(env or {})}),
                            tmp_path)
    processes.append(process)
    return process


def live_env(fake: FakeKma) -> dict[str, str]:
    return {"KMA_APIHUB_URL": fake.url, "KMA_APIHUB_KEY": CANARY_KEY}


def values(document: dict[str, Any]) -> list[tuple[str, float | None, str]]:
    return [(c["id"], c["temperature_c"], c["condition"]) for c in document["cities"]]


def test_serve_without_a_key_serves_the_seed_as_sample(processes: list[TickerProcess],
                                                       tmp_path: Path) -> None:
    server = start(processes, tmp_path, ["serve", "--port", "0"])
    server.wait_listening()
    document = server.wait_for(lambda: server.get("/v1/weather").ok
                               and server.get("/v1/weather").json())
    assert document["sample"] is True
    assert [(c["name"], c["condition_text"], c["temperature_c"]) for c in document["cities"]] == [
        (r["name_ko"], r["condition_ko"], float(r["temperature_c"])) for r in seed_rows()]
    assert "SAMPLE" in server.log
    assert server.get("/readyz").status_code == 200
    # The recorded forecast (#26) joins as its feed runs: every city of the strip carries it.
    forecast = server.wait_for(lambda: all(
        c["forecast"] for c in server.get("/v1/weather").json()["cities"])
        and server.get("/v1/weather?cities=seoul").json()["cities"][0]["forecast"])
    assert (forecast["today"]["min_c"], forecast["tomorrow"]["condition_am"]) == (-3.0, "snow")
    widget = server.get("/widget?cities=seoul&show=forecast").text
    assert '<span class="fc">(-3 / 6℃)</span>' in widget
    assert server.terminate() == 0


def test_serve_keeps_the_last_good_data_through_failures_and_restarts(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    server = start(processes, tmp_path, ["serve", "--port", "0"], live_env(fake_kma), FAST)
    server.wait_listening()
    good = server.wait_for(lambda: server.get("/v1/weather").ok
                           and server.get("/v1/weather").json())
    assert good["sample"] is False
    assert not any(c["stale"] for c in good["cities"])
    assert ("seoul", 3.8, "clear") in values(good)

    # Upstream fails: server errors, then malformed bodies. Values stay; staleness shows.
    fake_kma.route(SFCTM2_PATH, Reply(status=500, body=b"<html>oops</html>"))
    hits = fake_kma.hits[SFCTM2_PATH]
    server.wait_for(lambda: fake_kma.hits[SFCTM2_PATH] >= hits + 2)
    fake_kma.route(SFCTM2_PATH, Reply(body=b"#START7777\n202512 garbage\n#7777END\n"))
    hits = fake_kma.hits[SFCTM2_PATH]
    server.wait_for(lambda: fake_kma.hits[SFCTM2_PATH] >= hits + 2)
    during = server.get("/v1/weather")
    assert during.status_code == 200
    assert values(during.json()) == values(good)
    stale = server.wait_for(lambda: all(c["stale"] for c in server.get("/v1/weather").json()[
        "cities"]) and server.get("/v1/weather").json(), timeout=150, interval=1)
    assert values(stale) == values(good)
    assert server.log.count("upstream fetch failing") == 1

    # Crash while the upstream is still down: the restart serves the same snapshot at once.
    before = server.get("/readyz").json()
    server.kill()
    restarted = start(processes, tmp_path, ["serve", "--port", "0"], live_env(fake_kma), FAST)
    restarted.wait_listening()
    first = restarted.get("/v1/weather")
    assert first.status_code == 200
    assert values(first.json()) == values(good)
    assert first.json()["updated_at"] == good["updated_at"]
    assert restarted.get("/readyz").json()["version"] == before["version"]

    # Recovery is logged once, and fresh values flow again.
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    restarted.wait_for(lambda: not any(
        c["stale"] for c in restarted.get("/v1/weather").json()["cities"]))
    restarted.wait_for(lambda: "recovered" in restarted.log)
    for text in (server.log, restarted.log):
        for form in secret_forms(CANARY_KEY):
            assert form not in text


def test_worker_writes_and_a_scheduler_less_server_reads(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    web = start(processes, tmp_path, ["serve", "--port", "0", "--no-scheduler"],
                live_env(fake_kma), FAST)
    web.wait_listening()
    assert web.get("/v1/weather").status_code == 503  # nothing stored, and it never fetches
    assert fake_kma.hits[SFCTM2_PATH] == 0
    worker = start(processes, tmp_path, ["worker"], live_env(fake_kma), FAST)
    document = web.wait_for(lambda: web.get("/v1/weather").ok and web.get("/v1/weather").json())
    assert document["sample"] is False
    assert len(document["cities"]) == 16
    first_version = web.get("/readyz").json()["version"]
    # The fake stamps its rows with the current minute: a new version comes with the next.
    web.wait_for(lambda: web.get("/readyz").json()["version"] > first_version, timeout=90)
    assert worker.terminate() == 0
    assert web.terminate() == 0


def _raw_status(base_url: str, request: bytes) -> int:
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        return int(connection.recv(64).split()[1])


def test_served_over_real_http_edges_and_metrics(processes: list[TickerProcess],
                                                 tmp_path: Path) -> None:
    server = start(processes, tmp_path, ["serve", "--port", "0"],
                   settings={"server": {"workers": 2}})
    base = server.wait_listening()
    first = server.wait_for(lambda: server.get("/v1/weather").ok and server.get("/v1/weather"))
    assert first.headers["Server"] == "ticker"
    etag = first.headers["ETag"]
    for _ in range(10):
        assert server.get("/v1/weather", headers={"If-None-Match": etag}).status_code == 304
    assert _raw_status(base, b"GET /v1/weather?" + b"a" * 70_000 + b" HTTP/1.1\r\n"
                       b"Host: x\r\n\r\n") in (414, 431)
    assert _raw_status(base, b"GET /v1/weather HTTP/1.1\r\nHost: x\r\nX-Big: "
                       + b"a" * 70_000 + b"\r\n\r\n") == 431
    text = server.get("/metrics").text
    not_modified = re.search(r'ticker_http_requests_total\{route="/v1/weather",status="304"\} '
                             r"([\d.]+)", text)
    assert not_modified is not None
    assert float(not_modified.group(1)) == 10  # counted across both worker processes
    ratio = re.search(r"ticker_http_not_modified_ratio ([\d.]+)", text)
    assert ratio is not None
    assert 0 < float(ratio.group(1)) < 1
    # Sample data (no key): marked, and without the recording's months-old ages.
    assert "ticker_snapshot_sample 1.0" in text
    assert 'ticker_snapshot_age_seconds{city="seoul"}' not in text
    server.wait_for(lambda: server.log.count('"GET /v1/weather" 304 0 ') == 10)
    assert server.terminate() == 0
