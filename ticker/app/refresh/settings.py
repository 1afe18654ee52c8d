"""The refresh schedule's settings (``schedule:``), composed into ``ticker.app.settings``."""

from __future__ import annotations

from pydantic import Field

from ticker.core.config_types import Strict


class ScheduleSettings(Strict):
    """When refreshes run. ASOS hour H is published some minutes after H:00."""

    publish_minute: int = Field(default=10, ge=0, le=59)
    retry_every_minutes: int = Field(default=10, ge=1, le=60)
    # No refresh takes longer: every upstream call gets at most the time left of it.
    refresh_budget_seconds: float = Field(default=25, gt=0, le=3600)
    jitter_seconds: float = Field(default=30, ge=0, le=300)
    # Up to a day: the data is hourly (and a larger number would overflow the scheduler).
    interval_seconds: float | None = Field(default=None, gt=0, le=86400)
    misfire_grace_seconds: int = Field(default=300, ge=1, le=86400)
    # Fill the 24-hour history's missing hours from kma_sfctm2 (one call an hour, within the
    # refresh budget); false keeps only what the refreshes bring.
    backfill: bool = True
    # With a Redis store: how long the active worker's lease lasts without renewal, so how
    # soon a standby takes over from a dead one. Keep it above the longest refresh.
    lease_seconds: float = Field(default=30, gt=0, le=3600)
