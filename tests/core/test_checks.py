"""The comparisons that decide whether a refresh stores anything, and the check record."""

from __future__ import annotations

from datetime import timedelta

from support.clock import NOW
from support.snapshots import snapshot
from support.warning_snapshots import SEOUL_NW, warning, with_warnings

from ticker.core.checks import NO_CHECKS, OBSERVATIONS, Checks
from ticker.core.freshness import Freshness, checked_at
from ticker.core.observations import read_snapshot


def test_the_same_values_stored_at_other_times_are_served_alike() -> None:
    held = snapshot(3.8)
    later = held.model_copy(update={"updated_at": NOW + timedelta(minutes=10),
                                    "next_refresh_at": NOW + timedelta(minutes=20)})
    assert held.served_like(later) and later.served_like(held)


def test_any_served_value_differs() -> None:
    held = snapshot(3.8)
    assert not held.served_like(snapshot(3.9))
    moved = held.observations[0].model_copy(update={"observed_at": NOW - timedelta(hours=1)})
    assert not held.served_like(held.model_copy(
        update={"observations": (moved, *held.observations[1:])}))
    assert not held.served_like(with_warnings(held, [warning(SEOUL_NW, "한파", "주의")]))
    assert not held.served_like(held.model_copy(update={"source": "vilage"}))


def test_a_check_never_goes_back_and_drops_microseconds() -> None:
    checks = NO_CHECKS.with_check("warnings", NOW + timedelta(microseconds=5))
    assert checks.of("warnings") == NOW and checks.of(OBSERVATIONS) is None
    assert checks.with_check("warnings", NOW - timedelta(minutes=1)) is checks
    assert checks.with_check("warnings", NOW).at == {"warnings": NOW}


def test_the_check_times_are_never_written_in_the_snapshot() -> None:
    checked = snapshot(3.8).model_copy(update={"checks": Checks(at={OBSERVATIONS: NOW})})
    assert "checks" not in checked.model_dump_json()
    assert read_snapshot(checked.model_dump_json()) == snapshot(3.8)


def test_readiness_and_withholding_follow_the_later_of_store_and_check() -> None:
    freshness = Freshness()
    stored = with_warnings(snapshot(3.8), [warning(SEOUL_NW, "한파", "주의")], updated_at=NOW)
    much_later = NOW + timedelta(minutes=100)
    assert not freshness.is_current(stored, much_later)
    assert freshness.warnings_of(stored, much_later) is None
    checks = Checks(at={OBSERVATIONS: NOW + timedelta(minutes=95),
                        "warnings": NOW + timedelta(minutes=95)})
    confirmed = stored.model_copy(update={"checks": checks})
    assert checked_at(confirmed) == NOW + timedelta(minutes=95)
    assert freshness.is_current(confirmed, much_later)
    assert freshness.warnings_of(confirmed, much_later) is not None
    # The check is what the next change is counted from: 30 minutes after it, unknown.
    assert freshness.warnings_change(confirmed, much_later) == (
        NOW + timedelta(minutes=125) + timedelta.resolution)
    # A check older than the store changes nothing.
    old = stored.model_copy(update={"checks": Checks(at={"warnings": NOW - timedelta(days=1)})})
    assert freshness.warnings_of(old, NOW + timedelta(minutes=29)) is not None
    assert freshness.warnings_of(old, NOW + timedelta(minutes=31)) is None
