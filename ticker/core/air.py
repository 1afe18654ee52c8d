"""Fine dust (미세먼지) as held state: AirKorea's PM10 and PM2.5 per measuring station, their
grades as published, and which measuring station a catalogue station reads.

AirKorea's terms ask that its grades be shown unchanged: the 1-hour grade, else the 24-hour
one; never one we compute from the value. A station's overall grade is the worse of the two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator

from ticker.core.air_stations import AirCandidate
from ticker.core.held import FeedState, HeldModel, KstTime

# AirKorea's grade codes, their codes in our JSON and their words (the English ones as
# AirKorea's English site words them; Japanese and Chinese as those countries' air-quality
# reports word the four steps).
GRADE_CODES: dict[int, str] = {1: "good", 2: "moderate", 3: "bad", 4: "very_bad"}
GRADE_TEXT: dict[str, dict[int, str]] = {
    "ko": {1: "좋음", 2: "보통", 3: "나쁨", 4: "매우나쁨"},
    "en": {1: "good", 2: "moderate", 3: "unhealthy", 4: "very unhealthy"},
    "ja": {1: "良い", 2: "普通", 3: "悪い", 4: "非常に悪い"},
    "zh": {1: "好", 2: "一般", 3: "差", 4: "很差"},
}
# Above any concentration ever measured in Korea (the worst yellow dust, about 3,000 µg/m³):
# a bigger number is a broken value, not air.
MAX_CONCENTRATION = 9_999


def _grade(value: int | None) -> int | None:
    # A grade a newer AirKorea (or a newer writer) adds is unknown to us, never a guess.
    return value if value in GRADE_CODES else None


def _concentration(value: int | None) -> int | None:
    return value if value is not None and 0 <= value <= MAX_CONCENTRATION else None


Grade = Annotated[int | None, AfterValidator(_grade)]
Concentration = Annotated[int | None, AfterValidator(_concentration)]


def worse(*grades: int | None) -> int | None:
    """The worse of the known grades; None when none is known."""
    return max((grade for grade in grades if grade is not None), default=None)


class AirReading(HeldModel):
    """One measuring station's hour: µg/m³ and the published grade of each, or None."""

    pm10: Concentration
    pm25: Concentration
    pm10_grade: Grade = None
    pm25_grade: Grade = None
    measured_at: KstTime

    @property
    def grade(self) -> int | None:
        """The station's overall grade: the worse of PM10's and PM2.5's."""
        return worse(self.pm10_grade, self.pm25_grade)


class AirState(FeedState):
    """The AirKorea values' part: every measuring station with a value, by ``station_key``,
    and the newest hour among them (the hour the set holds)."""

    measured_at: KstTime
    readings: dict[str, AirReading]


def read_air(candidates: Sequence[AirCandidate], readings: Mapping[str, AirReading],
             oldest: datetime | None) -> tuple[AirCandidate, AirReading] | None:
    """The first candidate (nearest first) with a value measured at ``oldest`` or later
    (None: any age), and its reading; None when no candidate has one."""
    for candidate in candidates:
        reading = readings.get(candidate.key)
        if reading is not None and (oldest is None or reading.measured_at >= oldest):
            return candidate, reading
    return None
