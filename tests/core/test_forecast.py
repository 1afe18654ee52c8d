"""The forecast as held: each value from the latest issuance that carries it, keyed by its own
date; the documents and their freshness (docs/kma.md, "Short-term forecast")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from support.snapshots import snapshot
from support.stations import by_id

from ticker.core.documents import document_bytes, weather_document
from ticker.core.forecast import (
    CellForecast,
    DayForecast,
    ForecastState,
    cell_key,
    day_view,
    latest_issuance,
    merge_issuance,
)
from ticker.core.forecast_documents import station_forecast
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.observations import Snapshot, read_snapshot

SEOUL = by_id("seoul")
TODAY, TOMORROW = date(2025, 12, 1), date(2025, 12, 2)
FRESHNESS = Freshness()


def at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2025, 12, day, hour, minute, tzinfo=KST)


def issued(hour: int, day: int = 1, **values: object) -> DayForecast:
    """A day's values as one issuance gives them, each marked as from it."""
    base = at(hour, day=day)
    marks = {"min_issued_at": base if values.get("min_c") is not None else None,
             "max_issued_at": base if values.get("max_c") is not None else None,
             "hours_issued_at": base if {"pop_pct", "am", "pm"} & set(values) else None}
    return DayForecast.model_validate({**values, **marks})


@pytest.mark.parametrize(("now", "expected"), [
    (at(2, 9), datetime(2025, 11, 30, 23, tzinfo=KST)),
    (at(2, 10), at(2)), (at(4, 59), at(2)), (at(5, 10), at(5)), (at(14, 9), at(11)),
    (at(18), at(17)), (at(23, 30), at(23)), (at(1, 0, day=2), at(23))])
def test_the_newest_issuance_out(now: datetime, expected: datetime) -> None:
    assert latest_issuance(now) == expected


def test_a_later_issuance_without_today_s_low_keeps_the_0200_one() -> None:
    cell = merge_issuance(None, at(2), {TODAY: issued(2, min_c=-12.0, max_c=-3.0)}, TODAY)
    cell = merge_issuance(cell, at(5), {TODAY: issued(5, max_c=-2.5),
                                        TOMORROW: issued(5, min_c=-14.0, max_c=-5.0)}, TODAY)
    assert cell.issued_at == at(5)
    assert (cell.days[TODAY].min_c, cell.days[TODAY].max_c) == (-12.0, -2.5)
    # Never today's slot from tomorrow's values.
    assert (cell.days[TOMORROW].min_c, cell.days[TOMORROW].max_c) == (-14.0, -5.0)


def test_an_older_issuance_fetched_later_fills_gaps_only() -> None:
    cell = merge_issuance(None, at(17), {TODAY: issued(17, pop_pct={18: 10}, pm=None),
                                         TOMORROW: issued(17, min_c=-9.0, am="snow")}, TODAY)
    cell = merge_issuance(cell, at(2), {TODAY: issued(2, min_c=-12.0, max_c=-1.0,
                                                      pop_pct={18: 90, 9: 40}, am="clear"),
                                        TOMORROW: issued(2, min_c=-11.0, am="rain")}, TODAY)
    cell = merge_issuance(cell, at(14), {TODAY: issued(14, max_c=-3.0)}, TODAY)
    today, tomorrow = cell.days[TODAY], cell.days[TOMORROW]
    assert cell.issued_at == at(17)
    assert (today.min_c, today.max_c, today.max_issued_at) == (-12.0, -3.0, at(14))
    assert today.pop_pct == {18: 10, 9: 40} and today.am == "clear"
    assert (tomorrow.min_c, tomorrow.am) == (-9.0, "snow")


def test_days_before_today_and_beyond_the_third_are_dropped() -> None:
    days = {TODAY - timedelta(days=1): issued(2, min_c=1.0),
            **{TODAY + timedelta(days=n): issued(2, min_c=float(n)) for n in range(5)}}
    cell = merge_issuance(None, at(2), days, TODAY)
    assert sorted(cell.days) == [TODAY, TOMORROW, date(2025, 12, 3)]


def test_today_s_chance_of_rain_is_of_the_hours_still_ahead() -> None:
    cell = merge_issuance(None, at(2), {TODAY: issued(2, pop_pct={6: 90, 14: 60, 21: 30}),
                                        TOMORROW: issued(2, pop_pct={3: 70, 15: 20})}, TODAY)
    assert day_view(cell, TODAY, at(13, 50)).pop_pct == 60
    assert day_view(cell, TODAY, at(14, 30)).pop_pct == 60  # the hour under way counts
    assert day_view(cell, TODAY, at(15)).pop_pct == 30
    assert day_view(cell, TODAY, at(22)).pop_pct is None
    assert day_view(cell, TOMORROW, at(22)).pop_pct == 70


