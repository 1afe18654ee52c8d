"""Backfill of the 24-hour history: the hours the store lacks, asked for one call each.

A new deployment, a new set or a long outage leaves hours of the last 24 unheld. Each run
asks for missing hours, newest first, within what is left of the refresh's budget and the
quota ledger (the source meters the calls); what a run cannot reach, a later one does. A
station with no row for an hour keeps a gap there.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import UpstreamError
from ticker.core.history import History, missing_hours, with_observations
from ticker.sources.base import Source

log = logging.getLogger(__name__)


class Backfill:
    """Fills missing hours of the history; remembers hours the upstream had nothing for."""

    def __init__(self, source: Source, stations: Sequence[Station]) -> None:
        self.source = source
        self.stations = tuple(stations)
        # An hour answered with no rows at all is not asked for again by this process.
        self._empty: set[datetime] = set()

    def fill(self, history: History, now: datetime) -> History:
        """``history`` with as many missing hours as this run can fetch."""
        if self.source.sample:
            return history
        filled = 0
        for hour in missing_hours(history, now):
            if hour in self._empty:
                continue
            try:
                found = self.source.fetch_hour(self.stations, hour, now)
            except UpstreamError as error:
                log.info("history backfill paused at %s (%s): %s; the next run goes on",
                         f"{hour:%m-%d %H}h", error.failure_class, error)
                break
            if found is None:
                break
            if not found:
                self._empty.add(hour)
                continue
            history = with_observations(history, found.values(), now)
            filled += 1
        if filled:
            log.info("history backfilled %d hour(s)", filled)
        return history
