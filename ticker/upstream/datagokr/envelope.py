"""Judging a data.go.kr body, and the one form of a data.go.kr service key.

The portal's gateway answers key, quota and permission failures itself, in XML or JSON and
with HTTP 200 or 4xx whatever ``dataType`` asked for; the service answers its own result
codes inside the same envelope. Only the body decides (docs/kma.md,
"VilageFcstInfoService_2.0"). No HTTP, no clock.
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    UpstreamError,
)

ERROR_PREFIX = "data.go.kr "
# A judged JSON answer, kept as JSON: it is untrusted upstream data whose shape the parsers
# check (isinstance) as they read it, so its values are ``object``, never Any.
Document = dict[str, object]

_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")

# resultCode / returnReasonCode -> (name, what we do). Service codes 00–99 and the portal
# gateway's 20–33 share one number space (docs/kma.md, "VilageFcstInfoService_2.0").
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


def judge_datagokr_body(status: int, text: str) -> Document:
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
    # Only a JSON object has a result code; the isinstance says so to the type checker.
    if code is None or not isinstance(document, dict):
        raise _no_envelope(status, "JSON without a result code")
    if code != "00":
        raise _error(code, detail)
    return document


def items_of(document: Document) -> list[Document]:
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

