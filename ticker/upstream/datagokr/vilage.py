"""Pure parts of the data.go.kr short-term forecast service (VilageFcstInfoService_2.0).

Base times, the judgement of a body (gateway or service envelope, XML or JSON), the items of a
document, the two values the ticker reads (Ncst T1H/PTY, Fcst SKY) and the condition table.
No HTTP and no clock: ``now`` is always an argument (NOTES.md §2a, §5.6).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from pydantic import BaseModel, ConfigDict

from ticker.core.cities import City
from ticker.core.conditions import Condition
from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.kst import KST
from ticker.core.observations import Observation

SOURCE = "vilage"
ERROR_PREFIX = "data.go.kr "

_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_STAMP = re.compile(r"\d{12}")
# The service writes ±900 or more (-999, -998.9) for cells it masks, e.g. open sea.
MISSING_AT_OR_ABOVE = 900.0

# resultCode / returnReasonCode -> (name, what we do). Service codes 00–99 and the portal
# gateway's 20–33 share one number space (NOTES.md §2a).
RESULT_CODES: dict[str, tuple[str, type[UpstreamError]]] = {
    "01": ("APPLICATION_ERROR", NetworkError),
    "02": ("DB_ERROR", NetworkError),
    "03": ("NO_DATA", NoDataError),  # base_time not published yet: step back an issuance
    "04": ("HTTP_ERROR", NetworkError),
    "05": ("SERVICETIME_OUT", NetworkError),
    # Also "최근 1일 간의 자료만 제공합니다." (base too old): our request is wrong, no retry.
    "10": ("INVALID_REQUEST_PARAMETER_ERROR", MalformedPayloadError),
    "11": ("NO_MANDATORY_REQUEST_PARAMETERS_ERROR", MalformedPayloadError),
    "12": ("NO_OPENAPI_SERVICE_ERROR", RejectedKeyError),  # service withdrawn: no retry
    "20": ("SERVICE_ACCESS_DENIED_ERROR", RejectedKeyError),  # not applied for, or key null
    "21": ("TEMPORARILY_DISABLE_THE_SERVICEKEY_ERROR", RejectedKeyError),
    "22": ("LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR", QuotaError),  # until 00:00 KST
    "23": ("LIMITED_NUMBER_OF_SERVICE_REQUESTS_PER_SECOND_EXCEEDS_ERROR", NetworkError),
    "29": ("BLACKLIST_IP_ACCESS_ERROR", RejectedKeyError),
    # Also a double-encoded key, or a new key not yet synced (1–2 hours).
    "30": ("SERVICE_KEY_IS_NOT_REGISTERED_ERROR", RejectedKeyError),
    "31": ("DEADLINE_HAS_EXPIRED_ERROR", RejectedKeyError),
    "32": ("UNREGISTERED_IP_ERROR", RejectedKeyError),
    "33": ("UNSIGNED_CALL_ERROR", RejectedKeyError),
    "99": ("UNKNOWN_ERROR", NetworkError),  # sometimes "too old" as well; retry is harmless
}


def normalize_service_key(key: str) -> str:
    """The portal's Decoding form of a key, whichever form was configured."""
    key = key.strip()
    # unquote, not unquote_plus: a Decoding key's '+' is part of the key, not a space.
    return unquote(key) if _PERCENT_ESCAPE.search(key) else key


def ncst_base(now: datetime, available_minute: int = 40) -> datetime:
    """The newest getUltraSrtNcst base (HH00) published at ``now``, in KST."""
    if not 0 <= available_minute <= 59:
        raise ValueError("available_minute must be 0–59")
    local = now.astimezone(KST)
    base = local.replace(minute=0, second=0, microsecond=0)
    return base if local.minute >= available_minute else base - timedelta(hours=1)


def fcst_base(now: datetime, available_minute: int = 45) -> datetime:
    """The newest getUltraSrtFcst base (HH30) published at ``now``, in KST."""
    if not 30 <= available_minute <= 59:
        raise ValueError("available_minute must be 30–59 (the base is HH30)")
    local = now.astimezone(KST)
    base = local.replace(minute=30, second=0, microsecond=0)
    return base if local.minute >= available_minute else base - timedelta(hours=1)


