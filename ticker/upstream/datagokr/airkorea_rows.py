"""Pure parsers of AirKorea's two answers: the hourly values of every measuring station
(``getCtprvnRltmMesureDnsty``) and the measuring-station list (``getMsrstnList``).

Both take the items of a judged document (``airkorea.items``); every format assumption is in
docs/kma.md, "Fine dust (AirKorea)". A row that cannot be read is skipped and counted, never
guessed: a station without a value falls to its next candidate (``ticker.core.air``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ticker.core.air import GRADE_CODES, AirReading
from ticker.core.air_stations import MeasuringStation, province_of, station_key
from ticker.core.kst import KST
from ticker.upstream.datagokr.envelope import Document

_DATA_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})")
# Korea's extent: which of dmX/dmY is the latitude is decided per row by these ranges.
LATITUDES = (33.0, 39.0)
LONGITUDES = (124.0, 132.0)
# A flag this spells means "no flag" (no value has been seen flagged with it).
_NO_FLAG = ("", "-")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value)


def parse_data_time(value: object) -> datetime | None:
    """``dataTime`` in KST; ``24:00`` is 00:00 of the next day; None when unreadable."""
    match = _DATA_TIME.fullmatch(_text(value))
    if match is None:
        return None
    year, month, day, hour, minute = (int(part) for part in match.groups())
    if hour > 24 or minute > 59 or (hour == 24 and minute != 0):
        return None
    try:
        start = datetime(year, month, day, tzinfo=KST)
    except ValueError:
        return None
    return start + timedelta(hours=hour, minutes=minute)


def parse_concentration(value: object, flag: object = None) -> int | None:
    """µg/m³ as an integer; None for ``-``, empty, a flagged value (통신장애, 점검및교정…),
    a negative or unreadable number."""
    if _text(flag) not in _NO_FLAG:
        return None
    text = _text(value)
    try:
        number = float(text)
    except ValueError:
        return None
    if not math.isfinite(number) or number < 0:
        return None
    return round(number)


def parse_grade(value: object) -> int | None:
    """A grade code 1–4; None for anything else."""
    text = _text(value)
    return int(text) if text.isascii() and text.isdigit() and int(text) in GRADE_CODES else None


def _reading(item: Document, measured_at: datetime) -> AirReading | None:
    values = {}
    for pm in ("pm10", "pm25"):
        value = parse_concentration(item.get(f"{pm}Value"), item.get(f"{pm}Flag"))
        # The published 1-hour grade, else the 24-hour one; none without a value.
        grade = None if value is None else (parse_grade(item.get(f"{pm}Grade1h"))
                                            or parse_grade(item.get(f"{pm}Grade")))
        values[pm], values[f"{pm}_grade"] = value, grade
    if values["pm10"] is None and values["pm25"] is None:
        return None
    return AirReading(pm10=values["pm10"], pm25=values["pm25"],
                      pm10_grade=values["pm10_grade"], pm25_grade=values["pm25_grade"],
                      measured_at=measured_at)


@dataclass
class AirValues:
    """The readable rows of a values answer: each station with a value, the newest hour of
    any row, how many rows had no value and how many could not be read."""

    readings: dict[str, AirReading] = field(default_factory=dict)
    newest: datetime | None = None
    without_value: int = 0
    skipped: int = 0


def parse_values(items: Sequence[Document]) -> AirValues:
    """Every row's reading by ``station_key`` (the first row of a key wins)."""
    values = AirValues()
    for item in items:
        name = _text(item.get("stationName"))
        province = province_of(_text(item.get("sidoName")))
        measured_at = parse_data_time(item.get("dataTime"))
        if not name or province is None or measured_at is None:
            values.skipped += 1
            continue
        values.newest = max(measured_at, values.newest or measured_at)
        key = station_key(province, name)
        if key in values.readings:
            values.skipped += 1
            continue
        reading = _reading(item, measured_at)
        if reading is None:
            values.without_value += 1
        else:
            values.readings[key] = reading
    return values


def _coordinate(value: object) -> float | None:
    try:
        number = float(_text(value))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _lat_lon(dm_x: float, dm_y: float) -> tuple[float, float] | None:
    def inside(value: float, bounds: tuple[float, float]) -> bool:
        return bounds[0] <= value <= bounds[1]

    for lat, lon in ((dm_x, dm_y), (dm_y, dm_x)):
        if inside(lat, LATITUDES) and inside(lon, LONGITUDES):
            return lat, lon
    return None


def parse_stations(items: Sequence[Document]) -> tuple[list[MeasuringStation], int]:
    """The measuring stations with a name, a province in their address and coordinates in
    Korea (dmX/dmY in either order), and how many rows were skipped."""
    stations: list[MeasuringStation] = []
    skipped = 0
    for item in items:
        name, address = _text(item.get("stationName")), _text(item.get("addr"))
        province = province_of(address)
        dm_x, dm_y = _coordinate(item.get("dmX")), _coordinate(item.get("dmY"))
        place = None if dm_x is None or dm_y is None else _lat_lon(dm_x, dm_y)
        if not name or province is None or place is None:
            skipped += 1
            continue
        stations.append(MeasuringStation(name=name, province=province, address=address,
                                         lat=place[0], lon=place[1]))
    return stations, skipped
