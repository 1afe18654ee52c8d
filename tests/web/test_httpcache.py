"""HTTP caching rules: ETag comparison and max-age, including the per-second memo's window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.clock import NOW
from werkzeug.http import parse_date, parse_etags, unquote_etag

from ticker.web.http.httpcache import (
    MAX_AGE_CAP,
    MIN_MAX_AGE,
    etag_matches,
    http_date,
    max_age_changes_at,
    max_age_seconds,
    strong_etag,
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


OUR_ETAGS = st.builds(strong_etag, st.integers(min_value=1, max_value=10**9),
                      st.text(max_size=12), st.binary(max_size=64))
OTHER_TAGS = st.one_of(st.from_regex(r'(W/)?"[!#-~]{0,20}"', fullmatch=True), st.just("*"),
                       st.text(alphabet=' ,"W/*abv0-9', max_size=12))


@given(etag=OUR_ETAGS)
def test_the_fast_equality_is_a_match_by_werkzeugs_parsing_too(etag: str) -> None:
    # The hot path answers an exact echo of our ETag without parsing: werkzeug agrees.
    assert parse_etags(etag).contains_weak(unquote_etag(etag)[0])
    assert etag_matches(etag, etag)


@given(etag=OUR_ETAGS, others=st.lists(OTHER_TAGS, max_size=4), ours=st.sampled_from(
    ["absent", "strong", "weak"]), position=st.integers(min_value=0, max_value=4),
       padding=st.sampled_from(["", " ", "\t"]))
def test_any_if_none_match_is_judged_as_werkzeug_parses_it(
        etag: str, others: list[str], ours: str, position: int, padding: str) -> None:
    tags = list(others)
    if ours != "absent":
        tags.insert(min(position, len(tags)), etag if ours == "strong" else f"W/{etag}")
    header = padding + ", ".join(tags) + padding
    parsed = parse_etags(header.strip()).contains_weak(unquote_etag(etag)[0])
    assert etag_matches(header, etag) is (bool(header) and parsed)
    if ours != "absent":
        assert etag_matches(header, etag)


def test_http_dates_are_formatted_in_gmt_and_read_back() -> None:
    assert http_date(NOW) == "Mon, 01 Dec 2025 00:30:00 GMT"  # 09:30 KST
    assert parse_date(http_date(NOW)) == NOW.replace(microsecond=0)


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
