"""The condition vocabulary: stable codes and their one label table, Korean and English."""

from __future__ import annotations

from enum import StrEnum


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
