"""The tests' time: the instants they are set at, and a clock that moves only when told.

Code under test takes its clock as an argument (``clock=``, ``monotonic=``); tests pass a
``Clock`` (the ``clock`` fixture in conftest.py is one at ``NOW``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ticker.core.kst import KST

NOW = datetime(2025, 12, 1, 9, 30, tzinfo=KST)
"""The usual instant: Monday 1 December 2025, 09:30 KST; the 09:00 observations are in."""

# The day the payloads in tests/fixtures were recorded (2025-12-04), at two moments that decide
# which data.go.kr bases exist: a nowcast comes out at HH:40, a forecast (base HH:30) at HH:45.
RECORDED_0925 = datetime(2025, 12, 4, 9, 25, tzinfo=KST)
"""API Hub's hour is 09:00; data.go.kr's newest bases are Ncst 08:00 and Fcst 08:30."""
RECORDED_0945 = datetime(2025, 12, 4, 9, 45, tzinfo=KST)
"""data.go.kr's newest bases are Ncst 09:00 and Fcst 09:30."""


class Clock:
    """A fake clock: call it for the aware KST time, ``monotonic`` for a seconds counter.

    Set ``now`` to jump the wall clock alone (as a real one can); ``advance`` moves both.
    """

    def __init__(self, now: datetime = NOW, monotonic: float = 1000.0) -> None:
        self.now = now
        self.seconds = monotonic

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        """The seconds counter, for code that takes ``monotonic=``."""
        return self.seconds

    def advance(self, seconds: float) -> None:
        """Move both the wall clock and the counter on by ``seconds``."""
        self.now += timedelta(seconds=seconds)
        self.seconds += seconds
