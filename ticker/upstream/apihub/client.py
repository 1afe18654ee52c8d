"""Thin HTTP client for the KMA API Hub text interfaces: ``kma_sfctm2`` and the warnings.

The API Hub reports errors as a JSON body ``{"result": {"status": …, "message": …}}`` with
HTTP 401/403 — and sometimes with HTTP 200 — so the body is judged before the status.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime

import requests

from ticker.core.errors import MalformedPayloadError, NetworkError, RejectedKeyError, UpstreamError
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.upstream.apihub.warnings import WRN_NOW_PATH, WRN_ZONES_PATH
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.transport import DEFAULT_MAX_BYTES, Clock, Timeouts, Upstream, utc_now

SFCTM2_PATH = "/api/typ01/url/kma_sfctm2.php"
# The text interface is EUC-KR/CP949 (the help=1 legend is Korean); never let requests guess.
BODY_ENCODING = "cp949"
# Its JSON error envelope is UTF-8, as JSON is (RFC 8259): read as CP949 its Korean message
# came out garbled ("API Hub error 401: �쑀�슚…").
JSON_ENCODING = "utf-8"


def decode_body(body: bytes) -> str:
    """The body as text: a JSON error envelope as UTF-8, the data text as CP949."""
    encoding = JSON_ENCODING if body.lstrip().startswith(b"{") else BODY_ENCODING
    return body.decode(encoding, errors="replace")


def _error_from_status(status: object, message: str) -> UpstreamError:
    code = status if isinstance(status, int) else int(str(status)) if str(status).isdigit() else 0
    text = f"API Hub error {code}: {message}".strip()
    if code in (401, 403):
        return RejectedKeyError(text)
    if code == 429 or code >= 500:
        return NetworkError(text)
    return MalformedPayloadError(text)


def judge_apihub_response(status: int, text: str) -> str:
    """Return the body when it is a data body; raise the matching UpstreamError otherwise."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            raise MalformedPayloadError(
                f"API Hub answered HTTP {status} with a broken JSON body") from None
        result = data.get("result") if isinstance(data, dict) else None
        if isinstance(result, dict) and "status" in result:
            raise _error_from_status(result["status"], str(result.get("message", ""))[:200])
        raise MalformedPayloadError(f"API Hub answered HTTP {status} with an unknown JSON body")
    if status in (401, 403):
        raise RejectedKeyError(f"API Hub answered HTTP {status}")
    if status == 429 or status >= 500:
        raise NetworkError(f"API Hub answered HTTP {status}")
    if status != 200:
        raise MalformedPayloadError(f"API Hub answered HTTP {status}")
    return text


class ApiHubClient:
    """Fetches API Hub text bodies; owns decoding and error translation over a bounded
    transport, the same for every interface."""

    def __init__(self, session: requests.Session, base_url: str, key: str,
                 timeouts: Timeouts | None = None,
                 on_call: Callable[[], None] | None = None, *,
                 max_bytes: int = DEFAULT_MAX_BYTES, budget: RefreshBudget | None = None,
                 clock: Clock = utc_now, health: Health | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._key = key
        self._http = Upstream(session, "API Hub", [key], timeouts, max_bytes, budget, on_call,
                              clock, health)

    def sfctm2(self, stations: Sequence[int], hour: datetime) -> str:
        """Return the sfctm2 text for ``stations`` at the KST hour ``hour``."""
        return self._text(SFCTM2_PATH, {
            "tm": hour.astimezone(KST).strftime("%Y%m%d%H00"),
            "stn": ":".join(str(station) for station in stations),
            "help": "0",
        })

    def warnings_text(self) -> str:
        """Return the ``wrn_now_data`` text: every warning row of the whole country, now."""
        # fe=f: rows by issue time; an empty tm asks for now.
        return self._text(WRN_NOW_PATH, {"fe": "f", "tm": "", "disp": "0", "help": "0"})

    def zone_table_text(self) -> str:
        """Return the ``wrn_reg_aws2`` text: each observing station's warning zone."""
        return self._text(WRN_ZONES_PATH, {"tm": "", "disp": "0", "help": "0"})

    def _text(self, path: str, params: dict[str, str]) -> str:
        fetched = self._http.get(self._base_url + path, {**params, "authKey": self._key})
        text = decode_body(fetched.body)
        try:
            return judge_apihub_response(fetched.status, text)
        except UpstreamError as exc:
            raise self._http.failure_of(exc, fetched) from None
