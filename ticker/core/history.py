"""The last 24 hours per station: kept from every refresh, and today's low and high from it.

Pure rules over ``Snapshot.history``: which readings an observation adds, which hours are
missing (for the backfill), and the low and high of the current KST day. An hour a station
did not report stays a gap: nothing here ever invents a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from ticker.core.kst import hour_of, kst_day
from ticker.core.observations import HourReading, Observation

HOURS_KEPT = 24
History = dict[str, tuple[HourReading, ...]]


def reading_of(observation: Observation) -> HourReading | None:
    """The hourly reading an observation gives, or None when it has no usable time."""
    if observation.observed_at is None or not observation.usable:
        return None
    return HourReading(observed_at=hour_of(observation.observed_at),
                       temperature_c=observation.temperature_c,
                       condition=observation.condition, wind_ms=observation.wind_ms,
                       humidity_pct=observation.humidity_pct)


def window_start(now: datetime) -> datetime:
    """The oldest hour kept at ``now``: the current hour and the 23 before it."""
    return hour_of(now) - timedelta(hours=HOURS_KEPT - 1)


def with_observations(history: Mapping[str, tuple[HourReading, ...]],
                      observations: Iterable[Observation], now: datetime) -> History:
    """``history`` with each observation's hour added (a newer reading of an hour wins) and
    every hour older than the window dropped."""
    merged: dict[str, dict[datetime, HourReading]] = {
        station_id: {reading.observed_at: reading for reading in readings}
        for station_id, readings in history.items()}
    for observation in observations:
        reading = reading_of(observation)
        if reading is not None:
            merged.setdefault(observation.city_id, {})[reading.observed_at] = reading
    start = window_start(now)
    kept = {station_id: tuple(readings[hour] for hour in sorted(readings) if hour >= start)
            for station_id, readings in merged.items()}
    return {station_id: readings for station_id, readings in kept.items() if readings}


def missing_hours(history: Mapping[str, tuple[HourReading, ...]], now: datetime) -> list[datetime]:
    """Hours of the window before the current one that no station holds, newest first."""
    held = {reading.observed_at for readings in history.values() for reading in readings}
    current = hour_of(now)
    return [hour for back in range(1, HOURS_KEPT)
            if (hour := current - timedelta(hours=back)) not in held]


def recent(readings: Iterable[HourReading], now: datetime) -> tuple[HourReading, ...]:
    """The readings of the window at ``now``, oldest first."""
    start = window_start(now)
    return tuple(sorted((r for r in readings if start <= r.observed_at <= now),
                        key=lambda r: r.observed_at))


def today_range(readings: Iterable[HourReading], now: datetime
                ) -> tuple[float | None, float | None]:
    """Today's (KST) lowest and highest hourly temperature up to ``now``; None when none."""
    today = kst_day(now)
    values = [r.temperature_c for r in readings
              if r.temperature_c is not None and kst_day(r.observed_at) == today
              and r.observed_at <= now]
    return (min(values), max(values)) if values else (None, None)
