"""The kinds of test the fast loop leaves out, how tests get marked, and the check that keeps
every test that starts a process marked.

``./scripts/test --fast`` deselects the four markers below. A test gets its marker from a
fixture it uses (``mark_by_fixture``, run at collection), from its module's ``pytestmark``, or
from its own decorator. The audit hook (``audit``) is the check: while a test runs, starting a
process (``subprocess``, ``os.fork``, ``os.posix_spawn``, ``os.system``...) fails unless the test
is marked ``e2e``, ``browser`` or ``redis``; a redis-server needs ``redis`` and Chromium's
driver needs ``browser``. So the fast loop starts no process, by construction.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest

# The markers `scripts/test --fast` leaves out, registered in pyproject.toml.
KINDS = ("e2e", "browser", "redis", "slow")
# The kinds allowed to start processes.
PROCESS_KINDS = ("e2e", "browser", "redis")

# A test using one of these fixtures (directly or through another fixture) is of that kind.
FIXTURE_KINDS = {
    "processes": "e2e",  # conftest: `ticker` subprocesses
    "sample_server": "e2e",  # browser_fixtures: a `ticker serve` subprocess
    "browser": "browser",  # browser_fixtures: Chromium
    "redis_server": "redis",  # conftest: a private redis-server
}

# The audit events that start another program.
_PROCESS_EVENTS = frozenset({"subprocess.Popen", "os.posix_spawn", "os.exec", "os.system"})

# The test whose setup, call or teardown is running (the audit hook has no other way to know).
_running: list[pytest.Item] = []


def mark_by_fixture(items: Sequence[pytest.Item]) -> None:
    """Give each test the marker of every kind its fixtures make it."""
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            kind = FIXTURE_KINDS.get(name)
            if kind and item.get_closest_marker(kind) is None:
                item.add_marker(kind)


@contextmanager
def running(item: pytest.Item) -> Iterator[None]:
    """Let the audit hook know which test is running."""
    _running.append(item)
    try:
        yield
    finally:
        _running.pop()


def program(event: str, args: tuple[Any, ...]) -> str:
    """The program an audit event starts (a shell command's first word)."""
    if event == "os.system":
        return (os.fsdecode(args[0]).split() or [""])[0]
    return os.fsdecode(args[0])  # Popen has resolved its executable by now


def kinds_allowed(executable: str) -> tuple[str, ...]:
    """The markers that allow a test to start ``executable``."""
    name = os.path.basename(executable)
    if name == "redis-server":
        return ("redis",)
    if "playwright" in executable or name in ("chromium", "chrome"):
        return ("browser",)
    return PROCESS_KINDS


def audit(event: str, args: tuple[Any, ...]) -> None:
    """Audit hook: refuse a process a running test is not marked to start."""
    if event not in _PROCESS_EVENTS or not _running:
        return
    item = _running[-1]
    executable = program(event, args)
    allowed = kinds_allowed(executable)
    if not any(item.get_closest_marker(kind) for kind in allowed):
        raise RuntimeError(
            f"{item.nodeid} starts a process ({event} {executable}) but is not marked "
            f"{' or '.join(allowed)}: mark it (tests/support/kinds.py), so the fast loop "
            "stays fast")
