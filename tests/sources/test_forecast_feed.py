"""The forecast feed against a data.go.kr-compatible fake on 127.0.0.1: which issuances it
asks per grid cell, when it is due, and what it keeps through faults."""

from __future__ import annotations

import logging
from datetime import date, datetime

import pytest
import requests
from support.datagokr_payloads import AUTH_XML_403, QUOTA_XML, recorded_reply
from support.fakekma import FakeKma
from support.forecast_payloads import (
    VilageUpstream,
    high_of,
    low_of,
    malformed_value_reply,
    requested,
)
from support.payloads import CANARY_KEY
from support.stations import CITIES, by_id

from ticker.core.errors import NoDataError, QuotaError, RejectedKeyError
from ticker.core.forecast import ForecastState, cell_key
from ticker.core.kst import KST
from ticker.core.redact import register_secret
from ticker.sources.forecast import ForecastFeed, sample_forecast_feed
from ticker.upstream.datagokr.client import DataGoKrClient
from ticker.upstream.transport import Timeouts

SEOUL, BUSAN = by_id("seoul"), by_id("busan")
# A second station in Seoul's grid cell: two stations in one cell cost one cell's calls.
SEOUL_TWIN = SEOUL.model_copy(update={"id": "seoul-twin", "station": 9999})
TODAY, TOMORROW = date(2025, 12, 1), date(2025, 12, 2)
S, B = cell_key(SEOUL.nx, SEOUL.ny), cell_key(BUSAN.nx, BUSAN.ny)


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 12, 1, hour, minute, tzinfo=KST)


@pytest.fixture(autouse=True)
def _key_masked() -> None:
    register_secret(CANARY_KEY)


def make_feed(fake: FakeKma, upstream: VilageUpstream) -> ForecastFeed:
    fake.route("/1360000/VilageFcstInfoService_2.0/getVilageFcst", upstream)
    client = DataGoKrClient(requests.Session(), fake.url, CANARY_KEY,
                            Timeouts(connect=1.0, read=1.0))
    return ForecastFeed(client.vilage_fcst, available_minute=10)


def test_after_0210_the_0200_issuance_is_asked_once_per_cell(fake_kma: FakeKma) -> None:
    feed = make_feed(fake_kma, VilageUpstream(published=at(2)))
    part = feed.fetch([SEOUL, SEOUL_TWIN, BUSAN], at(2, 15), None)
    assert requested(fake_kma.requests) == [(S, "0200", "1"), (S, "0200", "2"),
                                            (B, "0200", "1"), (B, "0200", "2")]
    assert sorted(part.cells) == sorted([S, B])
    today = part.cells[S].days[TODAY]
    assert (today.min_c, today.max_c) == (low_of(60, 127, TODAY, at(2)),
                                          high_of(60, 127, TODAY, at(2)))
    assert feed.calls_per_run == 4


def test_not_yet_published_steps_back_one_issuance_at_most_twice(fake_kma: FakeKma) -> None:
    feed = make_feed(fake_kma, VilageUpstream(published=at(5)))
    part = feed.fetch([SEOUL], at(11, 15), None)
    assert requested(fake_kma.requests)[:4] == [(S, "1100", "1"), (S, "0800", "1"),
                                                (S, "0500", "1"), (S, "0500", "2")]
    # 05:00 lacks today's low: the 02:00 issuance is asked for it.
    assert requested(fake_kma.requests)[4:] == [(S, "0200", "1"), (S, "0200", "2")]
    assert part.cells[S].issued_at == at(5)
    assert part.cells[S].days[TODAY].min_c == low_of(60, 127, TODAY, at(2))
    fake_kma.requests.clear()
    with pytest.raises(NoDataError):
        make_feed(fake_kma, VilageUpstream(published=at(2))).fetch([SEOUL], at(11, 15), None)
    assert [base for _, base, _ in requested(fake_kma.requests)] == ["1100", "0800", "0500"]


