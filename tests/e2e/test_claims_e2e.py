"""Who serves a port and who fetches: a restart right after a stop, simultaneous starts on
one port, two workers on one data directory, and an IPv6 address announced as a URL."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from support.fakekma import FakeKma, FakeKmaServer
from support.payloads import CANARY_KEY, live_sfctm2
from support.service import TickerProcess, clean_env, port_of, serve, wait_until, write_config

from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped


def test_of_simultaneous_starts_on_one_port_exactly_one_serves(processes: list[TickerProcess],
                                                                tmp_path: Path) -> None:
    from ticker.app.server.serve import free_port

    port = free_port("127.0.0.1")
    # Different data dirs: each would serve its own snapshot on the one port.
    starts = [serve(processes, tmp_path / name, {}, port=port) for name in "abc"]
    wait_until(lambda: sum(p.process.poll() is not None for p in starts) == 2, 60,
               "two of the three exited")
    (serving,) = [p for p in starts if p.process.poll() is None]
    assert port_of(serving) == port
    for refused in starts:
        if refused is not serving:
            assert refused.process.returncode == 3
            assert "serving on" not in refused.log
            assert any(f"127.0.0.1:{port}" in line and "already in use" in line
                       for line in refused.lines)


def test_a_restart_right_after_a_stop_serves_despite_time_wait(processes: list[TickerProcess],
                                                                tmp_path: Path) -> None:
    first = serve(processes, tmp_path / "a", {})
    port = port_of(first)
    first.wait_for(lambda: first.get("/v1/weather").status_code == 200)
    # A kept-alive client: the server closes it on stop, leaving it in TIME_WAIT on the port.
    with requests.Session() as client:
        assert client.get(f"{first.base_url}/healthz", timeout=10).status_code == 200
        assert first.terminate() == 0
    again = serve(processes, tmp_path / "b", {}, port=port)
    assert port_of(again) == port
    assert "already in use" not in again.log


def test_of_two_workers_on_one_file_store_one_fetches_and_one_stands_by(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma) -> None:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), "schedule": {
        "interval_seconds": 1, "jitter_seconds": 0, "backfill": False}})
    with FakeKmaServer() as other_kma:
        # Each worker asks its own upstream: which one's is asked tells who fetches.
        upstreams = [fake_kma, other_kma]
        for upstream in upstreams:
            upstream.route(SFCTM2_PATH, live_sfctm2())
        workers = [TickerProcess(["worker"], clean_env({
            "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": upstream.url,
            "KMA_APIHUB_KEY": CANARY_KEY}), tmp_path) for upstream in upstreams]
        processes.extend(workers)

        def hits() -> list[int]:
            return [upstream.hits[SFCTM2_PATH] for upstream in upstreams]

        wait_until(lambda: sum(hits()) >= 5, 60, "five refreshes")
        assert sorted(hits())[0] == 0, hits()
        active = 0 if hits()[0] else 1
        standby = workers[1 - active]
        wait_until(lambda: "standing by" in standby.log, 10, "the standby says so")
        assert "standing by" not in workers[active].log
        # The lock ends with its holder: the standby takes over.
        workers[active].kill()
        wait_until(lambda: hits()[1 - active] >= 2, 60, "the standby fetches")


def test_an_ipv6_address_is_announced_in_brackets(processes: list[TickerProcess],
                                                  tmp_path: Path) -> None:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    process = TickerProcess(["serve", "--host", "::1", "--port", "0"],
                            clean_env({"TICKER_CONFIG": str(config)}), tmp_path)
    processes.append(process)
    base_url = process.wait_listening()
    assert base_url.startswith("http://[::1]:")
    assert f"serving on {base_url} (" in process.log
    assert process.get("/healthz").status_code == 200
