"""Thin HTTP client for the data.go.kr short-term forecast service (VilageFcstInfoService_2.0).

The portal gateway answers key, quota and permission failures itself, in XML or JSON and with
HTTP 200 or 4xx, whatever ``dataType`` asked for; so every body is judged, never the status.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import requests

from ticker.errors import NetworkError, NoDataError, UpstreamError
from ticker.kma.apihub import Timeouts
from ticker.kma.vilage import ERROR_PREFIX, items_of, judge_datagokr_body, normalize_service_key
from ticker.models import KST
from ticker.redact import redact, register_secret

DEFAULT_BASE_URL = "https://apis.data.go.kr"
SERVICE_PATH = "/1360000/VilageFcstInfoService_2.0"
NCST_PATH = SERVICE_PATH + "/getUltraSrtNcst"
FCST_PATH = SERVICE_PATH + "/getUltraSrtFcst"
# Above any page the service sends (Fcst is 60–66 rows), so one call is always the whole answer.
NUM_OF_ROWS = 1000

# Ncst and UltraSrtFcst are issued hourly; an issuance not yet published answers 03 NO_DATA
# and is asked for again one hour earlier, at most this many times.
ISSUANCE = timedelta(hours=1)
MAX_STEP_BACK = 2

Document = dict[str, Any]


def fetch_stepping_back(fetch: Callable[[datetime], Document], base: datetime,
                        max_step_back: int = MAX_STEP_BACK) -> Document:
    """The first document with items, from ``base`` back one issuance at a time."""
    for step in range(max_step_back + 1):
        try:
            document = fetch(base - step * ISSUANCE)
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
                 on_call: Callable[[], None] | None = None) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._secrets = (key, normalize_service_key(key))
        # requests encodes params once, so the Decoding form reaches the server encoded once.
        self._key = self._secrets[1]
        for secret in self._secrets:
            register_secret(secret)
        self._timeouts = timeouts or Timeouts()
        self._on_call = on_call

    def ncst(self, nx: int, ny: int, base: datetime) -> Document:
        """The judged getUltraSrtNcst document for grid cell (nx, ny) at ``base``."""
        return self._get(NCST_PATH, nx, ny, base)

    def fcst(self, nx: int, ny: int, base: datetime) -> Document:
        """The judged getUltraSrtFcst document for grid cell (nx, ny) at ``base``."""
        return self._get(FCST_PATH, nx, ny, base)

    def _get(self, path: str, nx: int, ny: int, base: datetime) -> Document:
        local = base.astimezone(KST)
        params = {
            "serviceKey": self._key,
            "pageNo": "1",
            "numOfRows": str(NUM_OF_ROWS),
            "dataType": "JSON",
            "base_date": local.strftime("%Y%m%d"),
            "base_time": local.strftime("%H%M"),
            "nx": str(nx),
            "ny": str(ny),
        }
        if self._on_call is not None:
            # Counted before sending: a call whose answer is lost may still count upstream.
            self._on_call()
        try:
            response = self._session.get(
                self._base_url + path, params=params,
                timeout=(self._timeouts.connect, self._timeouts.read))
            body = response.content
        except requests.RequestException as exc:
            # requests puts the full URL, key included, into its messages: scrub, and do not
            # chain the original exception, whose text would carry the key into tracebacks.
            detail = redact(str(exc), self._secrets)[:300]
            raise NetworkError(
                f"{ERROR_PREFIX}request failed: {type(exc).__name__}: {detail}") from None
        text = body.decode("utf-8", errors="replace")
        try:
            return judge_datagokr_body(response.status_code, text)
        except UpstreamError as exc:
            raise type(exc)(redact(str(exc), self._secrets)) from None
