"""A station's `air` object and the document's air attribution: values, grades and words as
published, the nearest measuring station with a recent value, and null whenever unknown."""

from __future__ import annotations

from datetime import timedelta
from typing import get_args

import pytest
from support.air_snapshots import HOUR, VALUES, with_air
from support.clock import NOW
from support.snapshots import snapshot
from support.stations import by_id, by_ids

from ticker.core.air import GRADE_CODES
from ticker.core.air_documents import AIR_ATTRIBUTION, AirDocument, GradeCode, station_air
from ticker.core.documents import CityDocument, WeatherDocument, weather_document
from ticker.core.freshness import Freshness
from ticker.core.langs import LANGS
from ticker.core.observations import Snapshot

FRESHNESS = Freshness()
HELD = with_air(snapshot(3.0))


def air_of(state: Snapshot, city: str, lang: str = "ko", now=NOW) -> AirDocument | None:
    return station_air(state, by_id(city), lang, now, FRESHNESS)


def test_a_station_reads_its_nearest_measuring_station() -> None:
    assert air_of(HELD, "seoul") == AirDocument(
        pm10=41, pm25=27, pm10_grade="moderate", pm25_grade="moderate", grade="moderate",
        grade_text="보통", station="종로구", measured_at=HOUR)


@pytest.mark.parametrize(("city", "grade", "ko", "en"), [
    ("busan", "good", "좋음", "good"), ("seoul", "moderate", "보통", "moderate"),
    ("gangneung", "bad", "나쁨", "unhealthy"), ("jeju", "very_bad", "매우나쁨", "very unhealthy")])
def test_the_overall_grade_is_the_worse_in_either_language(city: str, grade: str, ko: str,
                                                           en: str) -> None:
    korean, english = air_of(HELD, city), air_of(HELD, city, "en")
    assert korean is not None and english is not None
    assert (korean.grade, korean.grade_text, english.grade_text) == (grade, ko, en)
    assert english.station == korean.station  # the measuring station's Korean name


def test_without_the_nearest_s_value_the_next_is_read() -> None:
    values = {key: v for key, v in VALUES.items() if key != "서울 종로구"}
    seoul = air_of(with_air(snapshot(3.0), values), "seoul")
    assert seoul is not None
    assert (seoul.station, seoul.pm10, seoul.pm25, seoul.pm10_grade, seoul.pm25_grade,
            seoul.grade) == ("중구", 60, 30, "moderate", "bad", "bad")


def test_unknown_values_and_grades_are_null() -> None:
    values = {**VALUES, "서울 종로구": (None, 27, None, None)}
    seoul = air_of(with_air(snapshot(3.0), values), "seoul")
    assert seoul is not None
    assert (seoul.pm10, seoul.pm25, seoul.pm10_grade, seoul.pm25_grade, seoul.grade,
            seoul.grade_text) == (None, 27, None, None, None, None)


def test_unknown_is_null() -> None:
    limit = timedelta(minutes=FRESHNESS.air_withhold_after_minutes)
    assert limit == timedelta(hours=3)
    # No station within range; no fine dust feed (no key); a recording's parts in live data.
    assert air_of(HELD, "daegu") is None
    assert air_of(snapshot(3.0), "seoul") is None
    assert air_of(with_air(snapshot(3.0), sample=True), "seoul") is None
    # A station's hour is shown up to the limit, and unknown a moment past it (its part
    # fresh: never a stale value).
    assert air_of(HELD, "seoul", now=HOUR + limit) is not None
    assert air_of(HELD, "seoul", now=HOUR + limit + timedelta(seconds=1)) is None
    # The part itself fetched too long ago (the feed failing past its limit).
    current = with_air(snapshot(3.0), measured_at=NOW, updated_at=NOW)
    assert air_of(current, "seoul", now=NOW + limit) is not None
    assert air_of(current, "seoul", now=NOW + limit + timedelta(seconds=1)) is None


def test_the_document_credits_airkorea_whenever_any_city_has_air() -> None:
    def attribution(state: Snapshot, ids: list[str], lang: str = "ko") -> str | None:
        return weather_document(state, by_ids(ids), lang, NOW, FRESHNESS).air_attribution

    assert attribution(HELD, ["daegu", "seoul"]) == "한국환경공단 에어코리아"
    assert attribution(HELD, ["seoul"], "en") == "AirKorea, Korea Environment Corporation"
    assert attribution(HELD, ["daegu"]) is None
    assert attribution(snapshot(3.0), ["seoul"]) is None
    assert set(AIR_ATTRIBUTION) == set(LANGS)


def test_field_order_and_codes() -> None:
    assert list(CityDocument.model_fields)[-3:] == ["warnings", "air", "forecast"]
    fields = list(WeatherDocument.model_fields)
    assert fields[fields.index("attribution") + 1] == "air_attribution"
    assert list(AirDocument.model_fields) == ["pm10", "pm25", "pm10_grade", "pm25_grade",
                                              "grade", "grade_text", "station", "measured_at"]
    assert get_args(GradeCode) == tuple(GRADE_CODES.values())
