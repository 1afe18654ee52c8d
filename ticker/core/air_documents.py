"""Fine dust's public documents: a station's ``air`` object, and the attribution it asks for.

Part of the JSON API v1 contract beside ``core.documents``; field order is the order on the
wire. Unknown is null, never a guess: a part never fetched (no key), one older than its limit
(``Freshness.air_of``), one holding the other kind of data, or no measuring station within
range with a value recent enough.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

from pydantic import Field

from ticker.core.air import GRADE_CODES, GRADE_TEXT, AirReading, read_air
from ticker.core.catalogue import Station
from ticker.core.document_model import DocumentModel
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot

# AirKorea's terms ask for its name wherever its values are shown.
AIR_ATTRIBUTION = {"ko": "한국환경공단 에어코리아", "en": "AirKorea, Korea Environment Corporation",
                   "ja": "韓国環境公団 エアコリア", "zh": "韩国环境公团 AirKorea"}

# GRADE_CODES' values, in grade order, as the OpenAPI schema lists them (a test keeps them equal).
GradeCode = Literal["good", "moderate", "bad", "very_bad"]

_GRADE = ("AirKorea's published grade, unchanged: the 1-hour grade, else the 24-hour one; "
          "good (좋음), moderate (보통), bad (나쁨), very_bad (매우나쁨); null when unknown")


class AirDocument(DocumentModel):
    """A station's fine dust (미세먼지): its measuring station's latest hour."""

    pm10: int | None = Field(description="PM10 (미세먼지) in µg/m³; null when not measured")
    pm25: int | None = Field(description="PM2.5 (초미세먼지) in µg/m³; null when not measured")
    pm10_grade: GradeCode | None = Field(description="PM10's grade: " + _GRADE)
    pm25_grade: GradeCode | None = Field(description="PM2.5's grade: " + _GRADE)
    grade: GradeCode | None = Field(description="The worse of the two grades; null when "
                                                "neither is known")
    grade_text: str | None = Field(description="The overall grade in the requested language: "
                                               "좋음/보통/나쁨/매우나쁨, good/moderate/"
                                               "unhealthy/very unhealthy, 良い/普通/悪い/非常に"
                                               "悪い or 好/一般/差/很差; null with grade")
    station: str = Field(description="The AirKorea measuring station read (측정소), in Korean")
    measured_at: datetime = Field(description="The hour the values were measured (KST)")


def _code(grade: int | None) -> GradeCode | None:
    return None if grade is None else cast(GradeCode, GRADE_CODES[grade])


def air_document(station: str, reading: AirReading, lang: str) -> AirDocument:
    """One measuring station's reading as a city's ``air`` shows it, texts in ``lang``."""
    grade = reading.grade
    texts = GRADE_TEXT[lang]
    return AirDocument(
        pm10=reading.pm10, pm25=reading.pm25, pm10_grade=_code(reading.pm10_grade),
        pm25_grade=_code(reading.pm25_grade), grade=_code(grade),
        grade_text=None if grade is None else texts[grade], station=station,
        measured_at=reading.measured_at)


def station_air(snapshot: Snapshot, station: Station, lang: str, now: datetime,
                freshness: Freshness) -> AirDocument | None:
    """The air a catalogue station reads: its nearest measuring station with a recent enough
    value (nearest first, within range); None when unknown (see the module's docstring)."""
    judged = freshness.air_of(snapshot, now)
    if judged is None:
        return None
    air, stations, oldest = judged
    found = read_air(stations.stations.get(station.id, ()), air.readings, oldest)
    if found is None:
        return None
    candidate, reading = found
    return air_document(candidate.name, reading, lang)


def air_attribution(any_air: bool, lang: str) -> str | None:
    """The attribution a document shows when any of its cities has ``air``; else None."""
    return AIR_ATTRIBUTION[lang] if any_air else None
