"""The 24-hour sparkline: where each hour lands, gaps, a lone reading, and what it says aloud."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from support.day_history import NOW, SEOUL, STRIP, day_snapshot

from ticker.core.conditions import Condition
from ticker.core.documents import HourDocument, history_document
from ticker.web.widget.sparkline import HEIGHT, PAD, WIDTH, sparkline


def hours_of(city_id: str, now: datetime = NOW) -> tuple[HourDocument, ...]:
    city = next(c for c in STRIP if c.id == city_id)
    return history_document(day_snapshot(now), city, "ko", now).hours


def points(path: str) -> list[tuple[str, float, float]]:
    return [(command, float(x), float(y))
            for command, x, y in re.findall(r"([ML])([\d.]+) ([\d.]+)", path)]


def hour(at: datetime, value: float | None) -> HourDocument:
    return HourDocument(observed_at=at, temperature_c=value, condition=Condition.CLEAR,
                        condition_text="맑음", feels_like_c=value)


def test_a_full_day_spans_the_box_coldest_lowest() -> None:
    line = sparkline(hours_of("seoul"), "서울", "ko", NOW)
    assert line is not None
    drawn = points(line.path)
    assert [command for command, _, _ in drawn] == ["M"] + ["L"] * 23
    assert [x for _, x, _ in drawn] == list(range(0, WIDTH + 1, 2))
    ys = [y for _, _, y in drawn]
    assert ys[SEOUL.index(max(SEOUL))] == PAD
    assert ys[SEOUL.index(min(SEOUL))] == HEIGHT - PAD
    assert ys[-1] == round(PAD + (max(SEOUL) + 9.0) / (max(SEOUL) - min(SEOUL)) * 11, 1)


def test_the_label_states_every_hour_from_the_first() -> None:
    line = sparkline(hours_of("seoul"), "서울", "ko", NOW)
    assert line is not None
    values = ", ".join(f"{v:.1f}" for v in SEOUL)
    assert line.label == f"서울 최근 24시간 기온(℃), 10시부터 1시간마다: {values}"
    english = sparkline(hours_of("seoul"), "Seoul", "en", NOW)
    assert english is not None
    assert english.label.startswith("Seoul, temperature over 24 hours (℃), hourly from 10:00: "
                                    "-4.1, -4.5")


def test_a_missing_hour_breaks_the_line_and_is_said() -> None:
    line = sparkline(hours_of("busan"), "부산", "ko", NOW)
    assert line is not None
    drawn = points(line.path)
    # 00:00 is slot 14 (x 28) of the day that starts at 10:00 yesterday; 01:00 and 02:00 are
    # missing, so the line starts again at 03:00.
    assert [x for command, x, _ in drawn if command == "M"] == [0, 34]
    xs = [x for _, x, _ in drawn]
    assert 28 in xs and 30 not in xs and 32 not in xs
    assert ", 6.0, —, —, 7.5, " in line.label


def test_a_flat_day_is_a_line_across_the_middle() -> None:
    line = sparkline(hours_of("gangneung"), "강릉", "ko", NOW)
    assert line is not None
    assert {y for _, _, y in points(line.path)} == {HEIGHT / 2}


def test_a_lone_reading_is_a_dot_at_its_hour() -> None:
    at = NOW.replace(minute=0) - timedelta(hours=2)
    line = sparkline([hour(at, 5.2)], "부산", "ko", NOW)
    assert line is not None
    assert line.path == f"M{WIDTH - 4} {HEIGHT / 2:g}h0"
    # The hours since are said to be missing, not left out.
    assert line.label.endswith("07시부터 1시간마다: 5.2, —, —")


def test_a_recording_ends_at_its_own_hour() -> None:
    line = sparkline([hour(datetime(2020, 1, 1, 9, tzinfo=NOW.tzinfo), 3.8)], "서울", "ko")
    assert line is not None
    assert line.path == f"M{WIDTH} {HEIGHT / 2:g}h0"
    assert line.label.endswith("09시부터 1시간마다: 3.8")


def test_no_temperature_in_reach_draws_nothing() -> None:
    assert sparkline((), "제주", "ko", NOW) is None
    assert sparkline([hour(NOW.replace(minute=0), None)], "제주", "ko", NOW) is None
    old = NOW - timedelta(hours=30)
    assert sparkline([hour(old, 1.0)], "제주", "ko", NOW) is None
