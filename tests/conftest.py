"""Shared fixtures: a clean environment, the fake KMA server and the fault-injecting one."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fakekma import FakeKma, FakeKmaServer
from faults import FaultyKma, FaultyKmaServer
from service import TickerProcess

_CLEARED_PREFIXES = ("KMA_", "TICKER_", "DATA_GO_KR_")
_CLEARED = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's keys, proxies or ticker settings."""
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES) or name in _CLEARED:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_kma() -> Iterator[FakeKma]:
    """A fake KMA upstream on 127.0.0.1, scripted per test."""
    with FakeKmaServer() as fake:
        yield fake


@pytest.fixture
def faulty_kma() -> Iterator[FaultyKma]:
    """A fault-injecting KMA upstream on 127.0.0.1 for both interfaces, mode switchable."""
    with FaultyKmaServer() as fake:
        yield fake


@pytest.fixture
def processes() -> Iterator[list[TickerProcess]]:
    """``ticker`` processes a test starts; each is killed, with its workers, at the end."""
    started: list[TickerProcess] = []
    yield started
    for process in started:
        process.stop()
