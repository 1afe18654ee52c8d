"""``ticker serve`` and ``ticker worker`` as an operator meets them: a busy port refused, no
orphan after a SIGKILL, every stop within its deadline, and thousands of idle or half-open
connections that do not stall a new reader."""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from support.faults import FaultyKma
from support.service import (
    TICKER,
    TickerProcess,
    clean_env,
    port_of,
    serve,
    wait_until,
    write_config,
)

from ticker.app.server.lifecycle import SHUTDOWN_DEADLINE
from ticker.state.store import SNAPSHOT_FILE
from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def stop_time(process: TickerProcess, signum: int) -> float:
    started = time.monotonic()
    process.process.send_signal(signum)
    process.process.wait(timeout=SHUTDOWN_DEADLINE + 20)
    return time.monotonic() - started


def test_a_second_instance_on_a_busy_port_exits_naming_it(processes: list[TickerProcess],
                                                          tmp_path: Path) -> None:
    first = serve(processes, tmp_path / "a", {})
    port = port_of(first)
    (tmp_path / "b").mkdir()
    config = write_config(tmp_path / "b", {"data_dir": str(tmp_path / "b" / "data")})
    second = subprocess.run([TICKER, "serve", "--port", str(port)], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path,
                            env=clean_env({"TICKER_CONFIG": str(config)}))
    assert second.returncode != 0
    refusal = [line for line in second.stderr.splitlines() if "already in use" in line]
    assert len(refusal) == 1 and f"127.0.0.1:{port}" in refusal[0] and "--port" in refusal[0]
    assert "serving on" not in second.stderr
    assert first.get("/healthz").status_code == 200  # the first keeps serving
    assert first.process.poll() is None


@pytest.mark.parametrize("server", [{"workers": 1}, {"workers": 2}, {"single_process": True}])
def test_a_killed_server_leaves_nothing_listening(processes: list[TickerProcess],
                                                  tmp_path: Path,
                                                  server: dict[str, object]) -> None:
    process = serve(processes, tmp_path, {"server": server})
    port = port_of(process)
    # Listening comes before the first refresh has stored (a 503 until then).
    process.wait_for(lambda: process.get("/v1/weather").status_code == 200)
    os.kill(process.process.pid, signal.SIGKILL)  # the main process only, as an OOM kill
    wait_until(lambda: not listening(port), 5, "the port closed after SIGKILL")
    # Its processes are all gone: a new instance may take the port.
    again = serve(processes, tmp_path / "again", {"server": server}, port=port)
    assert port_of(again) == port


@pytest.mark.parametrize("single", [False, True])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_serving_server_stops_within_the_deadline(processes: list[TickerProcess],
                                                    tmp_path: Path, signum: int,
                                                    single: bool) -> None:
    process = serve(processes, tmp_path, {"server": {"single_process": single}})
    port_of(process)
    assert stop_time(process, signum) < SHUTDOWN_DEADLINE + 2
    assert process.process.returncode == 0
    wait_until(lambda: "INFO ticker: stopped" in process.log, 5, "'stopped' in the log")


def test_a_stop_during_a_hung_refresh_writes_nothing(processes: list[TickerProcess],
                                                      tmp_path: Path,
                                                      faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "hang"
    process = serve(processes, tmp_path, {"schedule": {"backfill": False}},
                    {"KMA_APIHUB_URL": faulty_kma.url, "KMA_APIHUB_KEY": "lifecycle-key"})
    port_of(process)
    wait_until(lambda: faulty_kma.hits[SFCTM2_PATH] >= 1, 20, "the refresh asked the upstream")
    assert stop_time(process, signal.SIGTERM) < SHUTDOWN_DEADLINE + 2
    assert not (tmp_path / "data" / SNAPSHOT_FILE).exists()


def test_a_stop_during_start_up_ends_at_once(tmp_path: Path) -> None:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    process = subprocess.Popen([TICKER, "serve", "--port", "0"], cwd=tmp_path,
                               env=clean_env({"TICKER_CONFIG": str(config)}),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.3)  # somewhere in start-up: imports, settings, the first refresh
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=SHUTDOWN_DEADLINE + 5) in (0, -signal.SIGTERM)
    finally:
        process.kill()
        process.wait()


