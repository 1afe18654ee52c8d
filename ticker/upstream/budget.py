"""The time budget of one refresh, drawn on by every upstream call the refresh makes.

Sources run one after another and each makes its calls in turn, so a single deadline shared
by all their clients bounds the whole refresh: each call gets at most the time left, and a
call with nothing left is not made at all.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class RefreshBudget:
    """A deadline restarted at the beginning of every refresh; unbounded until first started."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if seconds <= 0:
            raise ValueError("a refresh budget must be positive")
        self.seconds = seconds
        self._clock = clock
        self._deadline: float | None = None

    def start(self) -> None:
        """Begin a refresh: the full budget is available again from now."""
        self._deadline = self._clock() + self.seconds

    def remaining(self) -> float:
        """Seconds left in the current refresh (infinite when no refresh was started)."""
        if self._deadline is None:
            return math.inf
        return max(0.0, self._deadline - self._clock())
