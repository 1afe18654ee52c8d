"""Thin HTTP client for the data.go.kr short-term forecast service (VilageFcstInfoService_2.0).

The portal gateway answers key, quota and permission failures itself, in XML or JSON and with
HTTP 200 or 4xx, whatever ``dataType`` asked for; so every body is judged, never the status.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import requests

from ticker.core.errors import NoDataError, UpstreamError
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.datagokr.envelope import (
    ERROR_PREFIX,
    Document,
    items_of,
    judge_datagokr_body,
    normalize_service_key,
)
from ticker.upstream.transport import DEFAULT_MAX_BYTES, Clock, Timeouts, Upstream, utc_now

SERVICE_PATH = "/1360000/VilageFcstInfoService_2.0"
NCST_PATH = SERVICE_PATH + "/getUltraSrtNcst"
FCST_PATH = SERVICE_PATH + "/getUltraSrtFcst"
VILAGE_FCST_PATH = SERVICE_PATH + "/getVilageFcst"
# Above any page the service sends (Fcst is 60–66 rows), so one call is always the whole answer.
NUM_OF_ROWS = 1000

# Ncst and UltraSrtFcst are issued hourly; an issuance not yet published answers 03 NO_DATA
# and is asked for again one hour earlier, at most this many times.
ISSUANCE = timedelta(hours=1)
MAX_STEP_BACK = 2


def fetch_stepping_back(fetch: Callable[[datetime], Document], base: datetime,
                        max_step_back: int = MAX_STEP_BACK,
                        issuance: timedelta = ISSUANCE) -> Document:
    """The first document with items, from ``base`` back one issuance at a time."""
    for step in range(max_step_back + 1):
        try:
            document = fetch(base - step * issuance)
        except NoDataError:
            continue
        # A 00 answer without items is as unpublished as 03 is.
        if items_of(document):
            return document
    raise NoDataError(f"{ERROR_PREFIX}has no data for base {base:%Y-%m-%d %H:%M} "
                      f"nor the {max_step_back} issuances before it")


class DataGoKrClient:
    """Fetches judged getUltraSrtNcst / getUltraSrtFcst documents; one HTTP call per method."""

    def __init__(self, session: requests.Session, base_url: str, key: str,
                 timeouts: Timeouts | None = None,
                 on_call: Callable[[], None] | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, budget: RefreshBudget | None = None,
                 clock: Clock = utc_now, health: Health | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        secrets = (key, normalize_service_key(key))
        # requests encodes params once, so the Decoding form reaches the server encoded once.
        self._key = secrets[1]
        self._http = Upstream(session, ERROR_PREFIX.strip(), secrets, timeouts, max_bytes,
                              budget, on_call, clock, health)

    def ncst(self, nx: int, ny: int, base: datetime) -> Document:
        """The judged getUltraSrtNcst document for grid cell (nx, ny) at ``base``."""
        return self._get(NCST_PATH, nx, ny, base)

    def fcst(self, nx: int, ny: int, base: datetime) -> Document:
        """The judged getUltraSrtFcst document for grid cell (nx, ny) at ``base``."""
        return self._get(FCST_PATH, nx, ny, base)

    def vilage_fcst(self, nx: int, ny: int, base: datetime, page: int = 1) -> Document:
        """One judged page of getVilageFcst for grid cell (nx, ny) issued at ``base``."""
        return self._get(VILAGE_FCST_PATH, nx, ny, base, page)

    def _get(self, path: str, nx: int, ny: int, base: datetime, page: int = 1) -> Document:
        local = base.astimezone(KST)
        params = {
            "serviceKey": self._key,
            "pageNo": str(page),
            "numOfRows": str(NUM_OF_ROWS),
            "dataType": "JSON",
            "base_date": local.strftime("%Y%m%d"),
            "base_time": local.strftime("%H%M"),
            "nx": str(nx),
            "ny": str(ny),
        }
        fetched = self._http.get(self._base_url + path, params)
        text = fetched.body.decode("utf-8", errors="replace")
        try:
            return judge_datagokr_body(fetched.status, text)
        except UpstreamError as exc:
            raise self._http.failure_of(exc, fetched) from None
