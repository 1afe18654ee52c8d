"""A cheap access log: one line per request, written through a buffer flushed twice a second.

Python's logging module costs more per request than answering a prepared response does, so
the hot path formats one line itself and leaves the system call to a background flush.
Lines hold the method, path, query, status, size and time taken — never a header or a body.
"""

from __future__ import annotations

import os
import threading
import time
from typing import BinaryIO

FLUSH_SECONDS = 0.5


class AccessLog:
    """Appends request lines to a buffered stream (stderr by default)."""

    def __init__(self, stream: BinaryIO | None = None, flush_seconds: float = FLUSH_SECONDS
                 ) -> None:
        self._stream = stream or os.fdopen(os.dup(2), "wb", buffering=64 * 1024)
        self._second = -1
        self._stamp = ""
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_loop, args=(flush_seconds,),
                                         name="access-log", daemon=True)
        self._flusher.start()

    def _flush_loop(self, every: float) -> None:
        while not self._stop.wait(every):
            self._stream.flush()

    def line(self, client: str, method: str, path: str, query: str, status: int, size: int,
             started: float) -> None:
        """Record one finished request (``started`` from time.perf_counter())."""
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(second))
        target = f"{path}?{query}" if query else path
        if not target.isprintable():
            # A decoded %0A in a path must not forge a second log line.
            target = target.encode("unicode_escape").decode("ascii")
        millis = (time.perf_counter() - started) * 1000
        self._stream.write(f'{self._stamp} access {client} "{method} {target}" {status} {size} '
                           f"{millis:.2f}ms\n".encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        """Flush what is buffered and stop the flusher."""
        self._stop.set()
        self._flusher.join()
        self._stream.flush()
