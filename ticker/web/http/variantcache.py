"""The prepared variants kept in memory, and how much rendering their misses may take.

Variants of the configured strips (a query without ``cities``: the default strip, a set, one
city, the static routes) and one-off variants (a query naming its own ``cities``: any order
of any subset) are kept in separate bounded segments, so a client asking for endless new
orderings churns only the one-off segment and never evicts what the embedding sites ask for.
Within a segment, eviction gives a second chance (CLOCK): an entry served since the sweep
last passed it is kept once more, so a flood of one-time variants passes it by.

Rendering a one-off miss (a 95-station widget with ``show=trend`` takes 15–20 ms) is paid from
a budget of serving time: beyond it, such misses get a 503 with ``Retry-After`` until the
budget refills, and hits, the configured strips' misses and variants already asked for (a new
version of them) are served as ever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ticker.web.http.prepared import Prepared

Key = tuple[str, str]  # (path, canonical query)

# A quarter of one serving thread's time, at most 1 s of it at once: a page whose several
# new embeds load together (a slow machine renders one in up to 0.2 s) is served whole.
ONE_OFF_SHARE = 0.25
ONE_OFF_BURST_SECONDS = 1.0


def is_one_off(query: str) -> bool:
    """Whether a canonical query names its own ``cities`` (rather than a configured strip)."""
    return query.startswith("cities=") or "&cities=" in query


class _Segment:
    """One bounded part of the cache: its keys oldest first, and the bytes they hold."""

    __slots__ = ("bytes", "max_bytes", "max_entries", "order")

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.order: dict[Key, None] = {}
        self.bytes = 0
        self.max_entries, self.max_bytes = max_entries, max_bytes


class VariantCache:
    """A bounded map of prepared responses in two segments; reads take no lock."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 8 * 1024 * 1024,
                 one_off_entries: int = 256, one_off_bytes: int = 4 * 1024 * 1024) -> None:
        self._entries: dict[Key, Prepared] = {}
        self._configured = _Segment(max_entries, max_bytes)
        self._one_off = _Segment(one_off_entries, one_off_bytes)
        self._lock = threading.Lock()

    def get(self, key: Key) -> Prepared | None:
        """The prepared response for a (path, query string), if any (marked as used)."""
        entry = self._entries.get(key)
        if entry is not None:
            entry.used = True  # a racing sweep may miss it: a second chance lost, no more
        return entry

    def put(self, key: Key, prepared: Prepared) -> None:
        """Keep a prepared response, evicting from its segment while over either bound."""
        segment = self._one_off if is_one_off(key[1]) else self._configured
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                segment.bytes -= old.size
                del segment.order[key]
            chances = len(segment.order)  # each kept entry loses its mark: the sweep ends
            while segment.order and (len(segment.order) >= segment.max_entries
                                     or segment.bytes + prepared.size > segment.max_bytes):
                oldest = next(iter(segment.order))
                del segment.order[oldest]
                entry = self._entries[oldest]
                if entry.used and chances > 0:
                    entry.used = False
                    segment.order[oldest] = None
                    chances -= 1
                else:
                    del self._entries[oldest]
                    segment.bytes -= entry.size
            self._entries[key] = prepared
            segment.order[key] = None
            segment.bytes += prepared.size

    def __len__(self) -> int:
        return len(self._entries)


class RenderBudget:
    """Seconds of rendering that misses may take: ``share`` of each second, ``burst`` at once
    (a token bucket of time, approximate under threads: it bounds, it does not account)."""

    def __init__(self, share: float = ONE_OFF_SHARE, burst: float = ONE_OFF_BURST_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.share, self.burst, self._clock = share, burst, clock
        self._left = burst
        self._at = clock()

    def available(self) -> bool:
        """Whether a miss may be rendered now."""
        now = self._clock()
        self._left = min(self.burst, self._left + (now - self._at) * self.share)
        self._at = now
        return self._left > 0

    def spend(self, seconds: float) -> None:
        """Charge a render's time (the balance may go below zero: the next ones wait)."""
        self._left -= seconds
