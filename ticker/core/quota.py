"""Daily upstream-call rules per source, and the ledger protocol the backends implement.

Both KMA portals count calls per key per day and reset at midnight KST. When the calls left
today cannot cover the refresh cadence, runs are spread out (the cadence stretches) so the
budget lasts until midnight instead of running out at noon.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, model_serializer

from ticker.core.config_types import Strict
from ticker.core.kst import next_midnight


def min_spacing(remaining: int, calls_per_run: int, now: datetime) -> timedelta:
    """How far apart runs must be for ``remaining`` calls to last until midnight."""
    runs_left = remaining // max(calls_per_run, 1)
    if runs_left <= 0:
        return next_midnight(now) - now
    return (next_midnight(now) - now) / runs_left


class QuotaDay(BaseModel):
    """Calls made per source on one KST day, and when each source last ran."""

    model_config = ConfigDict(extra="forbid")

    day: date
    calls: dict[str, int] = {}
    last_run: dict[str, datetime] = {}


def judge(today: QuotaDay, source: str, limit: int | None, planned_calls: int,
          now: datetime) -> tuple[bool, str]:
    """Whether ``source`` may run now given today's counts, and why not when it may not.

    Shared by every ledger backend so the file and Redis ledgers pace runs identically.
    """
    if limit is None:
        return True, ""
    remaining = limit - today.calls.get(source, 0)
    if remaining < planned_calls:
        return False, (f"daily budget spent ({limit - remaining}/{limit} calls); "
                       "resumes at midnight KST")
    last = today.last_run.get(source)
    spacing = min_spacing(remaining, planned_calls, now)
    if last is not None and now - last < spacing:
        return False, (f"{remaining} calls left today: runs stretched to one every "
                       f"{round(spacing.total_seconds() / 60)} min")
    return True, ""


class SourceUsage(BaseModel):
    """One source's calls today against its daily limit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    calls: int = Field(description="Upstream calls made this KST day")
    limit: int | None = Field(description="The daily limit; null when the source has none")
    remaining: int | None = Field(description="Calls left today; null when unlimited")


class QuotaReport(BaseModel):
    """Calls today per source, for /readyz, metrics and logs; or why they are unknown."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: date
    sources: dict[str, SourceUsage] = {}
    error: str | None = None

    @model_serializer
    def _wire(self) -> dict[str, SourceUsage | str]:
        # The published shape (/readyz ``upstream_calls_today``) puts each source beside
        # "day": {"day": "2025-12-01", "vilage": {...}}, or {"day": ..., "error": ...}.
        wire: dict[str, SourceUsage | str] = {"day": self.day.isoformat()}
        if self.error is not None:
            wire["error"] = self.error
        wire.update(self.sources)
        return wire


def day_report(today: QuotaDay, limits: dict[str, int | None]) -> QuotaReport:
    """Per source: calls today, the daily limit and what is left."""
    sources = {}
    for source in sorted(set(limits) | set(today.calls)):
        used = today.calls.get(source, 0)
        limit = limits.get(source)
        sources[source] = SourceUsage(calls=used, limit=limit,
                                      remaining=None if limit is None else max(limit - used, 0))
    return QuotaReport(day=today.day, sources=sources)


class QuotaLedger(Protocol):
    """Counts upstream calls per source per day against daily limits."""

    def record(self, source: str, calls: int, now: datetime) -> None:
        """Add ``calls`` made by ``source`` at ``now``."""
        ...

    def allows(self, source: str, planned_calls: int, now: datetime) -> tuple[bool, str]:
        """Whether ``source`` may run now, and why not when it may not."""
        ...

    def report(self, now: datetime) -> QuotaReport:
        """Calls today, limit and calls left per source, for /readyz and logs."""
        ...


class QuotaSettings(Strict):
    """Daily call limits per source; null means not limited (still counted)."""

    # data.go.kr development accounts get 10,000 calls a day per API. The API Hub publishes
    # no number (one 2023 report says about 2,000); our use is at most 72 calls a day.
    # The forecast feed (getVilageFcst) has a line of its own: the portal counts each
    # operation apart, and one line would let each feed's pacing stretch the other's.
    daily_limits: dict[str, int | None] = Field(
        default_factory=lambda: {"asos": None, "vilage": 10_000,
                                 # AirKorea's development quota: 500 a day per operation.
                                 "air": 500, "air_stations": 500,
                                 "forecast": 10_000})
