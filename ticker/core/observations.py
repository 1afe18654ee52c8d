"""Our data model: per-city observations and the snapshot that holds them (and the other
feeds' parts)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationInfo

from ticker.core import plausible
from ticker.core.air import AirState
from ticker.core.air_stations import AirStationsState
from ticker.core.checks import Checks
from ticker.core.conditions import Condition
from ticker.core.forecast import ForecastState
from ticker.core.held import HELD_STATE, FeedState, HeldModel, KstTime, is_held
from ticker.core.warnings import WarningsState
from ticker.core.zones import ZonesState

# Values we hold are plausible (ticker.core.plausible): the edges drop and log the rest, and
# whatever else comes in, a file written by an older process included, holds them as missing.
Temperature = Annotated[float | None, AfterValidator(plausible.temperature)]
Wind = Annotated[float | None, AfterValidator(plausible.wind)]
Humidity = Annotated[float | None, AfterValidator(plausible.humidity)]

def _known_condition(value: object, info: ValidationInfo[object]) -> object:
    # A code a newer version added is "unknown" to us: its city keeps its temperature.
    if is_held(info) and isinstance(value, str) and value not in Condition._value2member_map_:
        return Condition.UNKNOWN
    return value


HeldCondition = Annotated[Condition, BeforeValidator(_known_condition)]


class Observation(HeldModel):
    """One city's current weather as one source reported it."""

    city_id: str
    temperature_c: Temperature
    condition: HeldCondition
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


class HourReading(HeldModel):
    """One station's values in one past hour, as kept for the 24-hour history."""

    observed_at: KstTime
    temperature_c: Temperature
    condition: HeldCondition
    wind_ms: Wind = None
    humidity_pct: Humidity = None


class Snapshot(HeldModel):
    """All configured cities, in display order, as of one refresh."""

    source: str
    sample: bool
    updated_at: KstTime
    observations: tuple[Observation, ...]
    # When the writer expects the data to change next: web nodes derive Cache-Control's
    # max-age from it without knowing the schedule (None: not known).
    next_refresh_at: KstTime | None = None
    # The last 24 hours per station id, oldest first (one reading an hour, gaps left open).
    history: dict[str, tuple[HourReading, ...]] = Field(default_factory=dict)
    # The other feeds' parts, each with its own times; None until that feed first stores.
    warnings: WarningsState | None = None
    warning_zones: ZonesState | None = None
    air: AirState | None = None
    air_stations: AirStationsState | None = None
    forecast: ForecastState | None = None
    # When each part was last confirmed (ticker.core.checks): read beside the snapshot by
    # the web, never written in its body, so a check changes no version.
    checks: Checks = Field(default_factory=Checks, exclude=True)

    def observation(self, city_id: str) -> Observation | None:
        """Return the observation of one city, or None when it is not in the snapshot."""
        for obs in self.observations:
            if obs.city_id == city_id:
                return obs
        return None

    @property
    def changed_at(self) -> datetime:
        """When a value held here last changed: the observations' store or a part's."""
        parts: list[FeedState | None] = [getattr(self, name) for name in FEED_PARTS]
        return max([self.updated_at, *(part.updated_at for part in parts if part is not None)])

    def served_like(self, other: Snapshot) -> bool:
        """Whether ``other`` holds the same values, whenever each was stored (the times of
        storing and of the next refresh aside), as ``FeedState.same_data`` does for a part."""
        times = {"updated_at", "next_refresh_at"}
        return self.model_dump(exclude=times) == other.model_dump(exclude=times)

    def by_city(self) -> dict[str, Observation]:
        """Every observation by city id: for renderers that look up many (a scan each is
        linear in the 95-odd stations held)."""
        return {obs.city_id: obs for obs in self.observations}



# The Snapshot fields that other feeds than the observations write, each a FeedState.
FEED_PARTS = ("warnings", "warning_zones", "air", "air_stations", "forecast")


def carried_parts(previous: Snapshot | None, sample: bool) -> dict[str, FeedState]:
    """The other feeds' parts of ``previous`` that a new snapshot keeps: those of the same
    kind of data (a recording's part never joins live data, nor the reverse)."""
    if previous is None:
        return {}
    parts = {name: getattr(previous, name) for name in FEED_PARTS}
    return {name: part for name, part in parts.items()
            if part is not None and part.sample == sample}


def read_snapshot(data: str | bytes) -> Snapshot:
    """A snapshot read back from storage: unknown fields ignored, unknown codes unknown,
    implausible values missing (raises ValidationError or ValueError when unreadable)."""
    return Snapshot.model_validate_json(data, context=HELD_STATE)
