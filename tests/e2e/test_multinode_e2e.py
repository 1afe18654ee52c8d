"""Beyond one machine, on one machine: a real redis-server, two `ticker worker`s and three
`ticker serve --no-scheduler` web nodes against the fake KMA upstream.

Six processes share two loaded cores here, so the lease is long enough that no stall loses it
by accident, and every wait has a deadline of a minute or more.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.fakekma import FakeKma
from support.payloads import CANARY_KEY, live_sfctm2
from support.redisfix import RedisServer
from support.service import TickerProcess, clean_env, write_config

from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

INTERVAL = 2.0
# A leader that misses heartbeats for most of this hands over; 10 s is far above any stall.
LEASE = 10
PATIENCE = 90.0
SETTINGS = {"schedule": {"interval_seconds": INTERVAL, "jitter_seconds": 0,
                         "lease_seconds": LEASE},
            "freshness": {"stale_after_minutes": 1, "withhold_after_minutes": 60}}


def start(processes: list[TickerProcess], directory: Path, args: list[str],
          env: dict[str, str]) -> TickerProcess:
    directory.mkdir(parents=True, exist_ok=True)
    config = write_config(directory, {"data_dir": str(directory / "data"), **SETTINGS})
    process = TickerProcess(args, clean_env({"TICKER_CONFIG": str(config), **env}), directory)
    processes.append(process)
    return process


def version(node: TickerProcess) -> int:
    response = node.get("/readyz")
    return int(response.json().get("version", 0))


def checked(node: TickerProcess) -> datetime:
    """When the node says the data was last confirmed by a fetch (a check that found nothing
    new stores no version: it reaches every node through Redis all the same)."""
    return datetime.fromisoformat(node.get("/readyz").json()["updated_at"])


def runs(workers: list[TickerProcess]) -> int:
    """Refreshes that fetched and reached Redis, in every worker: stored, or nothing new."""
    return sum(w.log.count("refresh stored version") + w.log.count("refresh: no change")
               for w in workers)


def cluster(processes: list[TickerProcess], tmp_path: Path, fake: FakeKma,
            redis_url: str) -> tuple[list[TickerProcess], list[TickerProcess]]:
    env = {"TICKER_STORE": redis_url, "KMA_APIHUB_URL": fake.url, "KMA_APIHUB_KEY": CANARY_KEY}
    workers = [start(processes, tmp_path / f"worker{i}", ["worker"], env) for i in range(2)]
    webs = [start(processes, tmp_path / f"web{i}", ["serve", "--port", "0", "--no-scheduler"],
                  env) for i in range(3)]
    for web in webs:
        web.wait_listening(timeout=PATIENCE)
        web.wait_for(lambda web=web: web.get("/v1/weather").ok, timeout=PATIENCE)
    return workers, webs


def leader(workers: list[TickerProcess]) -> TickerProcess:
    """The worker whose log last said it became the leader."""
    def became(worker: TickerProcess) -> bool:
        states = re.findall(r"(now the|no longer the) leader", worker.log)
        return bool(states) and states[-1] == "now the"

    [current] = [w for w in workers if became(w)]
    return current


def test_one_fetch_per_cycle_whatever_the_number_of_workers(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma,
        redis_server: RedisServer) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    workers, webs = cluster(processes, tmp_path, fake_kma, redis_server.url)
    start_runs, start_hits = runs(workers), fake_kma.hits[SFCTM2_PATH]
    start_check = checked(webs[0])
    webs[0].wait_for(lambda: runs(workers) >= start_runs + 4, timeout=PATIENCE)
    # Every refresh is one sfctm2 call (a new version only when the rows changed, once a
    # minute here): two workers never both fetch.
    calls = fake_kma.hits[SFCTM2_PATH] - start_hits
    done = runs(workers) - start_runs
    assert abs(calls - done) <= 1, (calls, done)
    # The checks reach every web node without a new version.
    for web in webs:
        web.wait_for(lambda web=web: checked(web) > start_check, timeout=PATIENCE)
    client = redis_server.client()
    assert int(client.get("ticker:version")) >= version(webs[0])
    # All web nodes serve the same snapshot.
    newest = version(webs[0])
    for web in webs:
        web.wait_for(lambda web=web: version(web) >= newest, timeout=PATIENCE)
    bodies: list[Any] = [web.get("/v1/weather").json() for web in webs]
    assert all(len(body["cities"]) == 16 and not body["sample"] for body in bodies)
    assert sum(w.log.count("now the leader") for w in workers) == 1


def test_a_killed_leader_is_replaced_within_a_cycle(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma,
        redis_server: RedisServer) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    workers, webs = cluster(processes, tmp_path, fake_kma, redis_server.url)
    webs[0].wait_for(lambda: any("now the leader" in w.log for w in workers), timeout=PATIENCE)
    active = leader(workers)
    standby = next(w for w in workers if w is not active)
    led_before = standby.log.count("now the leader")
    active.kill()
    killed_at = checked(webs[0])
    # The lease runs out, the standby's next beat takes it, its next tick fetches.
    standby.wait_for(lambda: standby.log.count("now the leader") > led_before,
                     timeout=PATIENCE)
    webs[0].wait_for(lambda: checked(webs[0]) > killed_at, timeout=PATIENCE)


def test_web_nodes_serve_from_memory_while_redis_is_down(
        processes: list[TickerProcess], tmp_path: Path, fake_kma: FakeKma,
        redis_server: RedisServer) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    _, webs = cluster(processes, tmp_path, fake_kma, redis_server.url)
    before = {id(web): web.get("/v1/weather").json()["cities"] for web in webs}
    down_at = checked(webs[0])
    redis_server.kill()
    for _ in range(5):
        for web in webs:
            response = web.get("/v1/weather")
            assert response.status_code == 200
            assert [c["temperature_c"] for c in response.json()["cities"]] == [
                c["temperature_c"] for c in before[id(web)]]
    webs[0].wait_for(lambda: "unavailable" in webs[0].get("/readyz").text, timeout=PATIENCE)
    redis_server.start()
    for web in webs:
        web.wait_for(lambda web=web: checked(web) > down_at, timeout=PATIENCE)
        assert web.get("/v1/weather").status_code == 200
    # Said once per outage, by the node that noticed it.
    assert webs[0].log.count("redis unavailable for the snapshot store") == 1
