"""The condition vocabulary: stable codes and their label table, one per language."""

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


# The one label table per language: Korean wording as KMA's 현재일기 writes it; English;
# Japanese as JMA words weather (晴れ, 曇り, 霧雨); Simplified Chinese as CMA does (晴, 多云, 阴).
# No data: an empty label, never a guess.
CONDITION_LABELS: dict[str, dict[Condition, str]] = {
    "ko": {Condition.CLEAR: "맑음", Condition.PARTLY_CLOUDY: "구름조금",
           Condition.MOSTLY_CLOUDY: "구름많음", Condition.OVERCAST: "흐림",
           Condition.MIST: "박무", Condition.HAZE: "연무", Condition.FOG: "안개",
           Condition.DRIZZLE: "이슬비", Condition.RAIN: "비", Condition.SHOWER: "소나기",
           Condition.SLEET: "진눈깨비", Condition.SNOW: "눈", Condition.HAIL: "우박",
           Condition.THUNDERSTORM: "뇌우", Condition.DUST: "황사", Condition.UNKNOWN: ""},
    "en": {Condition.CLEAR: "Clear", Condition.PARTLY_CLOUDY: "Partly cloudy",
           Condition.MOSTLY_CLOUDY: "Mostly cloudy", Condition.OVERCAST: "Overcast",
           Condition.MIST: "Mist", Condition.HAZE: "Haze", Condition.FOG: "Fog",
           Condition.DRIZZLE: "Drizzle", Condition.RAIN: "Rain", Condition.SHOWER: "Showers",
           Condition.SLEET: "Sleet", Condition.SNOW: "Snow", Condition.HAIL: "Hail",
           Condition.THUNDERSTORM: "Thunderstorm", Condition.DUST: "Yellow dust",
           Condition.UNKNOWN: ""},
    "ja": {Condition.CLEAR: "晴れ", Condition.PARTLY_CLOUDY: "薄曇り",
           Condition.MOSTLY_CLOUDY: "曇りがち", Condition.OVERCAST: "曇り",
           Condition.MIST: "もや", Condition.HAZE: "煙霧", Condition.FOG: "霧",
           Condition.DRIZZLE: "霧雨", Condition.RAIN: "雨", Condition.SHOWER: "にわか雨",
           Condition.SLEET: "みぞれ", Condition.SNOW: "雪", Condition.HAIL: "ひょう",
           Condition.THUNDERSTORM: "雷雨", Condition.DUST: "黄砂", Condition.UNKNOWN: ""},
    "zh": {Condition.CLEAR: "晴", Condition.PARTLY_CLOUDY: "少云",
           Condition.MOSTLY_CLOUDY: "多云", Condition.OVERCAST: "阴",
           Condition.MIST: "轻雾", Condition.HAZE: "霾", Condition.FOG: "雾",
           Condition.DRIZZLE: "毛毛雨", Condition.RAIN: "雨", Condition.SHOWER: "阵雨",
           Condition.SLEET: "雨夹雪", Condition.SNOW: "雪", Condition.HAIL: "冰雹",
           Condition.THUNDERSTORM: "雷雨", Condition.DUST: "黄沙", Condition.UNKNOWN: ""},
}


def condition_label(condition: Condition, lang: str = "ko") -> str:
    """The label of a condition in ``lang`` (a code of ``LANGS``); KeyError for another."""
    return CONDITION_LABELS[lang][condition]
