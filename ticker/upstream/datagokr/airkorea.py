"""Thin HTTP client for AirKorea (한국환경공단 에어코리아) on data.go.kr: the hourly values of
every measuring station, and the measuring-station list, a page of 100 rows per call.

The same portal gateway and envelope as the forecast service (``envelope``), so the same key,
errors and judging. A big page is refused now and then with resultCode 05: pages stay at 100
rows and only a refused page is asked again; a set is whole or it is an error, never half a
country.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import requests

from ticker.core.errors import MalformedPayloadError, NetworkError, UpstreamError
from ticker.core.health import Health
from ticker.upstream.datagokr.envelope import (
    ERROR_PREFIX,
    Document,
    judge_datagokr_body,
    normalize_service_key,
)
from ticker.upstream.transport import DEFAULT_MAX_BYTES, Clock, Timeouts, Upstream, utc_now

VALUES_PATH = "/B552584/ArpltnInforInqireSvc/getCtprvnRltmMesureDnsty"
STATIONS_PATH = "/B552584/MsrstnInfoInqireSvc/getMsrstnList"
PAGE_ROWS = 100
# A page refused with 05 is asked again this many times before the whole set fails.
PAGE_RETRIES = 2
# About 650 stations answer today; a count past this is a broken answer, not 100 calls.
MAX_PAGES = 20
LABEL = "AirKorea"

GetPage = Callable[[int], Document]


class PageRefusedError(NetworkError):
    """A page answered resultCode 05 (SERVICETIME_OUT): worth asking again at once."""


def _refused(error: UpstreamError) -> bool:
    # The envelope names the code first: "data.go.kr 05 SERVICETIME_OUT".
    return type(error) is NetworkError and str(error).startswith(f"{ERROR_PREFIX}05 ")


def items(document: Document) -> list[Document]:
    """The rows of a judged AirKorea document (``body.items`` is the list itself; the
    forecast services' ``items.item`` form and an empty ``""`` are read too)."""
    response = document.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    rows = body.get("items") if isinstance(body, dict) else None
    if isinstance(rows, dict):
        rows = rows.get("item")
    if rows in (None, ""):
        return []
    rows = [rows] if isinstance(rows, dict) else rows
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise MalformedPayloadError(f"{LABEL}: items are not a list of objects")
    return rows


def total_count(document: Document) -> int:
    """``body.totalCount``: how many rows the whole set has."""
    response = document.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    total = body.get("totalCount") if isinstance(body, dict) else None
    if isinstance(total, str) and total.strip().isdigit():
        total = int(total)
    if not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise MalformedPayloadError(f"{LABEL}: the answer has no totalCount")
    return total


def page_with_retry(get_page: GetPage, page: int, retries: int = PAGE_RETRIES) -> Document:
    """One page; asked again up to ``retries`` times while it is refused with 05."""
    for attempt in range(retries + 1):
        try:
            return get_page(page)
        except PageRefusedError:
            if attempt == retries:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def whole_set(get_page: GetPage, first: Document | None = None) -> list[Document]:
    """Every row of the set, page by page (``first``: page 1 when already fetched); raises
    when any page fails or the pages fall short of ``totalCount``."""
    first = first if first is not None else page_with_retry(get_page, 1)
    total = total_count(first)
    pages = math.ceil(total / PAGE_ROWS)
    if pages > MAX_PAGES:
        raise MalformedPayloadError(f"{LABEL}: totalCount {total} is over {MAX_PAGES} pages")
    rows = items(first)
    for page in range(2, pages + 1):
        rows += items(page_with_retry(get_page, page))
    if len(rows) < total:
        raise MalformedPayloadError(f"{LABEL}: the pages gave {len(rows)} of {total} rows")
    return rows


class AirKoreaClient:
    """Fetches judged AirKorea pages; one HTTP call per page."""

    def __init__(self, session: requests.Session, base_url: str, key: str,
                 timeouts: Timeouts | None = None,
                 on_call: Callable[[], None] | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, clock: Clock = utc_now,
                 health: Health | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        secrets = (key, normalize_service_key(key))
        self._key = secrets[1]  # requests encodes it once
        self._http = Upstream(session, LABEL, secrets, timeouts, max_bytes, None, on_call,
                              clock, health)

    def values_page(self, page: int) -> Document:
        """Page ``page`` of every measuring station's latest hour (``sidoName=전국``)."""
        return self._get(VALUES_PATH, page, {"sidoName": "전국", "ver": "1.3"})

    def stations_page(self, page: int) -> Document:
        """Page ``page`` of the measuring-station list."""
        return self._get(STATIONS_PATH, page, {})

    def _get(self, path: str, page: int, extra: dict[str, str]) -> Document:
        params = {"serviceKey": self._key, "returnType": "json",
                  "numOfRows": str(PAGE_ROWS), "pageNo": str(page), **extra}
        fetched = self._http.get(self._base_url + path, params)
        text = fetched.body.decode("utf-8", errors="replace")
        try:
            return judge_datagokr_body(fetched.status, text)
        except UpstreamError as exc:
            error = self._http.failure_of(exc, fetched)
            if _refused(exc):
                raise PageRefusedError(str(error)) from None
            raise error from None

