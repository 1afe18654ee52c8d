"""The refresh scheduler as a real ``ticker worker``: one catch-up run after the process was
stopped for several cycles, and no overlap when a refresh is slower than the cycle.

Both are judged from what the process logged and the upstream saw, never from how many
things happened within so many seconds: a loaded machine delays runs but must not fail these.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.faults import FaultyKma
from support.service import TickerProcess, clean_env, write_config

from ticker.core.kst import KST
from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

INTERVAL = 2.0
# Deadline for conditions that take seconds on an idle machine.
PATIENCE = 60.0
_RUNNING = re.compile(r"Running job .* \(scheduled at ([^)]+)\)")


@contextmanager
def worker(tmp_path: Path, fake: FaultyKma, settings: dict[str, Any],
           options: Sequence[str] = ()) -> Iterator[TickerProcess]:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **settings})
    process = TickerProcess([*options, "worker"], clean_env({
        "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake.url,
        "KMA_APIHUB_KEY": "scheduler-key"}), tmp_path)
    try:
        yield process
    finally:
        process.stop()


def stored_runs(process: TickerProcess) -> int:
    """Runs that fetched and reached the store: a new version, or none when nothing changed."""
    return sum("refresh stored version" in line or "refresh: no change" in line
               for line in process.lines)


def scheduled_times(process: TickerProcess) -> list[datetime]:
    """When each job run was due, as APScheduler logs it at DEBUG (one line per run)."""
    return [datetime.fromisoformat(match.group(1)) for line in process.lines
            if (match := _RUNNING.search(line))]


def test_a_process_stopped_for_three_cycles_catches_up_once(tmp_path: Path,
                                                            faulty_kma: FaultyKma) -> None:
    """Runs missed while stopped coalesce: at most one of them runs, whatever the load.

    Judged by the times the runs were due, not by counting hits in a window after the wake:
    without coalescing every due time in the stopped window would run, one after another.
    """
    settings = {"schedule": {"interval_seconds": INTERVAL, "jitter_seconds": 0}}
    with worker(tmp_path, faulty_kma, settings, ["--log-level", "DEBUG"]) as process:
        process.wait_for(lambda: len(scheduled_times(process)) >= 2, timeout=PATIENCE)
        os.kill(process.process.pid, signal.SIGSTOP)
        stopped_at = datetime.now(KST)
        try:
            time.sleep(3.5 * INTERVAL)  # the scenario: stopped while three runs fall due
        finally:
            continued_at = datetime.now(KST)
            os.kill(process.process.pid, signal.SIGCONT)
        # Back on its cadence: a run that fell due after the wake has started.
        process.wait_for(lambda: max(scheduled_times(process)) > continued_at,
                         timeout=PATIENCE)
        due_while_stopped = [t for t in scheduled_times(process)
                             if stopped_at <= t <= continued_at]
        assert continued_at - stopped_at >= timedelta(seconds=3 * INTERVAL)
        assert len(due_while_stopped) <= 1, due_while_stopped
        assert "was missed by" not in process.log


def test_a_refresh_slower_than_the_cycle_never_overlaps_the_next(tmp_path: Path,
                                                                 faulty_kma: FaultyKma) -> None:
    faulty_kma.delay = 2.5  # every answer takes 2.5 s; refreshes are due every second
    # No history backfill: its calls would stretch every run to the whole budget.
    settings = {"schedule": {"interval_seconds": 1, "jitter_seconds": 0, "backfill": False},
                "kma_apihub": {"read_timeout": 5, "total_timeout": 5}}
    with worker(tmp_path, faulty_kma, settings) as process:
        process.wait_for(lambda: stored_runs(process) >= 3, timeout=PATIENCE)
    assert faulty_kma.max_in_flight[SFCTM2_PATH] == 1
    assert "maximum number of running instances reached" in process.log  # runs were skipped