def with_forecast(held: Snapshot, cell: CellForecast, sample: bool = False,
                  updated_at: datetime | None = None) -> Snapshot:
    state = ForecastState(sample=sample, updated_at=updated_at or cell.issued_at,
                          cells={cell_key(SEOUL.nx, SEOUL.ny): cell})
    return held.model_copy(update={"forecast": state})


CELL = merge_issuance(None, at(8), {
    TODAY: issued(8, max_c=-3.0, pop_pct={9: 70, 12: 20}, am="snow", pm="overcast"),
    TOMORROW: issued(8, min_c=-14.0, max_c=-5.0, pop_pct={9: 30}, am="clear", pm="unseen")},
    TODAY)


def test_the_city_document_in_either_language() -> None:
    held = with_forecast(snapshot(3.0), CELL)
    found = station_forecast(held, SEOUL, "en", at(9, 30), FRESHNESS)
    assert found is not None and found.issued_at == at(8)
    assert found.today.model_dump() == {
        "min_c": None, "max_c": -3.0, "pop_pct": 70, "condition_am": "snow",
        "condition_am_text": "Snow", "condition_pm": "overcast", "condition_pm_text": "Overcast"}
    # A code this version does not know is not forecast, never a failure.
    assert found.tomorrow.model_dump() == {
        "min_c": -14.0, "max_c": -5.0, "pop_pct": 30, "condition_am": "clear",
        "condition_am_text": "Clear", "condition_pm": None, "condition_pm_text": None}
    city = weather_document(held, [SEOUL], "ko", at(9, 30), FRESHNESS).cities[0]
    assert document_bytes(city).endswith(
        b'"forecast":{"issued_at":"2025-12-01T08:00:00+09:00","today":{"min_c":null,'
        b'"max_c":-3.0,"pop_pct":70,"condition_am":"snow","condition_am_text":"\xeb\x88\x88",'
        b'"condition_pm":"overcast","condition_pm_text":"\xed\x9d\x90\xeb\xa6\xbc"},'
        b'"tomorrow":{"min_c":-14.0,"max_c":-5.0,"pop_pct":30,"condition_am":"clear",'
        b'"condition_am_text":"\xeb\xa7\x91\xec\x9d\x8c","condition_pm":null,'
        b'"condition_pm_text":null}}}')


@pytest.mark.parametrize("case", ["never fetched", "too old", "other kind of data",
                                  "no cell for the station"])
def test_unknown_is_null(case: str) -> None:
    live = snapshot(5.0)
    held = {
        "never fetched": live,
        "too old": with_forecast(live, CELL),
        "other kind of data": with_forecast(live, CELL, sample=True),
        "no cell for the station": with_forecast(live, CELL).model_copy(update={
            "forecast": ForecastState(sample=False, updated_at=at(8), cells={})}),
    }[case]
    now = at(15, 1) if case == "too old" else at(9, 30)
    assert station_forecast(held, SEOUL, "ko", now, FRESHNESS) is None
    # Just within the limit (7 hours after the 08:00 issuance) it is shown.
    if case == "too old":
        assert station_forecast(held, SEOUL, "ko", at(15), FRESHNESS) is not None


def test_a_recording_is_shown_as_of_its_own_moment() -> None:
    recorded = with_forecast(snapshot(5.0).model_copy(update={"sample": True}), CELL,
                             sample=True, updated_at=at(9))
    found = station_forecast(recorded, SEOUL, "ko", at(23, day=30), FRESHNESS)
    assert found is not None and found.today.pop_pct == 70 and found.tomorrow.min_c == -14.0


def test_a_rendering_expires_at_the_next_hour_or_when_a_cell_turns_too_old() -> None:
    held = with_forecast(snapshot(5.0, updated_at=at(9, 30)), CELL)
    assert FRESHNESS.forecast_change(held, at(9, 30)) == at(10)
    assert FRESHNESS.forecast_change(held, at(14, 30)) == at(15)
    assert FRESHNESS.forecast_change(snapshot(5.0), at(9, 30)) is None


def test_the_held_part_reads_back_and_ignores_what_a_newer_version_adds() -> None:
    held = with_forecast(snapshot(5.0), CELL)
    data = held.model_dump_json().replace('"am":"snow"', '"am":"snow","gusts":3')
    assert read_snapshot(data).forecast == held.forecast
