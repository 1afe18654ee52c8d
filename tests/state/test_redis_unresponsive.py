"""A Redis that stops answering (SIGSTOP: connections open, no replies) never stalls serving.

The node under test talks to Redis with a 5 s socket timeout, so a request that waited on
Redis would take at least 5 s; every request must take under 1 s, a margin wide enough that
a loaded machine cannot blur the two.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from support.clock import Clock
from support.redisfix import RedisServer
from support.snapshots import snapshot
from support.stations import CITIES

from ticker.core.freshness import Freshness
from ticker.state.redis_conn import client_from_url
from ticker.state.redis_store import RedisStore
from ticker.state.shared import SharedState, redis_state
from ticker.web.context import WebContext
from ticker.web.site import create_app

REDIS_TIMEOUT = 5.0  # a request that touched Redis would take at least this long
QUICK = 1.0  # every request must take less: far below REDIS_TIMEOUT, not a benchmark
# Longer than the fast path's version check interval and the probe interval of an outage.
SPAN = 3.0
PATIENCE = 30.0  # for conditions that a background thread makes true
LIMITS: dict[str, int | None] = {"vilage": 10_000, "asos": None}
PATHS = ("/v1/weather", "/readyz", "/v1/weather/seoul", "/widget")


@contextmanager
def stopped(server: RedisServer) -> Iterator[None]:
    """Redis frozen with SIGSTOP, as a hung host would be; always resumed afterwards."""
    assert server.process is not None
    server.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        server.process.send_signal(signal.SIGCONT)


def wait_until(condition: Callable[[], bool], timeout: float = PATIENCE) -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def timed_get(client: FlaskClient, path: str) -> tuple[float, int, dict[str, object] | None]:
    """Seconds taken, status and JSON body (if any) of one GET."""
    started = time.monotonic()
    response = client.get(path)
    return time.monotonic() - started, response.status_code, response.get_json(silent=True)


def readyz(client: FlaskClient) -> dict[str, object]:
    """The /readyz document, which must itself come back quickly."""
    took, _, body = timed_get(client, "/readyz")
    assert took < QUICK, f"/readyz took {took:.2f} s"
    assert body is not None
    return body


@pytest.fixture
def node(redis_server: RedisServer) -> Iterator[tuple[SharedState, FlaskClient]]:
    """A web node on the Redis shared state, as the composition root wires it."""
    state = redis_state(RedisStore(client_from_url(redis_server.url, timeout=REDIS_TIMEOUT)),
                        LIMITS)
    app = create_app(WebContext(store=state.store, cities=CITIES, freshness=Freshness(),
                                clock=Clock(), quota=state.ledger))
    try:
        yield state, app.test_client()
    finally:
        state.close()


def request_for_a_while(client: FlaskClient) -> dict[str, float]:
    """Request every path in turn for SPAN seconds; each must come back quickly and whole."""
    slowest: dict[str, float] = {}
    started, count = time.monotonic(), 0
    while time.monotonic() - started < SPAN or count < 40:
        path = PATHS[count % len(PATHS)]
        took, status, _ = timed_get(client, path)
        slowest[path] = max(slowest.get(path, 0.0), took)
        assert took < QUICK, f"request {count} to {path} waited {took:.2f} s on redis"
        assert status == 200, path  # the snapshot held in memory is served
        count += 1
    return slowest


def test_a_stopped_redis_never_makes_a_request_wait(
        redis_server: RedisServer, node: tuple[SharedState, FlaskClient],
        caplog: pytest.LogCaptureFixture) -> None:
    _, client = node
    writer = RedisStore(redis_server.client())
    writer.put(snapshot(1.0))
    wait_until(lambda: readyz(client).get("version") == 1)

    with stopped(redis_server):
        slowest = request_for_a_while(client)
        # /readyz says what the background check last saw, without asking Redis itself.
        wait_until(lambda: readyz(client).get("store") == "unavailable: serving from memory")
        assert readyz(client)["version"] == 1

    assert max(slowest.values()) < QUICK
    writer.put(snapshot(2.0))  # Redis is back: the newer version reaches the node
    wait_until(lambda: readyz(client).get("version") == 2)
    assert readyz(client).get("store") is None
    weather = client.get("/v1/weather").get_json()
    assert {city["temperature_c"] for city in weather["cities"]} == {2.0}
    # Said once each, by the background check rather than by requests.
    assert caplog.text.count("redis unavailable for the snapshot store") == 1
    assert caplog.text.count("redis recovered for the snapshot store") == 1


def test_a_node_closes_promptly_while_redis_is_stopped(
        redis_server: RedisServer, node: tuple[SharedState, FlaskClient]) -> None:
    state, client = node
    RedisStore(redis_server.client()).put(snapshot(1.0))
    wait_until(lambda: readyz(client).get("version") == 1)
    with stopped(redis_server):
        request_for_a_while(client)  # by now the background check is stuck in a call
        started = time.monotonic()
        state.close()
        took = time.monotonic() - started
    assert took < REDIS_TIMEOUT, f"closing waited {took:.2f} s on redis"
