"""Which measuring station a station reads: the nearest with a value, then the next within
15 km, then the third; provinces from addresses; held grades stay within 1–4."""

from __future__ import annotations

from datetime import datetime, timedelta

from support.stations import by_ids

from ticker.core.air import AirReading, AirState, read_air
from ticker.core.air_stations import MeasuringStation, nearest_candidates, province_of
from ticker.core.held import HELD_STATE
from ticker.core.kst import KST

TWO = datetime(2026, 5, 20, 14, 0, tzinfo=KST)
SEOUL = by_ids(["seoul"])  # 37.57142, 126.96580


def at(name: str, km_north: float, province: str = "서울") -> MeasuringStation:
    return MeasuringStation(name=name, province=province, address=f"{province} {name}",
                            lat=37.57142 + km_north / 111.2, lon=126.96580)


def reading(pm10: int | None = 30, when: datetime = TWO) -> AirReading:
    return AirReading(pm10=pm10, pm25=10, pm10_grade=1, pm25_grade=1, measured_at=when)


def test_the_three_nearest_within_15_km_nearest_first_whatever_the_row_order() -> None:
    rows = [at("D", 14.0), at("A", 1.0), at("far", 16.0), at("C", 9.0), at("B", 3.0)]
    near = nearest_candidates(SEOUL, rows)["seoul"]
    assert [c.name for c in near] == ["A", "B", "C"]
    assert near[0].km == 1.0
    assert nearest_candidates(SEOUL, list(reversed(rows))) == {"seoul": near}


def test_no_station_within_15_km_leaves_the_station_out() -> None:
    assert nearest_candidates(SEOUL, [at("far", 15.5)]) == {}


def test_a_duplicate_row_counts_once_and_same_names_differ_by_province() -> None:
    rows = [at("중구", 1.0), at("중구", 1.0), at("중구", 2.0, "부산")]
    assert [c.key for c in nearest_candidates(SEOUL, rows)["seoul"]] == ["서울 중구", "부산 중구"]


def test_the_first_candidate_with_a_fresh_value_is_read() -> None:
    near = nearest_candidates(SEOUL, [at("A", 1.0), at("B", 3.0), at("C", 9.0)])["seoul"]
    readings = {"서울 B": reading(41, TWO - timedelta(hours=4)), "서울 C": reading(55)}
    chosen = read_air(near, readings, oldest=TWO - timedelta(hours=3))
    assert chosen is not None and chosen[0].name == "C" and chosen[1].pm10 == 55
    # Without an age limit (a recording) the nearer, older one is read.
    assert read_air(near, readings, oldest=None)[1].pm10 == 41  # type: ignore[index]
    assert read_air(near, {}, oldest=None) is None


def test_provinces_from_addresses_short_long_and_special_forms() -> None:
    assert province_of("서울특별시 중구 덕수궁길 15") == "서울"
    assert province_of("강원특별자치도 춘천시") == province_of("강원도 춘천시") == "강원"
    assert province_of("전북특별자치도 전주시") == "전북"
    assert province_of("경기 광주시 파발로") == "경기"
    assert province_of("") is None and province_of("Seoul") is None


def test_held_grades_or_values_a_newer_writer_sent_out_of_range_read_as_unknown() -> None:
    state = AirState.model_validate(
        {"sample": False, "updated_at": TWO, "measured_at": TWO, "future": 1,
         "readings": {"서울 중구": {"pm10": -1, "pm25": 12, "pm10_grade": 7, "pm25_grade": 2,
                                  "measured_at": TWO}}}, context=HELD_STATE)
    held = state.readings["서울 중구"]
    assert (held.pm10, held.pm10_grade, held.grade) == (None, None, 2)
