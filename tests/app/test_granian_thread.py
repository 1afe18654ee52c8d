"""Prepared routes answered in Granian's Python thread: the schedule hook, and a real server."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import requests
from support.service import TickerProcess, clean_env, write_config

from ticker.app.server.granian_thread import answer_first
from ticker.sources.feeds import FEEDS
from ticker.state.store import CHECKS_FILE


class Watcher:
    """What Granian hands its schedule function: a request's scope and protocol."""

    scope = object()
    proto = object()


def test_an_answered_request_is_not_scheduled() -> None:
    later: list[Any] = []
    seen: list[tuple[Any, Any]] = []

    def answer(scope: Any, proto: Any) -> bool:
        seen.append((scope, proto))
        return True

    answer_first(answer, later.append)(Watcher())
    assert seen == [(Watcher.scope, Watcher.proto)]
    assert later == []


def test_a_request_flask_must_answer_is_scheduled() -> None:
    later: list[Any] = []
    watcher = Watcher()
    answer_first(lambda scope, proto: False, later.append)(watcher)
    assert later == [watcher]


def test_a_failing_answer_is_logged_and_scheduled(caplog: pytest.LogCaptureFixture) -> None:
    # Granian ignores what its schedule function raises: the request must not be lost.
    def answer(scope: Any, proto: Any) -> bool:
        raise RuntimeError("broken")

    later: list[Any] = []
    watcher = Watcher()
    with caplog.at_level(logging.ERROR, logger="ticker"):
        answer_first(answer, later.append)(watcher)
    assert later == [watcher]
    assert "retrying on the event loop" in caplog.text


# Run in a child: Granian's Rust-task scheduler registers a stand-in task with asyncio that
# never goes away, and asyncio.all_tasks() in this process (Playwright's) would trip on it.
BUILD_BOTH = """
import asyncio
from granian import _futures
from ticker.app.server.granian_thread import _scheduler_factory
factory = _scheduler_factory(lambda scope, proto: False)
loop = asyncio.new_event_loop()
rust, aio = factory(loop, print), factory(loop, print, impl_asyncio=True)
print(isinstance(rust, _futures._CBScheduler), isinstance(aio, _futures._CBSchedulerAIO))
"""


@pytest.mark.e2e
def test_the_installed_granian_has_the_hook() -> None:
    # If a Granian upgrade renames its scheduler internals, the service still serves (slower,
    # and says so); this test is where the upgrade is noticed. Both task types are built:
    # Granian uses asyncio's on Python 3.12 and later.
    built = subprocess.run([sys.executable, "-c", BUILD_BOTH], capture_output=True, text=True,
                           timeout=60, check=True)
    assert built.stdout.split() == ["True", "True"]


def _count(metrics: str, route: str, status: int) -> float:
    found = re.search(rf'ticker_http_requests_total\{{route="{re.escape(route)}",'
                      rf'status="{status}"\}} ([\d.]+)', metrics)
    return float(found.group(1)) if found else 0.0


def test_one_process_counts_every_route_once_from_both_threads(
        processes: list[TickerProcess], tmp_path: Path) -> None:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    server = TickerProcess(["serve", "--port", "0"], clean_env({"TICKER_CONFIG": str(config)}),
                           tmp_path)
    processes.append(server)
    base = server.wait_listening()
    assert "prepared routes are answered in Granian's thread" in server.log
    # The sample feeds store their parts just after the first snapshot, each a new version:
    # the ETag is taken once every feed has recorded its check, which follows its store (the
    # same race made this test fail now and then).
    checks = tmp_path / "data" / CHECKS_FILE
    etag = server.wait_for(
        lambda: checks.exists() and len(json.loads(checks.read_text())["at"]) == len(FEEDS) + 1
        and server.get("/v1/weather").headers["ETag"])

    def prepared(_: int) -> int:
        return requests.get(base + "/v1/weather", headers={"If-None-Match": etag},
                            timeout=10).status_code

    def flask(_: int) -> int:
        return requests.get(base + "/healthz", timeout=10).status_code

    # Granian's thread (prepared routes) and the event loop (Flask's) count at the same time.
    with ThreadPoolExecutor(max_workers=8) as pool:
        not_modified = pool.map(prepared, range(400))
        healthy = pool.map(flask, range(200))
        assert set(not_modified) == {304}
        assert set(healthy) == {200}
    assert requests.post(base + "/v1/weather", timeout=10).status_code == 405
    metrics = server.get("/metrics").text
    assert _count(metrics, "/v1/weather", 304) == 400
    assert _count(metrics, "/healthz", 200) == 200
    assert _count(metrics, "/v1/weather", 405) == 1
    server.wait_for(lambda: server.log.count('"GET /v1/weather" 304 0 ') == 400
                    and server.log.count('"GET /healthz" 200 ') == 200)
    assert server.terminate() == 0
