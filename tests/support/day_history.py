"""A cold day held hour by hour: snapshots with 24 hours of history for the show= tests.

Seoul falls through the night to −14.6 ℃ in a 5 m/s wind (so its feels-like is the wind
chill), Busan missed two hours (a gap in its sparkline), Jeju has nothing at all, and
Gangneung stays at 11.0 ℃ (a flat line).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from support.clock import NOW
from support.stations import by_id
from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.history import with_observations
from ticker.core.observations import Observation, Snapshot

STRIP_IDS = ("seoul", "busan", "jeju", "gangneung")
STRIP: tuple[Station, ...] = tuple(by_id(i) for i in STRIP_IDS)
# Seoul from 10:00 yesterday to 09:00 today.
SEOUL = (-4.1, -4.5, -5.0, -5.6, -6.3, -7.0, -7.8, -8.5, -9.1, -9.8, -10.5, -11.2, -11.9, -12.6,
         -13.2, -13.8, -14.2, -14.5, -14.6, -14.0, -12.8, -11.1, -10.0, -9.0)
BUSAN_MISSING = (1, 2)  # o'clock today
SEOUL_WIND_MS = 5.0


def _reading(city_id: str, at: datetime, temperature: float) -> Observation:
    return Observation(city_id=city_id, temperature_c=temperature,
                       condition=Condition.CLEAR if temperature < 0 else Condition.PARTLY_CLOUDY,
                       observed_at=at, source="asos",
                       wind_ms=SEOUL_WIND_MS if city_id == "seoul" else None, humidity_pct=60.0)


def hourly(now: datetime = NOW, seoul: tuple[float, ...] = SEOUL) -> list[Observation]:
    """Every hour's readings up to ``now``'s hour, oldest first (``seoul`` ends at that hour)."""
    current = now.replace(minute=0, second=0, microsecond=0)
    readings = []
    for back, seoul_value in zip(range(len(seoul) - 1, -1, -1), seoul, strict=True):
        at = current - timedelta(hours=back)
        readings.append(_reading("seoul", at, seoul_value))
        readings.append(_reading("gangneung", at, 11.0))
        if at.hour not in BUSAN_MISSING:
            readings.append(_reading("busan", at, 6.0 + (at.hour % 6) / 2))
    return readings


def day_snapshot(now: datetime = NOW, seoul: tuple[float, ...] = SEOUL) -> Snapshot:
    """The snapshot a refresh at ``now`` holds: the current hour and the 23 before it."""
    readings = hourly(now, seoul)
    current = {r.city_id: r for r in readings}  # the newest reading per station
    return Snapshot(source="asos", sample=False, updated_at=now,
                    observations=tuple(current.values()),
                    history=with_observations({}, readings, now))


def with_day_forecast(snapshot: Snapshot, now: datetime = NOW, hour: int = 8) -> Snapshot:
    """``snapshot`` with the forecast issued at ``hour`` on ``now``'s day for the strip's
    cells: Seoul
    -12/-3 ℃ with a 70% chance of rain today and snow tomorrow (-14/-5 ℃), Busan without
    today's low, Gangneung dry; Jeju's cell has none."""
    from ticker.core.forecast import DayForecast, ForecastState, cell_key, merge_issuance

    issued = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    today, tomorrow = issued.date(), issued.date() + timedelta(days=1)

    def day(low: float | None, high: float | None, pop: int, am: str, pm: str) -> DayForecast:
        return DayForecast(min_c=low, min_issued_at=issued if low is not None else None,
                           max_c=high, max_issued_at=issued if high is not None else None,
                           pop_pct={9: pop, 21: pop // 2}, am=am, pm=pm, hours_issued_at=issued)

    days = {
        "seoul": {today: day(-12.0, -3.0, 70, "clear", "rain"),
                  tomorrow: day(-14.0, -5.0, 80, "mostly_cloudy", "snow")},
        "busan": {today: day(None, 9.0, 30, "clear", "clear"),
                  tomorrow: day(2.0, 10.0, 20, "overcast", "mostly_cloudy")},
        "gangneung": {today: day(4.0, 13.0, 40, "clear", "clear"),
                      tomorrow: day(1.0, 8.0, 10, "clear", "clear")},
    }
    cells = {cell_key(station.nx, station.ny): merge_issuance(None, issued, days[station.id],
                                                              today)
             for station in STRIP if station.id in days}
    state = ForecastState(sample=snapshot.sample, updated_at=issued, cells=cells)
    return snapshot.model_copy(update={"forecast": state})
