"""AirKorea's two answers read row by row: values as sent, grades as published, bad rows
skipped and counted, dmX/dmY settled per row, stations known by province and name."""

from __future__ import annotations

from datetime import datetime

import pytest
from support.air_payloads import STATIONS_CASES, VALUES_CASES
from support.datagokr_payloads import fixture_json

from ticker.core.air import AirReading
from ticker.core.errors import MalformedPayloadError
from ticker.core.kst import KST
from ticker.upstream.datagokr.airkorea import items, total_count
from ticker.upstream.datagokr.airkorea_rows import (
    parse_concentration,
    parse_data_time,
    parse_grade,
    parse_stations,
    parse_values,
)

TWO = datetime(2026, 5, 20, 14, 0, tzinfo=KST)


def values() -> dict[str, AirReading]:
    return parse_values(items(fixture_json(VALUES_CASES))).readings


def test_a_plain_row_reads_as_sent() -> None:
    assert values()["서울 중구"] == AirReading(pm10=41, pm25=22, pm10_grade=2, pm25_grade=2,
                                             measured_at=TWO)


def test_names_repeat_across_provinces_so_rows_are_known_by_both() -> None:
    read = values()
    assert read["부산 중구"].pm10 == 25
    assert read["서울 중구"].pm10 == 41


@pytest.mark.parametrize("value", ["-", "", None, "-3", "abc", "nan", "inf"])
def test_no_value_dash_empty_null_negative_or_garbage(value: object) -> None:
    assert parse_concentration(value) is None


def test_a_flag_makes_the_value_unknown() -> None:
    assert parse_concentration("55", "통신장애") is None
    assert parse_concentration("55", "점검및교정") is None
    assert parse_concentration("55", None) == 55
    assert parse_concentration("20.4") == 20


def test_a_row_without_any_value_is_no_reading_and_each_missing_value_has_no_grade() -> None:
    read = values()
    assert "서울 종로구" not in read and "서울 동대문구" not in read  # "-" and both flagged
    assert read["서울 용산구"].pm10 is None and read["서울 용산구"].pm10_grade is None
    assert read["서울 성동구"].pm10 is None and read["서울 광진구"].pm10 is None
    assert read["서울 광진구"].pm25 == 20


@pytest.mark.parametrize("value", ["0", "5", "", None, "x", "-1", "１"])
def test_grades_outside_1_to_4_are_unknown(value: object) -> None:
    assert parse_grade(value) is None


def test_grades_out_of_range_are_unknown_and_so_the_overall_one() -> None:
    reading = values()["서울 중랑구"]
    assert (reading.pm10_grade, reading.pm25_grade, reading.grade) == (None, None, None)


def test_the_1_hour_grade_is_shown_and_the_24_hour_one_only_where_it_is_missing() -> None:
    read = values()
    assert read["서울 노원구"].pm10_grade == 4  # 1-hour 4 beats the 24-hour 1
    assert read["서울 성북구"].pm10_grade == 3 and read["서울 성북구"].pm25_grade == 3


def test_the_overall_grade_is_the_worse_of_the_two() -> None:
    assert values()["서울 노원구"].grade == 4
    assert AirReading(pm10=10, pm25=40, pm10_grade=1, pm25_grade=3,
                      measured_at=TWO).grade == 3


def test_24_00_is_midnight_of_the_next_day() -> None:
    midnight = datetime(2026, 5, 21, 0, 0, tzinfo=KST)
    assert parse_data_time("2026-05-20 24:00") == midnight
    assert values()["서울 강북구"].measured_at == midnight
    assert parse_data_time("2026-12-31 24:00") == datetime(2027, 1, 1, tzinfo=KST)


@pytest.mark.parametrize("text", ["2026-05-20 25:00", "2026-05-20 24:30", "2026-02-30 10:00",
                                  "20260520 1400", "", None, "2026-05-20 14:60"])
def test_unreadable_times_are_none(text: object) -> None:
    assert parse_data_time(text) is None


def test_rows_without_a_name_or_time_are_skipped_and_counted() -> None:
    parsed = parse_values(items(fixture_json(VALUES_CASES)))
    assert parsed.skipped == 2
    assert parsed.without_value == 2
    assert parsed.newest == datetime(2026, 5, 21, 0, 0, tzinfo=KST)


def test_dm_x_and_dm_y_are_settled_per_row_by_korea_s_ranges() -> None:
    stations, skipped = parse_stations(items(fixture_json(STATIONS_CASES)))
    place = {row.key: (row.lat, row.lon) for row in stations}
    assert place["서울 중구"] == (37.564639, 126.975961)
    assert place["서울 종로구"] == (37.572025, 127.005028)  # sent as dmX=lon, dmY=lat
    assert place["부산 중구"] == (35.1, 129.03)
    assert place["경기 광주"] == (37.4183, 127.2575)  # 경기 광주시 is not 광주광역시
    assert skipped == 3  # outside Korea, no province, unreadable coordinate


def test_items_and_total_count_read_both_list_forms_and_refuse_others() -> None:
    listed = {"response": {"body": {"items": [{"a": 1}], "totalCount": 1}}}
    wrapped = {"response": {"body": {"items": {"item": {"a": 1}}, "totalCount": "1"}}}
    assert items(listed) == items(wrapped) == [{"a": 1}]
    assert total_count(wrapped) == 1
    assert items({"response": {"body": {"items": ""}}}) == []
    with pytest.raises(MalformedPayloadError):
        items({"response": {"body": {"items": ["x"]}}})
    with pytest.raises(MalformedPayloadError):
        total_count({"response": {"body": {"items": []}}})
