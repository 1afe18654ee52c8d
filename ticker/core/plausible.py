"""The bounds of a physically plausible reading, the one table every feed and every load uses.

A value outside them is a fault of the instrument or the feed, never weather: it is held as
missing. The bounds are wide margins around Korea's records (docs/kma.md, "Plausible
values"): −32.6 ℃ (양평, 1981-01-05) to 41.0 ℃ (홍천, 2018-08-01) for the air temperature,
and a 60.0 m/s gust (고산, 2003-09-12) for the wind, of which a 10-minute mean is only part.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from datetime import datetime
from typing import NamedTuple

log = logging.getLogger(__name__)


class Bounds(NamedTuple):
    """The inclusive range of a plausible value, and its unit for log lines."""

    low: float
    high: float
    unit: str


TEMPERATURE_C = Bounds(-60.0, 60.0, "℃")
HUMIDITY_PCT = Bounds(0.0, 100.0, "%")
WIND_MS = Bounds(0.0, 75.0, "m/s")

# How many (place, hour) pairs are remembered as already reported: a day of every station.
_REMEMBERED = 4096


def plausible(value: float | None, bounds: Bounds) -> float | None:
    """``value`` when it is a finite number within ``bounds``, else None."""
    if value is None or not math.isfinite(value) or not bounds.low <= value <= bounds.high:
        return None
    return value


def temperature(value: float | None) -> float | None:
    """A plausible air temperature (℃), or None."""
    return plausible(value, TEMPERATURE_C)


def humidity(value: float | None) -> float | None:
    """A plausible relative humidity (%), or None."""
    return plausible(value, HUMIDITY_PCT)


def wind(value: float | None) -> float | None:
    """A plausible mean wind speed (m/s), or None."""
    return plausible(value, WIND_MS)


class Readings(NamedTuple):
    """The values a feed reports that the ticker shows or computes with."""

    temperature_c: float | None
    wind_ms: float | None
    humidity_pct: float | None


# The bounds of each field of Readings, in its order.
_BOUNDS: tuple[Bounds, ...] = (TEMPERATURE_C, WIND_MS, HUMIDITY_PCT)


class _Once:
    """Which (place, hour) pairs were reported, so each is said once however often it is
    fetched again; bounded, oldest forgotten first."""

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, datetime], None] = OrderedDict()
        self._lock = threading.Lock()

    def first(self, place: str, hour: datetime) -> bool:
        with self._lock:
            if (place, hour) in self._seen:
                return False
            self._seen[(place, hour)] = None
            if len(self._seen) > _REMEMBERED:
                self._seen.popitem(last=False)
            return True


_said = _Once()


def screened(readings: Readings, place: str, hour: datetime) -> Readings:
    """``readings`` with every implausible value as None; the drop is logged once per place
    (a station, a grid cell) and hour."""
    kept = Readings(*(plausible(value, bounds) for value, bounds in zip(
        readings, _BOUNDS, strict=True)))
    dropped = [f"{name} {value!r} (plausible {bounds.low:g}…{bounds.high:g} {bounds.unit})"
               for name, value, bounds, held in zip(
                   Readings._fields, readings, _BOUNDS, kept, strict=True)
               if value is not None and held is None]
    if dropped and _said.first(place, hour):
        log.warning("%s at %s: implausible %s; held as missing", place,
                    f"{hour:%Y-%m-%d %H:%M}", ", ".join(dropped))
    return kept
