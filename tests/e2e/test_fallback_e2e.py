"""The second source end to end: ``ticker serve`` with data.go.kr alone and as a fallback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from support.datagokr_payloads import Cell, serve_cells
from support.fakekma import FakeKma, Reply, Request
from support.payloads import CANARY_KEY, live_sfctm2
from support.service import TickerProcess, clean_env, write_config
from support.stations import CITIES

from ticker.core.redact import secret_forms
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

# Grid values: a nowcast is an hour old for most of the hour, so freshness is generous here.
SETTINGS = {"schedule": {"interval_seconds": 1, "jitter_seconds": 0},
            "freshness": {"stale_after_minutes": 120, "withhold_after_minutes": 600},
            "quota": {"daily_limits": {"asos": None, "vilage": None}}}
CELLS = {(c.nx, c.ny): Cell(t1h=f"{i}.5", pty="0", sky="4") for i, c in enumerate(CITIES)}
SNOWY = {**CELLS, (CITIES[3].nx, CITIES[3].ny): Cell(t1h="-1.0", pty="3", sky="4")}
ASOS_LACKS = ("gwangju", "busan", "gochang", "jeju")  # stations 156, 159, 172, 184


def serve(processes: list[TickerProcess], tmp_path: Path, env: dict[str, str]) -> TickerProcess:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **SETTINGS})
    process = TickerProcess(["serve", "--port", "0"],
                            clean_env({"TICKER_CONFIG": str(config), **env}), tmp_path)
    processes.append(process)
    process.wait_listening()
    return process


def cities_of(server: TickerProcess) -> dict[str, dict[str, Any]]:
    def ready() -> dict[str, Any] | None:
        response = server.get("/v1/weather")
        return response.json() if response.ok else None

    document = server.wait_for(ready)
    return {c["id"]: c for c in document["cities"]}


def asked_cells(fake: FakeKma) -> set[tuple[int, int]]:
    return {(int(r.query["nx"]), int(r.query["ny"])) for r in fake.seen(NCST_PATH)}


def test_vilage_alone_serves_every_city(processes: list[TickerProcess], tmp_path: Path,
                                        fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, SNOWY)
    server = serve(processes, tmp_path, {"TICKER_PROVIDER": "vilage",
                                         "DATA_GO_KR_URL": fake_kma.url,
                                         "DATA_GO_KR_KEY": CANARY_KEY})
    cities = cities_of(server)
    assert len(cities) == 16
    assert {c["source"] for c in cities.values()} == {"vilage"}
    assert (cities["seoul"]["temperature_c"], cities["seoul"]["condition_text"]) == (2.5, "흐림")
    assert (cities["daejeon"]["temperature_c"], cities["daejeon"]["condition"]) == (-1.0, "snow")
    ready = server.get("/readyz").json()
    assert ready["upstream_calls_today"]["vilage"]["calls"] >= 32
    for form in secret_forms(CANARY_KEY):
        assert form not in server.log
        assert form not in server.get("/readyz").text


def test_asos_then_vilage_fills_exactly_the_cities_asos_lacks(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma) -> None:
    replay = live_sfctm2()
    lacking = {c.station for c in CITIES if c.id in ASOS_LACKS}

    def asos_without_some(request: Request) -> Reply:
        lines = replay(request).body.decode().splitlines()
        kept = [line for line in lines
                if line.startswith("#") or int(line.split()[1]) not in lacking]
        return Reply(body="\n".join(kept).encode())

    fake_kma.route(SFCTM2_PATH, asos_without_some)
    serve_cells(fake_kma, CELLS)
    server = serve(processes, tmp_path, {
        "TICKER_PROVIDER": "asos,vilage", "KMA_APIHUB_URL": fake_kma.url,
        "KMA_APIHUB_KEY": CANARY_KEY, "DATA_GO_KR_URL": fake_kma.url,
        "DATA_GO_KR_KEY": CANARY_KEY + "v"})
    server.wait_for(lambda: fake_kma.hits[SFCTM2_PATH] >= 3)
    cities = cities_of(server)
    assert {i for i, c in cities.items() if c["source"] == "vilage"} == set(ASOS_LACKS)
    assert cities["seoul"] | {"source": "asos", "condition": "clear", "temperature_c": 3.8} == \
        cities["seoul"]
    assert cities["busan"]["temperature_c"] == 7.5  # from the busan grid cell
    # Only the cells of the cities ASOS lacked were ever asked of data.go.kr.
    assert asked_cells(fake_kma) == {(c.nx, c.ny) for c in CITIES if c.id in ASOS_LACKS}
    assert server.get("/v1/weather").json()["source"] == "asos,vilage"


def test_no_key_for_either_source_runs_on_sample_data(processes: list[TickerProcess],
                                                      tmp_path: Path) -> None:
    server = serve(processes, tmp_path, {"TICKER_PROVIDER": "asos,vilage"})
    cities = cities_of(server)
    assert {c["source"] for c in cities.values()} == {"sample"}
    assert server.get("/v1/weather").json()["sample"] is True
    assert "KMA_APIHUB_KEY or DATA_GO_KR_KEY" in server.log


def test_a_missing_key_skips_only_that_source(processes: list[TickerProcess], tmp_path: Path,
                                              fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, CELLS)
    server = serve(processes, tmp_path, {"TICKER_PROVIDER": "asos,vilage",
                                         "DATA_GO_KR_URL": fake_kma.url,
                                         "DATA_GO_KR_KEY": CANARY_KEY})
    cities = cities_of(server)
    assert {c["source"] for c in cities.values()} == {"vilage"}
    assert "asos skipped: no KMA_APIHUB_KEY configured" in server.log
    assert fake_kma.hits[FCST_PATH] >= 16
