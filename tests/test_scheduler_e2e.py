"""The refresh scheduler as a real ``ticker worker``: one catch-up run after the process was
stopped for several cycles, and no overlap when a refresh is slower than the cycle."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from faults import FaultyKma
from service import TickerProcess, clean_env, write_config

from ticker.upstream.apihub.client import SFCTM2_PATH

INTERVAL = 2.0


@contextmanager
def worker(tmp_path: Path, fake: FaultyKma, settings: dict[str, Any]) -> Iterator[TickerProcess]:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **settings})
    process = TickerProcess(["worker"], clean_env({
        "TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake.url,
        "KMA_APIHUB_KEY": "scheduler-key"}), tmp_path)
    try:
        yield process
    finally:
        process.stop()


def stored_runs(process: TickerProcess) -> int:
    return sum("refresh stored version" in line for line in process.lines)


def test_a_process_stopped_for_three_cycles_catches_up_once(tmp_path: Path,
                                                            faulty_kma: FaultyKma) -> None:
    settings = {"schedule": {"interval_seconds": INTERVAL, "jitter_seconds": 0}}
    with worker(tmp_path, faulty_kma, settings) as process:
        process.wait_for(lambda: stored_runs(process) >= 2)
        # Stop just after a run has finished: the next one is due about INTERVAL from now.
        runs = stored_runs(process)
        process.wait_for(lambda: stored_runs(process) > runs, interval=0.02)
        time.sleep(0.1)
        os.kill(process.process.pid, signal.SIGSTOP)
        before = faulty_kma.hits[SFCTM2_PATH]
        try:
            time.sleep(3.5 * INTERVAL)  # three due runs missed
            assert faulty_kma.hits[SFCTM2_PATH] == before
        finally:
            os.kill(process.process.pid, signal.SIGCONT)
        # The missed runs coalesce into one, at once; the next is due half a cycle later.
        time.sleep(0.35 * INTERVAL)
        assert faulty_kma.hits[SFCTM2_PATH] == before + 1
        process.wait_for(lambda: faulty_kma.hits[SFCTM2_PATH] >= before + 2, timeout=INTERVAL)
        assert "was missed by" not in process.log


def test_a_refresh_slower_than_the_cycle_never_overlaps_the_next(tmp_path: Path,
                                                                 faulty_kma: FaultyKma) -> None:
    faulty_kma.delay = 2.5  # every answer takes 2.5 s; refreshes are due every second
    # No history backfill: its calls would stretch every run to the whole budget.
    settings = {"schedule": {"interval_seconds": 1, "jitter_seconds": 0, "backfill": False},
                "kma_apihub": {"read_timeout": 5, "total_timeout": 5}}
    with worker(tmp_path, faulty_kma, settings) as process:
        process.wait_for(lambda: stored_runs(process) >= 3, timeout=15)
    assert faulty_kma.max_in_flight[SFCTM2_PATH] == 1
    assert "maximum number of running instances reached" in process.log  # runs were skipped
