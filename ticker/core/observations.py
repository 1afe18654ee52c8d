"""Our data model: per-city observations and the snapshot that holds them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from ticker.core import plausible
from ticker.core.conditions import Condition
from ticker.core.kst import KST


def _aware_in_kst(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return value.astimezone(KST)


# Every time we hold is timezone-aware and expressed in KST.
KstTime = Annotated[datetime, AfterValidator(_aware_in_kst)]
# Values we hold are plausible (ticker.core.plausible): the edges drop and log the rest, and
# whatever else comes in, a file written by an older process included, holds them as missing.
Temperature = Annotated[float | None, AfterValidator(plausible.temperature)]
Wind = Annotated[float | None, AfterValidator(plausible.wind)]
Humidity = Annotated[float | None, AfterValidator(plausible.humidity)]


class Observation(BaseModel):
    """One city's current weather as one source reported it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    city_id: str
    temperature_c: Temperature
    condition: Condition
    observed_at: KstTime | None
    source: str
    # For the feels-like temperature: 10-minute mean wind (m/s) and relative humidity (%).
    wind_ms: Wind = None
    humidity_pct: Humidity = None

    @property
    def usable(self) -> bool:
        """True when the observation carries a temperature or a known condition."""
        return self.temperature_c is not None or self.condition is not Condition.UNKNOWN


def missing_observation(city_id: str, source: str) -> Observation:
    """An observation for a city that has no usable data."""
    return Observation(city_id=city_id, temperature_c=None, condition=Condition.UNKNOWN,
                       observed_at=None, source=source)


class HourReading(BaseModel):
    """One station's values in one past hour, as kept for the 24-hour history."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: KstTime
    temperature_c: Temperature
    condition: Condition
    wind_ms: Wind = None
    humidity_pct: Humidity = None


class Snapshot(BaseModel):
    """All configured cities, in display order, as of one refresh."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    sample: bool
    updated_at: KstTime
    observations: tuple[Observation, ...]
    # When the writer expects the data to change next: web nodes derive Cache-Control's
    # max-age from it without knowing the schedule (None: not known).
    next_refresh_at: KstTime | None = None
    # The last 24 hours per station id, oldest first (one reading an hour, gaps left open).
    history: dict[str, tuple[HourReading, ...]] = {}

    def observation(self, city_id: str) -> Observation | None:
        """Return the observation of one city, or None when it is not in the snapshot."""
        for obs in self.observations:
            if obs.city_id == city_id:
                return obs
        return None

    def by_city(self) -> dict[str, Observation]:
        """Every observation by city id: for renderers that look up many (a scan each is
        linear in the 95-odd stations held)."""
        return {obs.city_id: obs for obs in self.observations}