def test_a_service_started_at_1800_asks_0200_for_the_low_and_1400_for_the_high(
        fake_kma: FakeKma) -> None:
    feed = make_feed(fake_kma, VilageUpstream(published=at(17)))
    part = feed.fetch([SEOUL], at(18), None)
    assert [base for _, base, page in requested(fake_kma.requests) if page == "1"] == [
        "1700", "0200", "1400"]
    today, tomorrow = part.cells[S].days[TODAY], part.cells[S].days[TOMORROW]
    assert (today.min_c, today.min_issued_at) == (low_of(60, 127, TODAY, at(2)), at(2))
    assert (today.max_c, today.max_issued_at) == (high_of(60, 127, TODAY, at(14)), at(14))
    assert (tomorrow.min_c, tomorrow.max_c) == (low_of(60, 127, TOMORROW, at(17)),
                                                high_of(60, 127, TOMORROW, at(17)))
    # Due again only once a newer issuance is out; then only that one is asked.
    assert not feed.due(part, at(20, 9))
    assert feed.due(part, at(20, 10))
    fake_kma.requests.clear()
    feed = make_feed(fake_kma, VilageUpstream(published=at(20)))
    later = feed.fetch([SEOUL], at(20, 10), part)
    # From 21:00 to the end of its fourth day: under a thousand rows, one page.
    assert requested(fake_kma.requests) == [(S, "2000", "1")]
    assert later.cells[S].days[TODAY].min_c == today.min_c
    assert later.cells[S].days[TODAY].max_c == today.max_c


def test_a_cell_that_fails_keeps_what_it_held_and_the_others_move_on(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    first = make_feed(fake_kma, VilageUpstream(published=at(2))).fetch([SEOUL, BUSAN],
                                                                       at(2, 15), None)
    upstream = VilageUpstream(published=at(5))
    upstream.faults[(60, 127, at(5), 1)] = malformed_value_reply(60, 127, at(5))
    feed = make_feed(fake_kma, upstream)
    assert feed.due(first, at(5, 10))
    part = feed.fetch([SEOUL, BUSAN], at(5, 10), first)
    assert part.cells[S] == first.cells[S]
    assert part.cells[B].issued_at == at(5)
    assert feed.due(part, at(5, 20))  # the cell left behind is tried again
    said = " ".join(record.getMessage() for record in caplog.records)
    assert "grid 60,127 kept as held (malformed)" in said and CANARY_KEY not in said


@pytest.mark.parametrize(("reply", "error"), [(QUOTA_XML, QuotaError),
                                              (AUTH_XML_403, RejectedKeyError)])
def test_quota_or_a_rejected_key_stops_the_calls_at_once(
        fake_kma: FakeKma, reply: str, error: type[Exception]) -> None:
    upstream = VilageUpstream(published=at(5))
    upstream.faults[(60, 127, at(5), 1)] = recorded_reply(reply, 403 if "403" in reply else 200)
    feed = make_feed(fake_kma, upstream)
    with pytest.raises(error):
        feed.fetch([SEOUL, BUSAN], at(5, 10), None)
    assert requested(fake_kma.requests) == [(S, "0500", "1")]


def test_the_recording_holds_every_cell_of_the_default_strip_as_of_its_moment() -> None:
    feed = sample_forecast_feed()
    part = feed.fetch(CITIES, datetime(2026, 3, 3, 12, tzinfo=KST), None)
    assert isinstance(part, ForecastState) and part.sample
    assert part.updated_at == at(9)
    assert sorted(part.cells) == sorted({cell_key(s.nx, s.ny) for s in CITIES})
    assert all(cell.days[TODAY].min_c is not None and cell.days[TOMORROW].max_c is not None
               for cell in part.cells.values())
    assert not feed.due(part, datetime(2026, 3, 3, 12, tzinfo=KST))


def test_no_log_line_names_the_key(fake_kma: FakeKma,
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    upstream = VilageUpstream(published=at(5))
    upstream.faults[(60, 127, at(5), 1)] = recorded_reply(AUTH_XML_403, 403)
    with pytest.raises(RejectedKeyError) as raised:
        make_feed(fake_kma, upstream).fetch([SEOUL], at(5, 10), None)
    assert CANARY_KEY not in str(raised.value)
    assert all(CANARY_KEY not in record.getMessage() for record in caplog.records)
