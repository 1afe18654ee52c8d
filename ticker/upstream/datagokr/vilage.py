"""Pure parts of the data.go.kr short-term forecast service (VilageFcstInfoService_2.0).

Base times, the values the ticker reads from a judged document (Ncst T1H, PTY, WSD, REH;
Fcst SKY) and the condition table. Judging a body is ``envelope``'s job. No HTTP and no
clock: ``now`` is always an argument (docs/kma.md, "VilageFcstInfoService_2.0" and "If only
data.go.kr grid data is used").
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.errors import MalformedPayloadError, NoDataError
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.core.plausible import Readings, screened
from ticker.upstream.datagokr.envelope import ERROR_PREFIX, Document, items_of

SOURCE = "vilage"
# The nowcast categories the ticker reads; the rest (RN1, UUU, VVV, VEC) are not parsed, so
# a malformed value there cannot cost a city its temperature.
NCST_CATEGORIES = ("T1H", "PTY", "WSD", "REH")

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_STAMP = re.compile(r"\d{12}")
# The service writes ±900 or more (-999, -998.9) for cells it masks, e.g. open sea; anything
# else outside ticker.core.plausible's bounds is a fault, dropped with a log line.
MISSING_AT_OR_ABOVE = 900.0


def ncst_base(now: datetime, available_minute: int = 40) -> datetime:
    """The newest getUltraSrtNcst base (HH00) published at ``now``, in KST."""
    if not 0 <= available_minute <= 59:
        raise ValueError("available_minute must be 0–59")
    local = now.astimezone(KST)
    base = local.replace(minute=0, second=0, microsecond=0)
    return base if local.minute >= available_minute else base - timedelta(hours=1)


def fcst_base(now: datetime, available_minute: int = 45) -> datetime:
    """The newest getUltraSrtFcst base (HH30) published at ``now``, in KST."""
    if not 30 <= available_minute <= 59:
        raise ValueError("available_minute must be 30–59 (the base is HH30)")
    local = now.astimezone(KST)
    base = local.replace(minute=30, second=0, microsecond=0)
    return base if local.minute >= available_minute else base - timedelta(hours=1)



def value_of(category: str, raw: object) -> float | None:
    """A category's value as a number (a decimal string as sent); None when masked."""
    text = str(raw).strip() if isinstance(raw, str | int | float) else ""
    if isinstance(raw, bool) or not _NUMBER.fullmatch(text):
        raise MalformedPayloadError(f"{ERROR_PREFIX}{category} is not a number: {text[:20]!r}")
    value = float(text)
    return None if abs(value) >= MISSING_AT_OR_ABOVE else value


def code_value(category: str, raw: object) -> int | None:
    """A category's value that must be a whole code (PTY, SKY, POP); None when masked."""
    value = value_of(category, raw)
    if value is not None and value != int(value):
        raise MalformedPayloadError(f"{ERROR_PREFIX}{category} is not a code: {raw!r:.20}")
    return None if value is None else int(value)


def moment_of(row: Document, date_key: str, time_key: str) -> datetime:
    """The KST moment of a row's date and time fields (baseDate/baseTime, fcstDate/…)."""
    stamp = f"{row.get(date_key)}{row.get(time_key)}"
    try:
        if not _STAMP.fullmatch(stamp):
            raise ValueError(stamp)
        return datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=KST)
    except ValueError:
        raise MalformedPayloadError(
            f"{ERROR_PREFIX}{date_key}/{time_key} is not a time: {stamp[:20]!r}") from None