def _error(code: str, detail: str = "") -> UpstreamError:
    name, kind = RESULT_CODES.get(code, ("unknown result code", MalformedPayloadError))
    message = f"{ERROR_PREFIX}{code[:8]} {name}"
    detail = " ".join(detail.split())[:80]
    if detail and detail != name:
        message += f": {detail}"
    return kind(message)


def _code(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    code = str(value).strip()
    return code.zfill(2) if code.isascii() and code.isdigit() else code or None


def _xml_code(root: Element) -> tuple[str | None, str]:
    if root.tag == "OpenAPI_ServiceResponse":
        return (_code(root.findtext("cmmMsgHeader/returnReasonCode")),
                root.findtext("cmmMsgHeader/returnAuthMsg") or "")
    if root.tag == "response":
        return _code(root.findtext("header/resultCode")), root.findtext("header/resultMsg") or ""
    return None, ""


def _json_code(document: object) -> tuple[str | None, str]:
    if not isinstance(document, dict):
        return None, ""
    gateway = document.get("OpenAPI_ServiceResponse")
    if isinstance(gateway, dict) and isinstance(gateway.get("cmmMsgHeader"), dict):
        header = gateway["cmmMsgHeader"]
        return _code(header.get("returnReasonCode")), str(header.get("returnAuthMsg", ""))
    response = document.get("response")
    if isinstance(response, dict) and isinstance(response.get("header"), dict):
        header = response["header"]
        return _code(header.get("resultCode")), str(header.get("resultMsg", ""))
    return None, ""


def _no_envelope(status: int, what: str) -> UpstreamError:
    if status == 429 or status >= 500:
        return NetworkError(f"{ERROR_PREFIX}answered HTTP {status}")
    return MalformedPayloadError(f"{ERROR_PREFIX}answered HTTP {status} with {what}")


def judge_datagokr_body(status: int, text: str) -> dict[str, Any]:
    """The JSON document of a resultCode 00 body; raise the matching UpstreamError otherwise."""
    # Gateway errors ignore dataType and the HTTP status varies, so only the body decides.
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        try:
            code, detail = _xml_code(fromstring(stripped))
        except (ParseError, DefusedXmlException, ValueError):
            raise _no_envelope(status, "a broken XML body") from None
        if code is None:
            raise _no_envelope(status, "XML without a result code")
        if code == "00":
            raise MalformedPayloadError(f"{ERROR_PREFIX}answered XML although JSON was asked")
        raise _error(code, detail)
    try:
        document = json.loads(stripped)
    except (ValueError, RecursionError):
        raise _no_envelope(status, "a body that is neither JSON nor XML") from None
    code, detail = _json_code(document)
    if code is None:
        raise _no_envelope(status, "JSON without a result code")
    if code != "00":
        raise _error(code, detail)
    return document


def items_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of a judged document; an empty list when it has none."""
    response = document.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    if body is None:
        return []
    if not isinstance(body, dict):
        raise MalformedPayloadError(f"{ERROR_PREFIX}body is not an object")
    # An empty result is sometimes "items": "" rather than an empty list.
    items = body.get("items")
    if items in (None, ""):
        return []
    if not isinstance(items, dict):
        raise MalformedPayloadError(f"{ERROR_PREFIX}items is not an object")
    item = items.get("item")
    if item in (None, ""):
        return []
    rows = [item] if isinstance(item, dict) else item  # one item can come unwrapped
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise MalformedPayloadError(f"{ERROR_PREFIX}items are not a list of objects")
    return rows


def _value(category: str, raw: object) -> float | None:
    text = str(raw).strip() if isinstance(raw, str | int | float) else ""
    if isinstance(raw, bool) or not _NUMBER.fullmatch(text):
        raise MalformedPayloadError(f"{ERROR_PREFIX}{category} is not a number: {text[:20]!r}")
    value = float(text)
    return None if abs(value) >= MISSING_AT_OR_ABOVE else value


def _code_value(category: str, raw: object) -> int | None:
    value = _value(category, raw)
    if value is not None and value != int(value):
        raise MalformedPayloadError(f"{ERROR_PREFIX}{category} is not a code: {raw!r:.20}")
    return None if value is None else int(value)


def _moment(row: dict[str, Any], date_key: str, time_key: str) -> datetime:
    stamp = f"{row.get(date_key)}{row.get(time_key)}"
    try:
        if not _STAMP.fullmatch(stamp):
            raise ValueError(stamp)
        return datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=KST)
    except ValueError:
        raise MalformedPayloadError(
            f"{ERROR_PREFIX}{date_key}/{time_key} is not a time: {stamp[:20]!r}") from None


class NcstValues(BaseModel):
    """What the ticker reads from one getUltraSrtNcst answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    t1h: float | None
    pty: int | None
    base: datetime


def parse_ncst(document: dict[str, Any]) -> NcstValues:
    """T1H and PTY of a judged getUltraSrtNcst document, by category."""
    rows = items_of(document)
    if not rows:
        raise NoDataError(f"{ERROR_PREFIX}getUltraSrtNcst answered without items")
    bases = {_moment(row, "baseDate", "baseTime") for row in rows}
    if len(bases) != 1:
        raise MalformedPayloadError(f"{ERROR_PREFIX}getUltraSrtNcst mixes base times")
    by_category = {row.get("category"): row.get("obsrValue") for row in rows
                   if row.get("category") in ("T1H", "PTY")}
    return NcstValues(
        t1h=_value("T1H", by_category["T1H"]) if "T1H" in by_category else None,
        pty=_code_value("PTY", by_category["PTY"]) if "PTY" in by_category else None,
        base=bases.pop())


def sky_for(document: dict[str, Any], now: datetime,
            max_gap: timedelta = timedelta(hours=3)) -> int | None:
    """SKY of the forecast hour nearest ``now``; None when there is none within ``max_gap``."""
    hours = [(_moment(row, "fcstDate", "fcstTime"), row.get("fcstValue"))
             for row in items_of(document) if row.get("category") == "SKY"]
    if not hours:
        return None
    # Ties go to the earlier hour: it is already under way.
    moment, raw = min(hours, key=lambda hour: (abs(hour[0] - now), hour[0]))
    if abs(moment - now) > max_gap:
        return None
    return _code_value("SKY", raw)


# The one condition table for this source: (category, code) -> condition. PTY (Ncst) is read
# first; a None there means "no precipitation, let SKY (Fcst) decide". Anything not listed,
# a missing PTY included, is unknown: never a guess.
CONDITIONS: dict[tuple[str, int], Condition | None] = {
    ("PTY", 0): None,                   # 없음: the sky decides
    ("PTY", 1): Condition.RAIN,         # 비
    ("PTY", 2): Condition.SLEET,        # 비/눈: shown as 진눈깨비
    ("PTY", 3): Condition.SNOW,         # 눈
    ("PTY", 5): Condition.DRIZZLE,      # 빗방울: light rain, shown as 이슬비
    ("PTY", 6): Condition.SLEET,        # 빗방울눈날림: shown as 진눈깨비
    ("PTY", 7): Condition.SNOW,         # 눈날림 (flurries): shown as 눈
    ("SKY", 1): Condition.CLEAR,        # 맑음 (0–5 tenths: 구름조금 cannot be told apart)
    ("SKY", 3): Condition.MOSTLY_CLOUDY,  # 구름많음 (6–8 tenths); 2 was retired in 2019
    ("SKY", 4): Condition.OVERCAST,     # 흐림 (9–10 tenths)
}


def condition_for(pty: int | None, sky: int | None) -> Condition:
    """The condition for an Ncst PTY code and a Fcst SKY code."""
    if pty is None or ("PTY", pty) not in CONDITIONS:
        return Condition.UNKNOWN
    precipitation = CONDITIONS[("PTY", pty)]
    if precipitation is not None:
        return precipitation
    return (CONDITIONS.get(("SKY", sky)) if sky is not None else None) or Condition.UNKNOWN


def observation_from(city: City, ncst: NcstValues, sky: int | None) -> Observation:
    """One city's observation: T1H, the condition, and the Ncst base as the time."""
    return Observation(city_id=city.id, temperature_c=ncst.t1h,
                       condition=condition_for(ncst.pty, sky), observed_at=ncst.base,
                       source=SOURCE)
