"""When a rendering last changed: the mirror of ``Freshness.expires_at``, for Last-Modified.

A body changes with a new snapshot, and also without one, when a value turns stale or
withheld, a warning takes effect or the day starts over (``expires_at`` names the next such
moment). Last-Modified is the latest of these that has passed, so a client's
If-Modified-Since never hides a body that changed without a new snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from ticker.core.freshness import Freshness, part_confirmed_at
from ticker.core.kst import hour_of, next_midnight
from ticker.core.observations import Snapshot


def changed_since(limits: Freshness, snapshot: Snapshot, city_ids: Iterable[str],
                  now: datetime) -> datetime:
    """When a rendering of these cities last changed: a value stored, or one of the
    moments ``expires_at`` names that has passed (for Last-Modified, so that a client's
    If-Modified-Since never hides a body that changed without a new snapshot)."""
    changed = snapshot.changed_at
    if snapshot.sample:
        return changed
    held = snapshot.by_city()
    moments = [next_midnight(now) - timedelta(days=1)]
    for city_id in city_ids:
        observation = held.get(city_id)
        if observation is not None and (observed := observation.observed_at) is not None:
            moments += [observed + limits.stale_after, observed + limits.withhold_after]
    moments += _warnings_moments(limits, snapshot)
    if snapshot.air is not None:
        moments += [hour + limits.air_withhold_after + timedelta.resolution for hour in (
            part_confirmed_at(snapshot, "air"),
            *(reading.measured_at for reading in snapshot.air.readings.values()))]
    if snapshot.forecast is not None and snapshot.forecast.cells:
        moments.append(hour_of(now))
        moments += [cell.issued_at + limits.forecast_withhold_after
                    for cell in snapshot.forecast.cells.values()]
    return max([changed, *(moment for moment in moments if moment <= now)])


def warnings_changed_since(limits: Freshness, snapshot: Snapshot, stored: datetime,
                           now: datetime) -> datetime:
    """When the warnings list, stored at ``stored``, last changed as shown: its store, a row
    taking effect, or the list turning too old (the mirror of ``warnings_change``)."""
    if snapshot.sample:
        return stored
    return max([stored, *(m for m in _warnings_moments(limits, snapshot) if m <= now)])


def _warnings_moments(limits: Freshness, snapshot: Snapshot) -> list[datetime]:
    if snapshot.warnings is None:
        return []
    return [*(row.effective_at for row in snapshot.warnings.warnings),
            part_confirmed_at(snapshot, "warnings") + limits.warnings_withhold_after
            + timedelta.resolution]
