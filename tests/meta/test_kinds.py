"""The fast loop stays fast: a test that starts a process must be marked for it
(tests/support/kinds.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.kinds import KINDS, PROCESS_KINDS, kinds_allowed


def test_an_unmarked_test_cannot_start_a_process() -> None:
    # The audit hook refuses before the fork: nothing starts.
    with pytest.raises(RuntimeError, match="not marked e2e or browser or redis"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


def test_a_redis_server_needs_redis_and_chromium_needs_browser() -> None:
    assert kinds_allowed("/usr/bin/redis-server") == ("redis",)
    assert kinds_allowed("/usr/bin/chromium") == ("browser",)
    assert kinds_allowed("/venv/lib/python3.11/site-packages/playwright/driver/node") == (
        "browser",)
    assert kinds_allowed(sys.executable) == PROCESS_KINDS



def test_every_kind_is_a_registered_marker(pytestconfig: pytest.Config) -> None:
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(KINDS) <= registered
