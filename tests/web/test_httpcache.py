"""HTTP caching rules: ETag comparison and max-age, including the per-second memo's window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.clock import NOW

from ticker.web.http.httpcache import (
    MAX_AGE_CAP,
    MIN_MAX_AGE,
    etag_matches,
    max_age_changes_at,
    max_age_seconds,
)
from ticker.web.http.prepared import prepare

MID_SECOND = NOW + timedelta(seconds=30.25)  # between two seconds: rounding shows
ETAG = '"v3-0a1b2c3d-0011223344556677"'


@pytest.mark.parametrize(("header", "matches"), [
    (ETAG, True),
    (f"W/{ETAG}", True),
    (f'"other", {ETAG}', True),
    (f"  {ETAG} ", True),
    ("*", True),
    ('"v3-0a1b2c3d-0011223344556678"', False),
    ("", False),
    (None, False),
])
def test_if_none_match(header: str | None, matches: bool) -> None:
    assert etag_matches(header, ETAG) is matches


@given(offset=st.floats(min_value=-1_000, max_value=1_000),
       later=st.lists(st.floats(min_value=0, max_value=2_000), min_size=1, max_size=20))
def test_max_age_is_constant_until_it_may_change(offset: float, later: list[float]) -> None:
    next_refresh = MID_SECOND + timedelta(seconds=offset)
    value = max_age_seconds(MID_SECOND, next_refresh)
    assert MIN_MAX_AGE <= value <= MAX_AGE_CAP
    changes_at = max_age_changes_at(MID_SECOND, next_refresh)
    assert changes_at is None or changes_at >= MID_SECOND
    for step in later:
        moment = MID_SECOND + timedelta(seconds=step)
        if changes_at is None or moment < changes_at:
            assert max_age_seconds(moment, next_refresh) == value


def test_a_prepared_response_recomputes_max_age_as_the_refresh_nears() -> None:
    prepared = prepare(200, "application/json", b"{}", version=1, variant="v",
                       next_refresh=MID_SECOND + timedelta(seconds=100.5))
    assert "max-age=100," in prepared.cache_control(MID_SECOND)
    assert "max-age=100," in prepared.cache_control(MID_SECOND + timedelta(milliseconds=10))
    assert "max-age=99," in prepared.cache_control(MID_SECOND + timedelta(seconds=1))
    assert "max-age=60," in prepared.cache_control(MID_SECOND + timedelta(seconds=40))
    # A clock that goes back is answered for its own moment, not from the memo.
    assert "max-age=100," in prepared.cache_control(MID_SECOND)
    assert f"max-age={MIN_MAX_AGE}," in prepared.cache_control(MID_SECOND + timedelta(hours=1))
