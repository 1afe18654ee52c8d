"""The core's rules of what is in force, applied to the parsed cases recording at its moment.

The recording (tests/fixtures/wrn_now_data_cases.constructed.txt) is the answer at
2026-07-29 12:00 KST (``CASES_MOMENT``): every rule below is judged at that moment unless a test
says otherwise.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from support.warning_payloads import CASES_MOMENT, WRN_CASES, fixture_cp949

from ticker.core.kst import KST
from ticker.core.warnings import (
    HeldWarning,
    WarningLevel,
    WarningStatus,
    WarningType,
    current,
    in_force_in,
    kept_rows,
    level_text,
    next_change,
    title,
)
from ticker.upstream.apihub.warnings import parse_warnings

ROWS = parse_warnings(fixture_cp949(WRN_CASES))


def titles(zone_id: str, rows: tuple[HeldWarning, ...] = ROWS,
           now: datetime = CASES_MOMENT) -> list[str]:
    return [title(warning, "ko") for warning in in_force_in(zone_id, rows, now)]


def upcoming(rows: tuple[HeldWarning, ...] = ROWS, now: datetime = CASES_MOMENT
             ) -> list[tuple[str, str]]:
    return [(warning.zone_id, title(warning, "ko")) for warning, status in current(rows, now)
            if status is WarningStatus.UPCOMING]


def at(hour: int, minute: int = 0) -> datetime:
    return CASES_MOMENT.replace(hour=hour, minute=minute)


def test_station_108s_zone_has_the_advisory_while_the_other_seoul_zones_have_the_warning() -> None:
    # Station 108 is in 서울서북권 (L1100400): a 경보 in another Seoul zone is not its.
    assert titles("L1100400") == ["열대야주의보", "폭염주의보"]
    assert titles("L1100100") == ["폭염경보"]
    assert titles("L1100200") == ["폭염경보", "열대야주의보"]
    assert titles("L1100300") == ["폭염경보"]


def test_for_each_zone_and_kind_only_the_newest_issued_row_counts() -> None:
    # 서울서남권 held a 폭염주의보 (issued 07-24) before the 경보 (07-29 10:00) replaced it.
    history = [row for row in ROWS if row.zone_id == "L1100300" and row.kind == "폭염"]
    assert [row.level for row in history] == ["경보", "주의"]
    assert titles("L1100300") == ["폭염경보"]
    # Before the 경보 took effect at 11:00 the advisory was still the one in force.
    assert titles("L1100300", now=at(10, 30)) == ["폭염주의보"]


def test_an_upgrade_already_effective_replaces_the_advisory() -> None:
    assert titles("L1082800") == ["폭염경보"]  # 울산동부: 대치 at 10:00, effective 11:00


def test_an_upgrade_effective_later_keeps_the_advisory_and_is_upcoming() -> None:
    # 강릉시평지: 대치 issued 11:00, effective 14:00.
    assert titles("L1022510") == ["폭염주의보"]
    assert ("L1022510", "폭염경보") in upcoming()
    assert titles("L1022510", now=at(14)) == ["폭염경보"]
    assert ("L1022510", "폭염경보") not in upcoming(now=at(14))


def test_a_lifted_warning_is_gone_and_one_issued_again_is_in_force() -> None:
    assert titles("L1082700") == []  # 부산서부: 호우주의보 lifted (해제) at 10:00 on 07-28
    assert titles("L1130120") == ["호우주의보"]  # 광주동부: lifted on 07-27, issued again today
    assert all(warning.zone_id != "L1082700" for warning, _ in current(ROWS, CASES_MOMENT))


def test_a_preliminary_warning_is_upcoming_never_in_force() -> None:
    [preliminary] = [row for row in ROWS if row.level == "예비"]
    assert preliminary.effective_at == datetime(2026, 7, 29, 17, 58, tzinfo=KST)
    assert titles("L1072100") == []
    assert titles("L1072100", now=at(18)) == []  # its effective time changes nothing
    assert ("L1072100", "강풍예비특보") in upcoming()
    assert preliminary.level_code is WarningLevel.UNKNOWN


def test_a_marine_zone_is_held_and_in_force_as_any_other() -> None:
    [sea] = [row for row in ROWS if row.marine]
    assert (sea.zone_id, sea.type) == ("S1132110", WarningType.HIGH_SEAS)
    assert titles("S1132110") == ["풍랑주의보"]


def test_unknown_kind_and_level_are_kept_in_kmas_words() -> None:
    [drought] = in_force_in("L1030100", ROWS, CASES_MOMENT)
    assert (drought.type, drought.kind, title(drought, "en")) == (
        WarningType.OTHER, "가뭄", "가뭄 advisory")
    [dust] = in_force_in("L1091320", ROWS, CASES_MOMENT)
    assert (dust.level_code, level_text(dust, "ko"), level_text(dust, "en")) == (
        WarningLevel.UNKNOWN, "관심", "관심")


def test_every_warning_of_the_country_most_severe_first() -> None:
    found = current(ROWS, CASES_MOMENT)
    in_force = [warning for warning, status in found if status is WarningStatus.IN_FORCE]
    assert [status for _, status in found] == sorted(
        (status for _, status in found), key=lambda status: status is WarningStatus.UPCOMING)
    assert title(in_force[0], "ko") == "폭염중대경보"  # 대구중부
    levels = [list(WarningLevel).index(warning.level_code) for warning in in_force]
    assert levels == sorted(levels, reverse=True)
    assert len(in_force) == 16
    assert upcoming() == [("L1022510", "폭염경보"), ("L1072100", "강풍예비특보")]


def test_kept_rows_hold_the_newest_two_per_zone_and_kind_and_judge_alike() -> None:
    kept = kept_rows(ROWS)
    # 광주동부 호우: issued, lifted, issued again; the first no longer matters.
    assert [row.command for row in kept if row.zone_id == "L1130120"] == ["해제", "발표"]
    assert len(kept) == len(ROWS) - 1
    for moment in (at(10, 30), CASES_MOMENT, at(14), at(18)):
        assert current(kept, moment) == current(ROWS, moment)


def test_next_change_is_the_next_effective_time() -> None:
    assert next_change(ROWS, CASES_MOMENT) == at(14)
    assert next_change(ROWS, at(14)) == at(17, 58)
    assert next_change(ROWS, at(18)) is None


def _row(level: str, command: str, issued: str, effective: str) -> HeldWarning:
    stamp = "%m-%d %H:%M"
    return HeldWarning(
        zone_id="L1022510", zone="강릉시평지", kind="폭염", level=level, command=command,
        issued_at=datetime.strptime(issued, stamp).replace(year=2026, tzinfo=KST),
        effective_at=datetime.strptime(effective, stamp).replace(year=2026, tzinfo=KST))


ADVISORY = _row("주의", "발표", "07-27 05:00", "07-27 11:00")
# KMA's command list names 대치해제 ("(자동)" in some clients' tables): the lifting of the
# advisory an upgrade replaces, announced with the upgrade at the same issue time.
REPLACED = _row("주의", "대치해제", "07-29 11:00", "07-29 14:00")
UPGRADE = _row("경보", "대치", "07-29 11:00", "07-29 14:00")


@pytest.mark.parametrize("order", [
    (ADVISORY, UPGRADE, REPLACED), (ADVISORY, REPLACED, UPGRADE),
    (REPLACED, UPGRADE, ADVISORY), (UPGRADE, ADVISORY, REPLACED),
])
def test_an_upgrade_and_the_lifting_it_brings_judge_alike_in_any_row_order(
        order: tuple[HeldWarning, ...]) -> None:
    rows = tuple(order)
    for held in (rows, kept_rows(rows)):
        assert [(title(w, "ko"), s) for w, s in current(held, CASES_MOMENT)] == [
            ("폭염주의보", WarningStatus.IN_FORCE), ("폭염경보", WarningStatus.UPCOMING)]
        assert [(title(w, "ko"), s) for w, s in current(held, at(14))] == [
            ("폭염경보", WarningStatus.IN_FORCE)]


def test_a_lifting_announced_for_later_leaves_the_warning_in_force_until_then() -> None:
    lifting = _row("주의", "해제", "07-29 11:00", "07-29 15:00")
    rows = (ADVISORY, lifting)
    assert titles("L1022510", rows) == ["폭염주의보"]
    assert upcoming(rows) == []
    assert titles("L1022510", rows, at(15)) == []


def test_rows_judged_a_day_later_have_nothing_upcoming() -> None:
    later = CASES_MOMENT + timedelta(days=1)
    assert upcoming(now=later) == [("L1072100", "강풍예비특보")]  # a preliminary stays one
    assert titles("L1022510", now=later) == ["폭염경보"]
