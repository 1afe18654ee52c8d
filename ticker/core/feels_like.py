"""KMA's feels-like temperature (체감온도): wind chill from October to April, the wet-bulb
based summer formula from May to September.

KMA publishes the two seasons separately (여름철 5–9월, 겨울철 10월–이듬해 4월). The winter
formula is the JAG/TI wind chill KMA has used since 2001; the summer one is KMA's 2022
revision, on Stull's (2011) wet-bulb temperature. Both take hourly station values: the
temperature, the 10-minute mean wind at 10 m (sfctm2 WS, nowcast WSD) and the relative
humidity (sfctm2 HM, nowcast REH).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

SUMMER_MONTHS = frozenset({5, 6, 7, 8, 9})
# KMA computes wind chill only at or below 10 ℃ and from 1.3 m/s (4.68 km/h) of wind;
# outside that the formula is not meant to apply and feels-like is the temperature.
WIND_CHILL_MAX_TEMPERATURE_C = 10.0
WIND_CHILL_MIN_WIND_MS = 1.3
MS_TO_KMH = 3.6
# No surface reading comes near; beyond it the formulas' powers overflow, so it is a bug.
MAX_ABS_TEMPERATURE_C = 100.0
_TENTH = Decimal("0.1")


def wind_chill(temperature_c: float, wind_kmh: float) -> float:
    """The JAG/TI wind chill (℃) for a temperature in ℃ and a wind in km/h, unrounded."""
    # math.pow, not **: always a float (a float ** float is typed as possibly complex).
    power = math.pow(wind_kmh, 0.16)
    return 13.12 + 0.6215 * temperature_c - 11.37 * power + 0.3965 * power * temperature_c


def wet_bulb_stull(temperature_c: float, humidity_pct: float) -> float:
    """Stull's (2011) wet-bulb temperature (℃) from temperature (℃) and humidity (%)."""
    t, rh = temperature_c, humidity_pct
    return (t * math.atan(0.151977 * math.pow(rh + 8.313659, 0.5))
            + math.atan(t + rh) - math.atan(rh - 1.67633)
            + 0.00391838 * math.pow(rh, 1.5) * math.atan(0.023101 * rh) - 4.686035)


def summer_feels_like(temperature_c: float, humidity_pct: float) -> float:
    """KMA's summer feels-like (℃) from temperature (℃) and humidity (%), unrounded."""
    t = temperature_c
    tw = wet_bulb_stull(t, humidity_pct)
    return -0.2442 + 0.55399 * tw + 0.45535 * t - 0.0022 * tw ** 2 + 0.00278 * tw * t + 3.0


def round_tenth(value: float) -> float:
    """``value`` to one decimal, halves away from zero, as the number reads in decimal."""
    # Decimal(repr()) rounds the digits shown (2.25 -> 2.3), not the binary float beneath,
    # and away from zero as a printed table would, where round() would go to even.
    # Adding 0.0 turns -0.0 into 0.0, which would otherwise print as "-0.0℃".
    return float(Decimal(repr(value)).quantize(_TENTH, rounding=ROUND_HALF_UP)) + 0.0


def _reading(value: float | None, low: float, high: float) -> float | None:
    # A value no instrument can give (negative wind, humidity above 100 %) cannot feed the
    # formula, and would make its fractional powers complex: it counts as missing.
    if value is None or not math.isfinite(value) or not low <= value <= high:
        return None
    return value


def feels_like(temperature_c: float | None, wind_ms: float | None,
               humidity_pct: float | None, month: int) -> float | None:
    """KMA's feels-like (℃, to 0.1) for ``month`` (1–12); None when the temperature is.

    October–April: wind chill when T ≤ 10 ℃ and wind ≥ 1.3 m/s, else T. May–September: the
    summer formula, or T when the humidity is missing. A missing or impossible wind or
    humidity reading gives T.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError("month must be a whole number from 1 to 12")
    if temperature_c is None:
        return None
    if not math.isfinite(temperature_c) or abs(temperature_c) > MAX_ABS_TEMPERATURE_C:
        raise ValueError("temperature_c must be None or a number from -100 to 100")
    if month in SUMMER_MONTHS:
        humidity = _reading(humidity_pct, 0.0, 100.0)
        if humidity is None:
            return round_tenth(temperature_c)
        return round_tenth(summer_feels_like(temperature_c, humidity))
    wind = _reading(wind_ms, 0.0, math.inf)
    if (wind is None or wind < WIND_CHILL_MIN_WIND_MS
            or temperature_c > WIND_CHILL_MAX_TEMPERATURE_C):
        return round_tenth(temperature_c)
    return round_tenth(wind_chill(temperature_c, wind * MS_TO_KMH))
