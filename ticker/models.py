"""Our data model: the condition vocabulary, per-city observations and the snapshot."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

# Korea has had no daylight saving time since 1988, so a fixed offset is exact and needs
# no tz database on the host.
KST = timezone(timedelta(hours=9), "KST")


class Condition(StrEnum):
    """Stable condition codes; clients key icons and logic on these, never on labels."""

    CLEAR = "clear"
    PARTLY_CLOUDY = "partly_cloudy"
    MOSTLY_CLOUDY = "mostly_cloudy"
    OVERCAST = "overcast"
    MIST = "mist"
    HAZE = "haze"
    FOG = "fog"
    DRIZZLE = "drizzle"
    RAIN = "rain"
    SHOWER = "shower"
    SLEET = "sleet"
    SNOW = "snow"
    HAIL = "hail"
    THUNDERSTORM = "thunderstorm"
    DUST = "dust"
    UNKNOWN = "unknown"


# The one label table: Korean wording as KMA's 현재일기 writes it, and English.
CONDITION_LABELS: dict[Condition, tuple[str, str]] = {
    Condition.CLEAR: ("맑음", "Clear"),
    Condition.PARTLY_CLOUDY: ("구름조금", "Partly cloudy"),
    Condition.MOSTLY_CLOUDY: ("구름많음", "Mostly cloudy"),
    Condition.OVERCAST: ("흐림", "Overcast"),
    Condition.MIST: ("박무", "Mist"),
    Condition.HAZE: ("연무", "Haze"),
    Condition.FOG: ("안개", "Fog"),
    Condition.DRIZZLE: ("이슬비", "Drizzle"),
    Condition.RAIN: ("비", "Rain"),
    Condition.SHOWER: ("소나기", "Showers"),
    Condition.SLEET: ("진눈깨비", "Sleet"),
    Condition.SNOW: ("눈", "Snow"),
    Condition.HAIL: ("우박", "Hail"),
    Condition.THUNDERSTORM: ("뇌우", "Thunderstorm"),
    Condition.DUST: ("황사", "Yellow dust"),
    # No data: an empty label, never a guess.
    Condition.UNKNOWN: ("", ""),
}


def condition_label(condition: Condition, lang: str = "ko") -> str:
    """Return the Korean (``ko``) or English (``en``) label of a condition."""
    ko, en = CONDITION_LABELS[condition]
    return en if lang == "en" else ko


class Observation(BaseModel):
    """One city's current weather as one source reported it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    city_id: str
    temperature_c: float | None
    condition: Condition
    observed_at: datetime | None
    source: str

    @field_validator("observed_at")
    @classmethod
    def _in_kst(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("observed_at must be timezone-aware")
        return value.astimezone(KST)

    @property
    def usable(self) -> bool:
        """True when the observation carries a temperature or a known condition."""
        return self.temperature_c is not None or self.condition is not Condition.UNKNOWN


def missing_observation(city_id: str, source: str) -> Observation:
    """An observation for a city that has no usable data."""
    return Observation(city_id=city_id, temperature_c=None, condition=Condition.UNKNOWN,
                       observed_at=None, source=source)


class Snapshot(BaseModel):
    """All configured cities, in display order, as of one refresh."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    sample: bool
    updated_at: datetime
    observations: tuple[Observation, ...]

    @field_validator("updated_at")
    @classmethod
    def _updated_in_kst(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("updated_at must be timezone-aware")
        return value.astimezone(KST)

    def observation(self, city_id: str) -> Observation | None:
        """Return the observation of one city, or None when it is not in the snapshot."""
        for obs in self.observations:
            if obs.city_id == city_id:
                return obs
        return None
