"""Base times, nowcast and forecast values, and the condition table of the data.go.kr source."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta

import pytest
from support.datagokr_payloads import (
    FCST_CONSTRUCTED,
    FCST_REAL_PAGE,
    NCST_CONSTRUCTED,
    NCST_REAL,
    document,
    fcst_items,
    fixture_json,
    ncst_items,
)
from support.stations import by_id

from ticker.core.conditions import Condition
from ticker.core.errors import MalformedPayloadError, NoDataError
from ticker.core.kst import KST
from ticker.upstream.datagokr.envelope import items_of
from ticker.upstream.datagokr.vilage import (
    CONDITIONS,
    NcstValues,
    condition_for,
    fcst_base,
    ncst_base,
    observation_from,
    parse_ncst,
    sky_for,
)

BASE_0900 = datetime(2025, 12, 4, 9, 0, tzinfo=KST)


def kst(day: int, hour: int, minute: int, month: int = 12, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KST)


# --- base times -------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "expected"), [
    (kst(4, 9, 39), kst(4, 8, 0)),
    (kst(4, 9, 40), kst(4, 9, 0)),
    (kst(4, 9, 59), kst(4, 9, 0)),
    (kst(4, 0, 39), kst(3, 23, 0)),  # across midnight
    (kst(4, 0, 40), kst(4, 0, 0)),
    (kst(1, 0, 5, month=1, year=2026), kst(31, 23, 0)),  # across a year
    (datetime(2025, 12, 4, 0, 45, tzinfo=UTC), kst(4, 9, 0)),  # judged in KST
])
def test_ncst_base(now: datetime, expected: datetime) -> None:
    assert ncst_base(now) == expected
    assert ncst_base(now).tzinfo == KST


@pytest.mark.parametrize(("now", "expected"), [
    (kst(4, 9, 44), kst(4, 8, 30)),
    (kst(4, 9, 45), kst(4, 9, 30)),
    (kst(4, 0, 44), kst(3, 23, 30)),  # across midnight
    (kst(4, 0, 0), kst(3, 23, 30)),
    (kst(4, 0, 45), kst(4, 0, 30)),
])
def test_fcst_base(now: datetime, expected: datetime) -> None:
    assert fcst_base(now) == expected


def test_publication_minutes_are_parameters() -> None:
    assert ncst_base(kst(4, 9, 10), available_minute=10) == kst(4, 9, 0)
    assert ncst_base(kst(4, 9, 9), available_minute=10) == kst(4, 8, 0)
    assert fcst_base(kst(4, 9, 50), available_minute=55) == kst(4, 8, 30)


@pytest.mark.parametrize("minute", [-1, 60])
def test_ncst_minute_out_of_range(minute: int) -> None:
    with pytest.raises(ValueError):
        ncst_base(kst(4, 9, 0), available_minute=minute)


def test_fcst_minute_before_the_base_is_refused() -> None:
    # An HH30 base cannot be published before HH:30; accepting it would ask for the future.
    with pytest.raises(ValueError):
        fcst_base(kst(4, 9, 0), available_minute=20)



# --- Ncst -------------------------------------------------------------------------------

def test_parse_ncst_constructed() -> None:
    values = parse_ncst(fixture_json(NCST_CONSTRUCTED))
    assert values == NcstValues(t1h=3.6, pty=0, wsd=2.0, reh=46.0, base=BASE_0900)


def test_parse_ncst_real() -> None:
    values = parse_ncst(fixture_json(NCST_REAL))
    assert (values.t1h, values.pty, values.wsd, values.reh) == (-8.1, 0, 3.2, 34.0)
    assert values.base == datetime(2026, 1, 22, 11, 0, tzinfo=KST)


def test_parse_ncst_reads_by_category_not_position() -> None:
    items = items_of(fixture_json(NCST_CONSTRUCTED))
    assert parse_ncst(document(list(reversed(items)))).t1h == 3.6


@pytest.mark.parametrize(("raw", "expected"), [
    ("-999", None), ("-998.9", None), ("900", None), ("899.9", None), ("120.5", None),
    ("-60.1", None), ("60.0", 60.0), ("-9.0", -9.0), ("0", 0.0), (4, 4.0),
])
def test_t1h_values_and_missing_sentinels(raw: object, expected: float | None) -> None:
    doc = document(ncst_items(BASE_0900, 1, 1, {"T1H": raw, "PTY": "0"}))  # type: ignore[dict-item]
    assert parse_ncst(doc).t1h == expected


@pytest.mark.parametrize("category", ["WSD", "REH"])
@pytest.mark.parametrize(("raw", "expected"), [
    ("0", 0.0), ("3.2", 3.2), ("75", 75.0), ("-999", None), ("999", None), ("-3", None),
    ("100.5", None),
])
def test_wind_and_humidity_values_and_missing_sentinels(
        category: str, raw: str, expected: float | None) -> None:
    doc = document(ncst_items(BASE_0900, 1, 1, {"T1H": "1.0", category: raw}))
    values = parse_ncst(doc)
    assert getattr(values, category.lower()) == expected
    assert values.t1h == 1.0


def test_implausible_values_are_logged_once_per_cell_and_base(
        caplog: pytest.LogCaptureFixture) -> None:
    base = datetime(2030, 1, 1, 1, tzinfo=KST)
    doc = document(ncst_items(base, 60, 127, {"T1H": "120.5", "WSD": "-2", "PTY": "0"}))
    with caplog.at_level(logging.WARNING):
        assert (parse_ncst(doc).t1h, parse_ncst(doc).wsd) == (None, None)
    said = [r.getMessage() for r in caplog.records if "implausible" in r.getMessage()]
    assert said == ["data.go.kr grid 60,127 at 2030-01-01 01:00: implausible temperature_c "
                    "120.5 (plausible -60…60 ℃), wind_ms -2.0 (plausible 0…75 m/s); held as "
                    "missing"]


def test_wind_and_humidity_absent_are_none() -> None:
    values = parse_ncst(document(ncst_items(BASE_0900, 1, 1, {"T1H": "1.0", "PTY": "0"})))
    assert (values.wsd, values.reh) == (None, None)


def test_wind_and_humidity_come_from_their_own_categories() -> None:
    # UUU/VVV are wind components and RN1 is rain; none of them may stand in for WSD or REH.
    doc = document(ncst_items(BASE_0900, 1, 1, {
        "T1H": "1.0", "UUU": "7.0", "VVV": "-7.0", "RN1": "12", "VEC": "270"}))
    values = parse_ncst(doc)
    assert (values.wsd, values.reh) == (None, None)


@pytest.mark.parametrize("category", ["T1H", "WSD", "REH"])
@pytest.mark.parametrize("raw", ["", "abc", "nan", "inf", "1e3", "3,6", None, True, [1]])
def test_non_numeric_values_are_malformed(category: str, raw: object) -> None:
    doc = document(ncst_items(BASE_0900, 60, 127, {category: raw}))  # type: ignore[dict-item]
    with pytest.raises(MalformedPayloadError, match=category):
        parse_ncst(doc)


def test_categories_the_ticker_does_not_read_are_not_judged() -> None:
    doc = document(ncst_items(BASE_0900, 60, 127, {"T1H": "1.0", "UUU": "garbage"}))
    assert parse_ncst(doc).t1h == 1.0


def test_pty_must_be_a_whole_code() -> None:
    with pytest.raises(MalformedPayloadError, match="PTY"):
        parse_ncst(document(ncst_items(BASE_0900, 60, 127, {"PTY": "1.5"})))


def test_ncst_without_items_is_no_data() -> None:
    with pytest.raises(NoDataError):
        parse_ncst(document(""))


@pytest.mark.parametrize("change", [{"baseTime": "0800"}, {"baseDate": "2025124"},
                                    {"baseTime": "2500"}, {"baseDate": None}])
def test_ncst_base_times_must_agree_and_parse(change: dict[str, object]) -> None:
    items = ncst_items(BASE_0900, 60, 127, {"T1H": "1.0", "PTY": "0"})
    items[1] = {**items[1], **change}
    with pytest.raises(MalformedPayloadError):
        parse_ncst(document(items))


# --- Fcst SKY ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "now", "expected"), [
    (FCST_CONSTRUCTED, kst(4, 9, 45), 1),
    (FCST_REAL_PAGE, kst(30, 7, 10, month=6, year=2023), 4),
    (FCST_REAL_PAGE, kst(30, 8, 30, month=6, year=2023), 4),  # a tie goes to the earlier hour
    (FCST_REAL_PAGE, kst(30, 8, 31, month=6, year=2023), 3),
    (FCST_REAL_PAGE, kst(30, 10, 40, month=6, year=2023), 1),
    (FCST_REAL_PAGE, kst(30, 14, 59, month=6, year=2023), 1),  # 12:00 is within 3 hours
    (FCST_REAL_PAGE, kst(30, 15, 1, month=6, year=2023), None),  # the page is too old
])
def test_sky_of_the_nearest_hour(name: str, now: datetime, expected: int | None) -> None:
    assert sky_for(fixture_json(name), now) == expected


def test_sky_reads_by_category_not_position() -> None:
    items = items_of(fixture_json(FCST_REAL_PAGE))
    random.Random(7).shuffle(items)
    # A future POP category (seen once in 2026) adds rows without moving SKY's meaning.
    pop = fcst_items(kst(30, 6, 30, month=6, year=2023), 61, 126, {"POP": "30"})
    assert sky_for(document(items + pop), kst(30, 9, 5, month=6, year=2023)) == 3


def test_sky_missing_or_masked() -> None:
    base = kst(4, 8, 30)
    assert sky_for(document(fcst_items(base, 1, 1, {"T1H": "3"})), kst(4, 9, 45)) is None
    assert sky_for(document(fcst_items(base, 1, 1, {"SKY": "-999"})), kst(4, 9, 45)) is None
    assert sky_for(document(""), kst(4, 9, 45)) is None


@pytest.mark.parametrize("raw", ["x", "1.5", ""])
def test_sky_not_a_code_is_malformed(raw: str) -> None:
    doc = document(fcst_items(kst(4, 8, 30), 1, 1, {"SKY": raw}))
    with pytest.raises(MalformedPayloadError, match="SKY"):
        sky_for(doc, kst(4, 9, 45))


# --- the condition table ----------------------------------------------------------------

PTY_ROWS = sorted((code, c) for (category, code), c in CONDITIONS.items() if category == "PTY")
SKY_ROWS = sorted((code, c) for (category, code), c in CONDITIONS.items() if category == "SKY")


@pytest.mark.parametrize(("pty", "expected"), PTY_ROWS)
def test_every_pty_row_wins_over_the_sky(pty: int, expected: Condition | None) -> None:
    for sky, sky_condition in SKY_ROWS:
        assert condition_for(pty, sky) is (expected or sky_condition)


@pytest.mark.parametrize(("sky", "expected"), SKY_ROWS)
def test_every_sky_row_without_precipitation(sky: int, expected: Condition) -> None:
    assert condition_for(0, sky) is expected


def test_the_table_is_the_documented_one() -> None:
    assert dict(PTY_ROWS) == {0: None, 1: Condition.RAIN, 2: Condition.SLEET,
                              3: Condition.SNOW, 5: Condition.DRIZZLE, 6: Condition.SLEET,
                              7: Condition.SNOW}
    assert dict(SKY_ROWS) == {1: Condition.CLEAR, 3: Condition.MOSTLY_CLOUDY,
                              4: Condition.OVERCAST}


@pytest.mark.parametrize(("pty", "sky"), [
    (4, 1),      # 소나기 exists only in the short-term forecast, not in Ncst
    (None, 1),   # precipitation unknown: the sky alone would be a guess
    (0, 2),      # SKY 2 (구름조금) was retired in 2019
    (0, None),   # no forecast hour near now
    (8, 4),
])
def test_anything_else_is_unknown(pty: int | None, sky: int | None) -> None:
    assert condition_for(pty, sky) is Condition.UNKNOWN


def test_observation_from_the_ncst_base_and_sky() -> None:
    ncst = parse_ncst(fixture_json(NCST_CONSTRUCTED))
    sky = sky_for(fixture_json(FCST_CONSTRUCTED), kst(4, 9, 45))
    observation = observation_from(by_id("seoul"), ncst, sky)
    assert observation.city_id == "seoul"
    assert (observation.temperature_c, observation.condition) == (3.6, Condition.CLEAR)
    assert observation.observed_at == BASE_0900
    assert observation.source == "vilage"


def test_observation_with_missing_temperature_keeps_the_condition() -> None:
    ncst = NcstValues(t1h=None, pty=3, wsd=None, reh=None,
                      base=BASE_0900 - timedelta(hours=1))
    observation = observation_from(by_id("gangneung"), ncst, None)
    assert (observation.temperature_c, observation.condition) == (None, Condition.SNOW)