def test_a_second_interrupt_exits_at_once(processes: list[TickerProcess], tmp_path: Path,
                                          faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "hang"
    process = serve(processes, tmp_path, {"schedule": {"backfill": False}},
                    {"KMA_APIHUB_URL": faulty_kma.url, "KMA_APIHUB_KEY": "lifecycle-key"})
    port_of(process)
    wait_until(lambda: faulty_kma.hits[SFCTM2_PATH] >= 1, 20, "the refresh asked the upstream")
    process.process.send_signal(signal.SIGINT)
    wait_until(lambda: "stopping (SIGINT)" in process.log, 10, "the first interrupt noted")
    process.process.send_signal(signal.SIGINT)
    assert process.process.wait(timeout=10) in (0, 130)


def test_a_worker_stops_within_the_deadline_during_a_hung_refresh(
        processes: list[TickerProcess], tmp_path: Path, faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "hang"
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"),
                                     "schedule": {"backfill": False}})
    process = TickerProcess(["worker"], clean_env({
        "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": faulty_kma.url,
        "KMA_APIHUB_KEY": "lifecycle-key"}), tmp_path)
    processes.append(process)
    wait_until(lambda: faulty_kma.hits[SFCTM2_PATH] >= 1, 20, "the refresh asked the upstream")
    assert stop_time(process, signal.SIGTERM) < SHUTDOWN_DEADLINE + 2
    assert not (tmp_path / "data" / SNAPSHOT_FILE).exists()


@pytest.mark.parametrize("single", [False, True])
def test_idle_and_half_open_connections_do_not_stall_new_readers(
        processes: list[TickerProcess], tmp_path: Path, single: bool) -> None:
    process = serve(processes, tmp_path, {"server": {"header_timeout_seconds": 30,
                                                     "single_process": single}})
    port = port_of(process)
    # The first refresh may land just after the port opens: readers get 503 until then.
    wait_until(lambda: process.get("/v1/weather").status_code == 200, 20, "the first snapshot")
    held = []
    try:
        for n in range(1500):  # beyond the 1,024 that used to stall every reader
            connection = socket.create_connection(("127.0.0.1", port), timeout=10)
            connection.sendall(b"GET /v1/wea" if n % 2 else
                               b"GET /v1/weather HTTP/1.1\r\nHost: t\r\n\r\n")
            held.append(connection)

        def fresh_reader(_: int) -> int:
            return requests.get(f"http://127.0.0.1:{port}/v1/weather", timeout=10).status_code

        with ThreadPoolExecutor(10) as pool:
            assert list(pool.map(fresh_reader, range(50))) == [200] * 50
    finally:
        for connection in held:
            connection.close()


@pytest.mark.parametrize("single", [False, True])
def test_connections_that_never_send_a_byte_are_closed_after_the_header_timeout(
        processes: list[TickerProcess], tmp_path: Path, single: bool) -> None:
    limit, timeout = 64, 1.0  # the smallest max_connections: silent sockets fill every slot
    process = serve(processes, tmp_path, {"server": {
        "header_timeout_seconds": timeout, "max_connections": limit, "single_process": single}})
    port = port_of(process)
    wait_until(lambda: process.get("/healthz").status_code == 200, 20, "answering")
    opened = time.monotonic()
    silent = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(limit)]
    # A reader queued behind them is answered once they are gone.
    queued = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        queued.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        with selectors.DefaultSelector() as selector:
            for connection in silent:
                selector.register(connection, selectors.EVENT_READ)
            closed: list[float] = []
            deadline = opened + 10 * timeout
            while len(closed) < limit and time.monotonic() < deadline:
                for key, _ in selector.select(timeout=deadline - time.monotonic()):
                    connection = key.fileobj
                    assert isinstance(connection, socket.socket)
                    with contextlib.suppress(ConnectionResetError):
                        assert connection.recv(1) == b""  # closed, never answered
                    closed.append(time.monotonic() - opened)
                    selector.unregister(connection)
        assert len(closed) == limit, f"{limit - len(closed)} silent connections still open"
        assert min(closed) >= 0.9 * timeout
        assert queued.recv(64).startswith(b"HTTP/1.1 200")
        assert process.get("/healthz").status_code == 200
    finally:
        for connection in [*silent, queued]:
            connection.close()


def test_a_half_open_request_is_closed_after_the_header_timeout(
        processes: list[TickerProcess], tmp_path: Path) -> None:
    process = serve(processes, tmp_path, {"server": {"header_timeout_seconds": 1}})
    port = port_of(process)
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(b"GET /v1/wea")
        assert connection.recv(100) == b""  # closed by the server, not by our timeout