class NcstValues(BaseModel):
    """What the ticker reads from one getUltraSrtNcst answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    t1h: float | None
    pty: int | None
    wsd: float | None  # wind speed, m/s: the wind of KMA's wind chill
    reh: float | None  # relative humidity, %: the humidity of KMA's summer feels-like
    base: datetime


def parse_ncst(document: Document) -> NcstValues:
    """T1H, PTY, WSD and REH of a judged getUltraSrtNcst document, by category."""
    rows = items_of(document)
    if not rows:
        raise NoDataError(f"{ERROR_PREFIX}getUltraSrtNcst answered without items")
    bases = {moment_of(row, "baseDate", "baseTime") for row in rows}
    if len(bases) != 1:
        raise MalformedPayloadError(f"{ERROR_PREFIX}getUltraSrtNcst mixes base times")
    by_category = {row.get("category"): row.get("obsrValue") for row in rows
                   if row.get("category") in NCST_CATEGORIES}

    def value(category: str) -> float | None:
        return value_of(category, by_category[category]) if category in by_category else None

    base = bases.pop()
    t1h, wsd, reh = screened(Readings(value("T1H"), value("WSD"), value("REH")),
                             f"data.go.kr grid {rows[0].get('nx')},{rows[0].get('ny')}", base)
    return NcstValues(
        t1h=t1h,
        pty=code_value("PTY", by_category["PTY"]) if "PTY" in by_category else None,
        wsd=wsd, reh=reh, base=base)


def sky_for(document: Document, now: datetime,
            max_gap: timedelta = timedelta(hours=3)) -> int | None:
    """SKY of the forecast hour nearest ``now``; None when there is none within ``max_gap``."""
    hours = [(moment_of(row, "fcstDate", "fcstTime"), row.get("fcstValue"))
             for row in items_of(document) if row.get("category") == "SKY"]
    if not hours:
        return None
    # Ties go to the earlier hour: it is already under way.
    moment, raw = min(hours, key=lambda hour: (abs(hour[0] - now), hour[0]))
    if abs(moment - now) > max_gap:
        return None
    return code_value("SKY", raw)


# The one condition table for this source: (category, code) -> condition. PTY (Ncst) is read
# first; a None there means "no precipitation, let SKY (Fcst) decide". Anything not listed,
# a missing PTY included, is unknown: never a guess.
CONDITIONS: dict[tuple[str, int], Condition | None] = {
    ("PTY", 0): None,                   # 없음: the sky decides
    ("PTY", 1): Condition.RAIN,         # 비
    ("PTY", 2): Condition.SLEET,        # 비/눈: shown as 진눈깨비
    ("PTY", 3): Condition.SNOW,         # 눈
    ("PTY", 5): Condition.DRIZZLE,      # 빗방울: light rain, shown as 이슬비
    ("PTY", 6): Condition.SLEET,        # 빗방울눈날림: shown as 진눈깨비
    ("PTY", 7): Condition.SNOW,         # 눈날림 (flurries): shown as 눈
    ("SKY", 1): Condition.CLEAR,        # 맑음 (0–5 tenths: 구름조금 cannot be told apart)
    ("SKY", 3): Condition.MOSTLY_CLOUDY,  # 구름많음 (6–8 tenths); 2 was retired in 2019
    ("SKY", 4): Condition.OVERCAST,     # 흐림 (9–10 tenths)
}


# The short-term forecast (getVilageFcst) writes PTY 0–4: 4 소나기 exists there only, and the
# nowcast's 5–7 are not its codes (unknown there, never a guess); SKY is the same.
FORECAST_CONDITIONS: dict[tuple[str, int], Condition | None] = {
    **{key: condition for key, condition in CONDITIONS.items()
       if key[0] == "SKY" or key[1] <= 3},
    ("PTY", 4): Condition.SHOWER}


def condition_for(pty: int | None, sky: int | None,
                  table: dict[tuple[str, int], Condition | None] = CONDITIONS) -> Condition:
    """The condition for a PTY code and a SKY code (by default the nowcast's table)."""
    if pty is None or ("PTY", pty) not in table:
        return Condition.UNKNOWN
    precipitation = table[("PTY", pty)]
    if precipitation is not None:
        return precipitation
    return (table.get(("SKY", sky)) if sky is not None else None) or Condition.UNKNOWN


def observation_from(station: Station, ncst: NcstValues, sky: int | None) -> Observation:
    """One station's observation: T1H, the condition, and the Ncst base as the time."""
    return Observation(city_id=station.id, temperature_c=ncst.t1h,
                       condition=condition_for(ncst.pty, sky), observed_at=ncst.base,
                       source=SOURCE, wind_ms=ncst.wsd, humidity_pct=ncst.reh)
