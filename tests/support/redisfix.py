"""A private, real ``redis-server`` per test: 127.0.0.1, a free port, no persistence.

Test modules wrap ``running_redis`` in a fixture of their own. The counting helpers let tests
count round trips and dials instead of timing them. Without the binary the tests
skip on a developer machine but fail in CI (``CI`` set), so CI can never go green by skipping.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from redis.connection import Connection

from ticker.state.leader import RedisLock
from ticker.state.redis_conn import client_from_url

BINARY = "redis-server"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_binary() -> str:
    """The redis-server path; skip without it, or fail when running in CI."""
    path = shutil.which(BINARY)
    if path is None:
        message = f"{BINARY} not installed (scripts/test installs it with apt-get as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


class RedisServer:
    """One redis-server process that tests can kill and start again on the same port."""

    def __init__(self, directory: Path, port: int | None = None,
                 password: str | None = None) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.password = password
        credentials = f":{password}@" if password else ""
        self.url = f"redis://{credentials}127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self._clients: list[redis.Redis] = []

    def start(self) -> None:
        """Start the server and wait until it answers PING."""
        self.process = subprocess.Popen(
            [require_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory),
             "--logfile", str(self.directory / f"redis-{self.port}.log"),
             *(["--requirepass", self.password] if self.password else [])],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        probe = redis.Redis(host="127.0.0.1", port=self.port, password=self.password,
                            socket_connect_timeout=0.2)
        try:
            # Generous: a loaded machine can take seconds to start a process.
            deadline = time.monotonic() + 30
            while True:
                try:
                    probe.ping()
                    return
                except redis.ConnectionError:
                    if time.monotonic() > deadline or self.process.poll() is not None:
                        raise
                    time.sleep(0.01)
        finally:
            probe.close()

    def kill(self) -> None:
        """SIGKILL the server, as a crash would; its data is gone (no persistence)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
        self.process = None

    def client(self) -> redis.Redis:
        """A client configured as the service configures it; closed when the server stops."""
        client = client_from_url(self.url)
        self._clients.append(client)
        return client

    def close_clients(self) -> None:
        """Close every client handed out (avoids ResourceWarnings)."""
        for client in self._clients:
            client.close()
        self._clients.clear()


@contextmanager
def running_redis(directory: Path, password: str | None = None) -> Iterator[RedisServer]:
    """A started server in ``directory``, killed and its clients closed afterwards."""
    server = RedisServer(directory, password=password)
    server.start()
    try:
        yield server
    finally:
        server.close_clients()
        server.kill()


class CountingConnection(Connection):
    """A real redis-py connection that counts how often it dials the server."""

    dials = 0

    def _connect(self) -> object:
        type(self).dials += 1
        return super()._connect()


def counting(client: redis.Redis) -> type[CountingConnection]:
    """Make ``client`` dial through a fresh CountingConnection class; return that class."""
    counter = type("Dials", (CountingConnection,), {"dials": 0})
    client.connection_pool.connection_class = counter
    return counter


class CountingLock(RedisLock):
    """A real RedisLock that counts its acquire-or-renew round trips (heartbeats)."""

    beats = 0

    def acquire_or_renew(self) -> bool:
        """Count, then acquire or renew as usual."""
        self.beats += 1
        return super().acquire_or_renew()
