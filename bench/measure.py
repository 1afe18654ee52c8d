"""What bench/http measures with: wrk runs, their medians, and a process tree's memory."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import NamedTuple

Row = dict[str, float]


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in a process group, in MB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) != pgid:
                continue
            status = (entry / "status").read_text()
        except (OSError, ProcessLookupError):
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match.group(1)) if match else 0
    return total / 1024


class Memory(NamedTuple):
    """The service's process-tree RSS (MB) through the run."""

    start: float
    flood_peak: float  # the highest while the normal, cache-busting and variant loads ran
    held_peak: float  # the highest while 10,000 connections were held (each costs memory)
    after: float  # once the held connections are gone and the allocator has given back


def settled_rss_mb(pgid: int, seconds: float = 5) -> float:
    """The group's RSS once it stops falling (freed memory goes back within about a second)."""
    deadline = time.monotonic() + seconds
    last = group_rss_mb(pgid)
    while time.monotonic() < deadline:
        time.sleep(1)
        now = group_rss_mb(pgid)
        if now >= last - 1:
            return now
        last = now
    return last


class PeakRss:
    """Samples a process group's RSS in the background and keeps the peak."""

    def __init__(self, pgid: int) -> None:
        self.pgid, self.peak, self._stop = pgid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, group_rss_mb(self.pgid))

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak


def wrk_command(url: str, seconds: int, connections: int, header: str | None = None,
                lua: Path | None = None) -> list[str]:
    """The wrk command line for one run (``lua``: a script that makes each URL)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if lua is not None:
        command[1:1] = ["-s", str(lua)]
    if header:
        command[1:1] = ["-H", header]
    return command


def wrk(url: str, seconds: int, connections: int, header: str | None = None,
        lua: Path | None = None) -> Row:
    """req/s, p50 and p99 (ms) from one wrk run (``lua``: a script that makes each URL)."""
    command = wrk_command(url, seconds, connections, header, lua)
    return wrk_row(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def wrk_row(out: str) -> Row:
    """req/s, p50 and p99 (ms), non-2xx/3xx count and socket errors from wrk's output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def percentile(label: str) -> float:
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99"),
            "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
            "socket_errors": 1.0 if errors else 0.0}


def median_row(rows: list[Row]) -> Row:
    """One row for several runs of a case: the median of each figure, errors summed."""
    return {"rps": statistics.median(row["rps"] for row in rows),
            "p50": statistics.median(row["p50"] for row in rows),
            "p99": statistics.median(row["p99"] for row in rows),
            "non2xx": sum(row["non2xx"] for row in rows),
            "socket_errors": sum(row["socket_errors"] for row in rows)}
