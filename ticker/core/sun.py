"""Sunrise and sunset at a station, computed offline (pure): is it day at an observation?

Sunrise and sunset are when the sun's upper edge meets a sea-level horizon with standard
refraction (the sun's centre 0.833° below it), as the Korea Astronomy and Space Science
Institute (KASI) defines and publishes them; astral computes them from the position alone.
"""

from __future__ import annotations

from datetime import date, datetime

from astral import Observer
from astral.sun import elevation, sunrise, sunset

from ticker.core.kst import KST


def sun_times(lat: float, lon: float, day: date) -> tuple[datetime, datetime]:
    """Sunrise and sunset (KST) at a position on a KST calendar day."""
    observer = Observer(latitude=lat, longitude=lon)
    return sunrise(observer, day, tzinfo=KST), sunset(observer, day, tzinfo=KST)


def is_daylight(lat: float, lon: float, moment: datetime) -> bool:
    """True when ``moment`` falls between that day's sunrise and sunset at the position."""
    local = moment.astimezone(KST)
    try:
        rise, set_ = sun_times(lat, lon, local.date())
    except ValueError:
        # No sunrise or no sunset that day (a station a deployment added near a pole): the
        # sun is up all day or not at all, so its height at any moment says which.
        return elevation(Observer(latitude=lat, longitude=lon), local) > 0
    return rise <= local < set_
