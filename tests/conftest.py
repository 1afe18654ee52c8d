"""Shared fixtures: a clean, isolated environment, the fake KMA server and the faulty one, a
redis-server; and the hooks that mark each test's kind (tests/support/kinds.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import kinds
from support.clock import NOW, Clock
from support.fakekma import FakeKma, FakeKmaServer
from support.faults import FaultyKma, FaultyKmaServer
from support.isolation import changes, isolated_environment, listing, real_state_roots
from support.redisfix import RedisServer, running_redis
from support.service import TickerProcess

_CLEARED_PREFIXES = ("KMA_", "TICKER_", "DATA_GO_KR_")
_CLEARED = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
            "http_proxy", "https_proxy", "all_proxy", "no_proxy")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--kill-iterations``: how many writers the store's SIGKILL test kills."""
    parser.addoption("--kill-iterations", type=int, default=5, metavar="N",
                     help="writers killed at random moments by tests/state/test_store.py (default "
                          "5, for the fast loop; scripts/test passes 300 unless --fast)")


def pytest_configure(config: pytest.Config) -> None:
    """Refuse, from now on, a process started by a test not marked to start one."""
    sys.addaudithook(kinds.audit)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with the kinds its fixtures make it (e2e, browser, redis)."""
    kinds.mark_by_fixture(items)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    """Run each test (setup, call, teardown) as the one the audit hook checks."""
    with kinds.running(item):
        return (yield)


@pytest.fixture(scope="session", autouse=True)
def real_state_untouched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Fail the run if anything under the real user's ticker state changed during it.

    Until the first test's own isolation applies, session- and module-scoped fixtures (a
    browser, a shared service) run under a temporary home made here.
    """
    roots = real_state_roots(os.environ)
    before = {root: listing(root) for root in roots}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in isolated_environment(tmp_path_factory.mktemp("session")).items():
            patch.setenv(name, value)
        yield
    changed = [f"{root}: {line}" for root in roots
               for line in changes(before[root], listing(root))]
    if changed:
        pytest.fail("the tests changed the real user's ticker state: " + "; ".join(changed),
                    pytrace=False)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's keys, proxies or ticker settings."""
    for name in list(os.environ):
        if name.startswith(_CLEARED_PREFIXES) or name in _CLEARED:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def isolated_state(clean_environment: None, tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test, and every process it starts, has its own home and ticker state."""
    # A sibling of tmp_path, not inside it: tests that list tmp_path see only their files.
    for name, value in isolated_environment(tmp_path_factory.mktemp("state")).items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def clock() -> Clock:
    """A fake clock at NOW (tests/support/clock.py) that moves only when the test moves it."""
    return Clock(NOW)


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


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server for one test (it marks the test ``redis``)."""
    with running_redis(tmp_path) as server:
        yield server
