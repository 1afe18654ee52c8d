"""Redis connection rules: fail fast, never name the password, back off and log once per outage."""

from __future__ import annotations

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from ticker.state.redis_conn import Availability, client_from_url, describe


def test_clients_fail_fast_and_log_lines_never_carry_the_password() -> None:
    client = client_from_url("redis://:hunter2@10.0.0.1:6380/3")  # no connection is made
    try:
        assert describe(client) == "10.0.0.1:6380/3"
        kwargs = client.connection_pool.connection_kwargs
        assert kwargs["socket_timeout"] == kwargs["socket_connect_timeout"] == 1.0
    finally:
        client.close()


def test_while_down_one_caller_per_interval_may_try(caplog: pytest.LogCaptureFixture) -> None:
    now = [100.0]
    health = Availability("host:6379/0", "snapshot store", "serving memory",
                          retry_after=1.0, monotonic=lambda: now[0])
    assert health.may_try()
    health.failed(RedisConnectionError("refused"))
    health.failed(RedisConnectionError("refused"))
    assert health.down
    assert not health.may_try()
    now[0] += 1.0
    assert health.may_try()  # this caller probes...
    assert not health.may_try()  # ...and the others keep serving memory meanwhile
    health.succeeded()
    health.succeeded()
    assert health.may_try()
    assert caplog.messages == [
        "redis unavailable for the snapshot store at host:6379/0 (ConnectionError: refused); "
        "serving memory",
        "redis recovered for the snapshot store at host:6379/0 after 1.0 s",
    ]
