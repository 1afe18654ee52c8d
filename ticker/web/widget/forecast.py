"""The widget's forecast extra (``show=forecast``): the day a reader needs after each
temperature, as one short phrase (pure; widget_show.js derives the same from each poll).

Until 17:00 KST today's low and high, ``(-12 / -3℃)``, with ``☂70%`` when the chance of
precipitation is 60% or more; from 17:00 tomorrow's, ``내일 눈 -14/-5℃``.
"""

from __future__ import annotations

import math
from datetime import datetime

from ticker.core.conditions import Condition, condition_label
from ticker.core.documents import CityDocument
from ticker.core.forecast_documents import ForecastDayDocument
from ticker.core.kst import KST

# From this hour (KST) the reader's next day is tomorrow.
TOMORROW_FROM_HOUR = 17
# A chance of precipitation worth an umbrella sign.
UMBRELLA_FROM_PCT = 60
TOMORROW = {"ko": "내일", "en": "Tomorrow", "ja": "明日", "zh": "明天"}
# The precipitation codes that name a day before its sky does.
_WET = (Condition.RAIN, Condition.SLEET, Condition.SNOW, Condition.SHOWER)


def whole(value: float | None) -> str:
    """A forecast temperature in whole degrees (half up, as the page's Math.round), or —."""
    return "—" if value is None else str(math.floor(value + 0.5))


def day_condition(day: ForecastDayDocument) -> Condition | None:
    """The day's one condition: precipitation in the morning or afternoon, else the sky."""
    wet = [c for c in (day.condition_am, day.condition_pm) if c in _WET]
    return wet[0] if wet else day.condition_am or day.condition_pm


def forecast_text(city: CityDocument, lang: str, moment: datetime) -> str:
    """Today's or tomorrow's phrase as of ``moment``; empty text without a forecast."""
    forecast = city.forecast
    if forecast is None:
        return ""
    if moment.astimezone(KST).hour >= TOMORROW_FROM_HOUR:
        day = forecast.tomorrow
        if day.min_c is None and day.max_c is None:
            return ""
        condition = day_condition(day)
        words = [TOMORROW[lang]]
        if condition is not None:
            # Mid-phrase: "Tomorrow snow"; lower() leaves Hangul and CJK as they are.
            words.append(condition_label(condition, lang).lower())
        return " ".join([*words, f"{whole(day.min_c)}/{whole(day.max_c)}℃"])
    today = forecast.today
    parts = []
    if today.min_c is not None or today.max_c is not None:
        parts.append(f"({whole(today.min_c)} / {whole(today.max_c)}℃)")
    if today.pop_pct is not None and today.pop_pct >= UMBRELLA_FROM_PCT:
        parts.append(f"☂{today.pop_pct}%")
    return " ".join(parts)
