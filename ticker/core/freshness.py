"""How old a city's observation may be before it is flagged stale, then withheld."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticker.core.observations import Observation


@dataclass(frozen=True)
class Freshness:
    """Age limits: past ``stale_after`` a value is flagged, past ``withhold_after`` hidden."""

    stale_after: timedelta = timedelta(minutes=90)
    withhold_after: timedelta = timedelta(hours=6)

    def is_stale(self, observation: Observation, now: datetime) -> bool:
        """True when the observation is missing its time or older than the stale limit."""
        if observation.observed_at is None:
            return True
        return now - observation.observed_at > self.stale_after

    def is_withheld(self, observation: Observation, now: datetime) -> bool:
        """True when the observation is too old to show at all."""
        if observation.observed_at is None:
            return False
        return now - observation.observed_at > self.withhold_after

    def next_change(self, observations: Iterable[Observation], now: datetime) -> datetime | None:
        """The first moment after ``now`` at which any of these turns stale or withheld."""
        moments = [moment
                   for observation in observations if observation.observed_at is not None
                   for moment in (observation.observed_at + self.stale_after,
                                  observation.observed_at + self.withhold_after)
                   if moment > now]
        return min(moments, default=None)
