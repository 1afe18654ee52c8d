"""getVilageFcst: the client's pages against a fake upstream on 127.0.0.1, and the pure parser
on recorded payloads (docs/kma.md, "Short-term forecast (getVilageFcst)")."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

import pytest
import requests
from support.datagokr_payloads import (
    QUOTA_XML,
    fixture_json,
    json_reply,
    recorded_reply,
)
from support.fakekma import FakeKma
from support.forecast_payloads import VilageUpstream, base_of, page_document, pop_of
from support.payloads import CANARY_KEY

from ticker.core.errors import MalformedPayloadError, NoDataError, QuotaError
from ticker.core.kst import KST
from ticker.upstream.datagokr.client import VILAGE_FCST_PATH, DataGoKrClient
from ticker.upstream.datagokr.envelope import Document, items_of
from ticker.upstream.datagokr.forecast import fetch_pages, parse_vilage_fcst
from ticker.upstream.transport import Timeouts

PAGE1 = "getVilageFcst_60_127_20251201_0500_page1of2.constructed.json"
PAGE2 = "getVilageFcst_60_127_20251201_0500_page2of2.constructed.json"
EVENING = "getVilageFcst_20260708_1700_no_today_tmn_tmx.per-source.json"
BASE = datetime(2025, 12, 1, 5, tzinfo=KST)
DEC1, DEC2 = date(2025, 12, 1), date(2025, 12, 2)


def recorded_rows() -> list[Document]:
    pages = {1: fixture_json(PAGE1), 2: fixture_json(PAGE2)}
    return fetch_pages(lambda page: pages[page])


def client(fake: FakeKma) -> DataGoKrClient:
    return DataGoKrClient(requests.Session(), fake.url, CANARY_KEY,
                          Timeouts(connect=1.0, read=1.0))


def test_the_client_asks_each_page_of_one_issuance_for_one_cell(fake_kma: FakeKma) -> None:
    fake_kma.route(VILAGE_FCST_PATH, VilageUpstream(published=BASE))
    rows = fetch_pages(lambda page: client(fake_kma).vilage_fcst(60, 127, BASE, page))
    assert rows == recorded_rows()
    seen = fake_kma.seen(VILAGE_FCST_PATH)
    assert [(r.query["pageNo"], r.query["numOfRows"]) for r in seen] == [("1", "1000"),
                                                                          ("2", "1000")]
    assert {(r.query["base_date"], r.query["base_time"], r.query["nx"], r.query["ny"],
             r.query["dataType"]) for r in seen} == {("20251201", "0500", "60", "127", "JSON")}
    assert base_of(seen[0]) == BASE


def test_the_pages_hold_every_row_of_the_total_count() -> None:
    first = fixture_json(PAGE1)
    assert first["response"]["body"]["totalCount"] == len(recorded_rows()) == 1087
    assert len(items_of(first)) == 1000


def test_a_day_s_values_by_category_and_forecast_date() -> None:
    issued_at, days = parse_vilage_fcst(recorded_rows())
    assert issued_at == BASE
    # The 05:00 issuance lacks today's low (only the 02:00 one carries it) but has its high.
    today, tomorrow = days[DEC1], days[DEC2]
    assert (today.min_c, today.max_c) == (None, -0.3)
    assert today.max_issued_at == BASE and today.min_issued_at is None
    assert (tomorrow.min_c, tomorrow.max_c) == (-11.8, -1.3)
    assert sorted(today.pop_pct) == list(range(6, 24)) and len(tomorrow.pop_pct) == 24
    assert tomorrow.pop_pct[9] == pop_of(60, 127, datetime(2025, 12, 2, 9, tzinfo=KST)) == 100
    # 09:00 and 15:00: a PTY other than 0 wins over SKY (PTY 0, SKY 4 -> overcast).
    assert (today.am, today.pm) == ("overcast", "rain")
    assert (tomorrow.am, tomorrow.pm) == ("rain", "sleet")


@pytest.mark.parametrize(("pty", "sky", "condition"), [
    ("4", "1", "shower"), ("3", "1", "snow"), ("2", "4", "sleet"), ("0", "1", "clear"),
    ("0", "3", "mostly_cloudy"), ("0", "4", "overcast"), ("5", "1", None), ("0", "2", None)])
def test_the_condition_table_of_the_short_term_forecast(pty: str, sky: str,
                                                        condition: str | None) -> None:
    rows = copy.deepcopy(recorded_rows())
    for row in rows:
        if row["fcstDate"] == "20251202" and row["fcstTime"] == "0900":
            row["fcstValue"] = {"PTY": pty, "SKY": sky}.get(str(row["category"]),
                                                             row["fcstValue"])
    assert parse_vilage_fcst(rows)[1][DEC2].am == condition


def test_an_evening_issuance_has_no_today_and_never_gives_today_tomorrow_s_values() -> None:
    issued_at, days = parse_vilage_fcst(items_of(fixture_json(EVENING)))
    assert issued_at == datetime(2026, 7, 8, 17, tzinfo=KST)
    today = days.get(date(2026, 7, 8))
    assert today is None or (today.min_c, today.max_c) == (None, None)
    tomorrow = days[date(2026, 7, 9)]
    # Whole-number strings are read as well as decimal ones ("17", "-12.0").
    assert (tomorrow.min_c, tomorrow.max_c) == (17.0, 27.0)


def test_a_missing_category_leaves_its_value_unknown() -> None:
    rows = [row for row in recorded_rows() if row["category"] not in ("TMX", "SKY")]
    _, days = parse_vilage_fcst(rows)
    assert days[DEC2].max_c is None
    # Without SKY a dry hour's condition is unknown; a wet one's still comes from PTY.
    assert (days[DEC1].am, days[DEC1].pm) == (None, "rain")


@pytest.mark.parametrize(("category", "raw"), [
    ("TMN", "-12.0도"), ("TMX", ""), ("POP", "7.5"), ("POP", "130"), ("PTY", "x"),
    ("SKY", None)])
def test_a_value_that_is_not_a_number_fails_the_issuance(category: str, raw: object) -> None:
    rows = copy.deepcopy(recorded_rows())
    row = next(r for r in rows if r["category"] == category
               and (category not in ("PTY", "SKY") or str(r["fcstTime"]) == "0900"))
    row["fcstValue"] = raw
    with pytest.raises(MalformedPayloadError, match=category):
        parse_vilage_fcst(rows)


def test_mixed_base_times_are_malformed() -> None:
    rows = copy.deepcopy(recorded_rows())
    rows[-1]["baseTime"] = "0800"
    with pytest.raises(MalformedPayloadError, match="mixes base times"):
        parse_vilage_fcst(rows)


def test_values_the_ticker_does_not_read_cost_nothing() -> None:
    rows = copy.deepcopy(recorded_rows())
    for row in rows:
        if row["category"] in ("PCP", "SNO", "TMP"):
            row["fcstValue"] = "1mm 미만"
    assert parse_vilage_fcst(rows) == parse_vilage_fcst(recorded_rows())


def test_an_empty_answer_is_no_data() -> None:
    with pytest.raises(NoDataError):
        fetch_pages(lambda page: page_document([], 1))


def test_a_later_page_that_fails_fails_the_issuance(fake_kma: FakeKma) -> None:
    upstream = VilageUpstream(published=BASE)
    upstream.faults[(60, 127, BASE, 2)] = recorded_reply(QUOTA_XML)
    fake_kma.route(VILAGE_FCST_PATH, upstream)
    with pytest.raises(QuotaError):
        fetch_pages(lambda page: client(fake_kma).vilage_fcst(60, 127, BASE, page))


def test_an_empty_later_page_or_too_many_pages_is_malformed() -> None:
    first: dict[str, Any] = fixture_json(PAGE1)
    with pytest.raises(MalformedPayloadError, match="page 2 of 2 is empty"):
        fetch_pages(lambda page: first if page == 1 else page_document([], 2))
    first["response"]["body"]["totalCount"] = 9000
    with pytest.raises(MalformedPayloadError, match="9 pages"):
        fetch_pages(lambda page: first)
    first["response"]["body"]["totalCount"] = "many"
    with pytest.raises(MalformedPayloadError, match="totalCount"):
        fetch_pages(lambda page: first)


def test_an_unpublished_issuance_is_no_data(fake_kma: FakeKma) -> None:
    fake_kma.route(VILAGE_FCST_PATH, VilageUpstream(published=BASE))
    later = BASE.replace(hour=8)
    with pytest.raises(NoDataError):
        client(fake_kma).vilage_fcst(60, 127, later)
    fake_kma.route(VILAGE_FCST_PATH, json_reply(page_document([], 1)))
    with pytest.raises(NoDataError):
        fetch_pages(lambda page: client(fake_kma).vilage_fcst(60, 127, BASE, page))
