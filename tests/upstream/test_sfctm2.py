"""The sfctm2 parser on recorded payloads, every sentinel, and arbitrary input."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.payloads import (
    SFCTM2_16,
    SFCTM2_GWANGJU_REAL,
    SFCTM2_NO_ROWS,
    SFCTM2_SEOUL_REAL,
    data_lines,
    fixture_text,
    sfctm2_body,
    with_field,
)

from ticker.core.errors import MalformedPayloadError
from ticker.core.kst import KST
from ticker.upstream.apihub.sfctm2 import COLUMNS, AsosRow, parse_row, parse_sfctm2

SEOUL_LINE = data_lines(SFCTM2_SEOUL_REAL)[0]


def _parses_or_raises_malformed(text: str) -> None:
    """Any other exception escapes and fails the test."""
    try:
        rows = parse_sfctm2(text)
    except MalformedPayloadError:
        return
    assert all(isinstance(row, AsosRow) for row in rows)


def test_real_seoul_excerpt_parses_every_used_field() -> None:
    [row] = parse_sfctm2(fixture_text(SFCTM2_SEOUL_REAL))
    assert row.observed_at == datetime(2025, 11, 13, 8, 0, tzinfo=KST)
    assert row.station == 108
    assert row.ta == 8.1
    assert row.ws == 2.6
    assert row.hm == 81.0
    assert row.rn is None  # -9.0: no precipitation / not observed
    assert row.wc is None
    assert row.ww == ()
    assert row.ca_tot == 9
    assert row.vs == 1074  # 10 m units: 10.74 km
    assert row.ix == 2


def test_real_gwangju_row_with_missing_soil_temperatures() -> None:
    row = parse_row(data_lines(SFCTM2_GWANGJU_REAL)[0])
    assert (row.station, row.ta, row.ca_tot, row.vs) == (156, 33.7, 0, 4134)
    assert (row.ws, row.hm) == (1.3, 55.0)
    assert row.observed_at == datetime(2026, 8, 18, 15, 0, tzinfo=KST)


def test_real_gwangju_excerpt_has_no_end_marker_so_is_malformed() -> None:
    # The source cut this capture before #7777END; a live body like it was truncated.
    with pytest.raises(MalformedPayloadError, match="7777END"):
        parse_sfctm2(fixture_text(SFCTM2_GWANGJU_REAL))


def test_sixteen_station_sample_parses_in_station_order() -> None:
    rows = parse_sfctm2(fixture_text(SFCTM2_16))
    assert [row.station for row in rows] == [98, 105, 108, 133, 143, 152, 156, 159, 172, 184,
                                             201, 226, 238, 259, 283, 294]
    by_station = {row.station: row for row in rows}
    assert by_station[143].ww == ("19",)
    assert by_station[184].ww == ("01",)
    assert by_station[184].rn == 0.5
    assert (by_station[108].ws, by_station[108].hm) == (2.1, 45.0)
    assert (by_station[105].ws, by_station[105].hm) == (3.4, 31.0)


def test_empty_envelope_gives_no_rows() -> None:
    assert parse_sfctm2(fixture_text(SFCTM2_NO_ROWS)) == []


@pytest.mark.parametrize("column", ["WS", "HM", "RN", "WC", "CA_TOT", "VS", "IX"])
@pytest.mark.parametrize("sentinel", ["-9", "-9.0", "-9.00", "-99.0"])
def test_sentinels_become_none(column: str, sentinel: str) -> None:
    row = parse_row(with_field(SEOUL_LINE, column, sentinel))
    assert getattr(row, column.lower()) is None


def test_text_sentinel_dash_means_no_weather_codes() -> None:
    assert parse_row(with_field(SEOUL_LINE, "WW", "-")).ww == ()


@pytest.mark.parametrize("token", ["-9.0", "-9", "-9.00"])
def test_minus_nine_is_a_real_temperature(token: str) -> None:
    assert parse_row(with_field(SEOUL_LINE, "TA", token)).ta == -9.0


@pytest.mark.parametrize("token", ["-99.0", "-90.0", "-999.0"])
def test_temperature_at_or_below_minus_ninety_is_missing(token: str) -> None:
    assert parse_row(with_field(SEOUL_LINE, "TA", token)).ta is None


@pytest.mark.parametrize(("column", "token"), [
    ("TA", "-89.9"), ("TA", "-60.1"), ("TA", "60.1"), ("TA", "120.5"),
    ("HM", "100.1"), ("HM", "-1.0"), ("WS", "-3.0"), ("WS", "75.1"),
])
def test_physically_implausible_values_are_missing(column: str, token: str) -> None:
    # Between the -90 sentinel and the plausible bounds (ticker.core.plausible) is a fault.
    row = parse_row(with_field(SEOUL_LINE, column, token))
    assert getattr(row, column.lower()) is None
    assert (row.station, row.ta is None) == (108, column == "TA")


@pytest.mark.parametrize(("column", "token", "value"), [
    ("TA", "-60.0", -60.0), ("TA", "60.0", 60.0), ("HM", "0.0", 0.0), ("HM", "100.0", 100.0),
    ("WS", "75.0", 75.0),
])
def test_the_plausible_bounds_are_inclusive(column: str, token: str, value: float) -> None:
    assert getattr(parse_row(with_field(SEOUL_LINE, column, token)), column.lower()) == value


def test_an_implausible_row_is_logged_once_per_station_and_hour(
        caplog: pytest.LogCaptureFixture) -> None:
    line = with_field(with_field(with_field(SEOUL_LINE, "TM", "203001010100"), "TA", "120.5"),
                      "HM", "101.0")
    with caplog.at_level(logging.WARNING):
        parse_row(line)
        parse_row(line)
        parse_row(with_field(line, "STN", "159"))
    said = [r.getMessage() for r in caplog.records if "implausible" in r.getMessage()]
    assert said == [
        "ASOS station 108 at 2030-01-01 01:00: implausible temperature_c 120.5 (plausible "
        "-60…60 ℃), humidity_pct 101.0 (plausible 0…100 %); held as missing",
        "ASOS station 159 at 2030-01-01 01:00: implausible temperature_c 120.5 (plausible "
        "-60…60 ℃), humidity_pct 101.0 (plausible 0…100 %); held as missing"]


def test_several_ww_codes_are_split_in_order() -> None:
    assert parse_row(with_field(SEOUL_LINE, "WW", "1901")).ww == ("19", "01")


def test_calm_wind_is_zero_not_missing() -> None:
    assert parse_row(with_field(SEOUL_LINE, "WS", "0.0")).ws == 0.0


def test_wind_comes_from_ws_not_the_gust_column() -> None:
    # GST_WS sits right after WS in the layout; a misaligned read would take its -9.0.
    row = parse_row(with_field(with_field(SEOUL_LINE, "WS", "4.7"), "GST_WS", "12.3"))
    assert row.ws == 4.7


@pytest.mark.parametrize("count", [45, 47])
def test_wrong_column_count_is_malformed(count: int) -> None:
    tokens = SEOUL_LINE.split()
    # 45 is the classic trap: a legend without RN_JUN.
    tokens = tokens[:count] if count < len(COLUMNS) else [*tokens, "0"]
    with pytest.raises(MalformedPayloadError, match=f"got {count}"):
        parse_row(" ".join(tokens))


@pytest.mark.parametrize(("column", "value"), [
    ("TA", "abc"), ("TM", "2025111308"), ("TM", "202513400800"), ("STN", "x"),
    ("WW", "1"), ("CA_TOT", "4.5"), ("HM", "1e999"), ("WS", "calm"), ("WS", "1e999"),
])
def test_bad_field_values_are_malformed(column: str, value: str) -> None:
    with pytest.raises(MalformedPayloadError):
        parse_row(with_field(SEOUL_LINE, column, value))


def test_truncated_body_is_malformed() -> None:
    body = fixture_text(SFCTM2_16)
    with pytest.raises(MalformedPayloadError):
        parse_sfctm2(body[: len(body) // 2])


def test_a_body_cut_at_a_line_break_is_malformed() -> None:
    lines = fixture_text(SFCTM2_16).splitlines(keepends=True)
    with pytest.raises(MalformedPayloadError, match="7777END"):
        parse_sfctm2("".join(lines[:10]))


def test_round_trip_through_the_envelope_helper() -> None:
    assert parse_sfctm2(sfctm2_body([SEOUL_LINE]))[0].station == 108


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_malformed(text: str) -> None:
    _parses_or_raises_malformed(text)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_raise_only_malformed(data: bytes) -> None:
    _parses_or_raises_malformed(data.decode("cp949", errors="replace"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*SEOUL_LINE.split(), "-", "#", "19", "", "-99.0", "x"]),
                min_size=40, max_size=50))
def test_near_valid_lines_raise_only_malformed(tokens: list[str]) -> None:
    # Shuffled real tokens reach deeper into the field parsers than random text does.
    _parses_or_raises_malformed(sfctm2_body([" ".join(tokens)]))
