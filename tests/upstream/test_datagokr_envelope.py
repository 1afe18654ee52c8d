"""Judging data.go.kr bodies and normalising service keys, on recorded payloads."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.datagokr_payloads import (
    AUTH_JSON_403,
    AUTH_XML_200,
    AUTH_XML_403,
    FCST_CONSTRUCTED,
    FCST_REAL_PAGE,
    NCST_CONSTRUCTED,
    NCST_REAL,
    NO_DATA_JSON,
    QUOTA_XML,
    TOO_OLD_JSON,
    document,
    fixture_json,
    ncst_items,
)
from support.payloads import CANARY_KEY, fixture_text

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.kst import KST
from ticker.upstream.datagokr.envelope import (
    RESULT_CODES,
    items_of,
    judge_datagokr_body,
    normalize_service_key,
)
from ticker.upstream.datagokr.vilage import NcstValues, parse_ncst, sky_for

BASE_0900 = datetime(2025, 12, 4, 9, 0, tzinfo=KST)


# --- key normalisation ------------------------------------------------------------------

ENCODING_KEY = "canary-KEY%2B%2F%3D8f3ZqXw7Lm2"  # the portal's "Encoding" form of CANARY_KEY


@pytest.mark.parametrize(("configured", "expected"), [
    (ENCODING_KEY, CANARY_KEY),
    ("canary-KEY%2b%2f%3d8f3ZqXw7Lm2", CANARY_KEY),  # lower-case escapes
    (CANARY_KEY, CANARY_KEY),  # a Decoding key's '+' stays '+', never a space
    (f"  {CANARY_KEY}\n", CANARY_KEY),  # pasted with a newline
    ("0123456789abcdef" * 4, "0123456789abcdef" * 4),  # new-style hex keys need nothing
    ("50%off+x", "50%off+x"),  # a '%' without two hex digits is not an escape
])
def test_normalize_service_key(configured: str, expected: str) -> None:
    assert normalize_service_key(configured) == expected


# --- judging bodies ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "status", "kind", "code"), [
    (AUTH_XML_200, 200, RejectedKeyError, "30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR"),
    (AUTH_XML_403, 403, RejectedKeyError, "30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR"),
    (AUTH_JSON_403, 403, RejectedKeyError, "30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR"),
    (QUOTA_XML, 200, QuotaError, "22 LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR"),
    (NO_DATA_JSON, 200, NoDataError, "03 NO_DATA"),
    (TOO_OLD_JSON, 200, MalformedPayloadError, "10 INVALID_REQUEST_PARAMETER_ERROR"),
])
def test_recorded_error_bodies(name: str, status: int, kind: type[UpstreamError],
                               code: str) -> None:
    with pytest.raises(kind) as caught:
        judge_datagokr_body(status, fixture_text(name))
    assert type(caught.value) is kind
    assert str(caught.value).startswith(f"data.go.kr {code}")
    assert len(str(caught.value)) < 120


def test_too_old_names_the_reason() -> None:
    with pytest.raises(MalformedPayloadError, match="최근 1일 간의 자료만 제공합니다"):
        judge_datagokr_body(200, fixture_text(TOO_OLD_JSON))


@pytest.mark.parametrize(("code", "entry"), sorted(RESULT_CODES.items()))
def test_every_result_code_in_json_and_xml(code: str,
                                           entry: tuple[str, type[UpstreamError]]) -> None:
    name, kind = entry
    service = json.dumps({"response": {"header": {"resultCode": code, "resultMsg": name}}})
    gateway = ("<OpenAPI_ServiceResponse><cmmMsgHeader><returnReasonCode>"
               f"{code}</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>")
    for body in (service, gateway):
        with pytest.raises(kind, match=rf"^data\.go\.kr {code} {name}"):
            judge_datagokr_body(200, body)


def test_retry_later_and_quota_and_rejection_classes() -> None:
    kinds = {code: kind for code, (_, kind) in RESULT_CODES.items()}
    assert {c for c, k in kinds.items() if k is NetworkError} == {
        "01", "02", "04", "05", "23", "99"}
    assert {c for c, k in kinds.items() if k is RejectedKeyError} == {
        "12", "20", "21", "29", "30", "31", "32", "33"}
    assert {c for c, k in kinds.items() if k is QuotaError} == {"22"}


def test_service_envelope_in_xml() -> None:
    body = ("<response><header><resultCode>03</resultCode><resultMsg>NO_DATA</resultMsg>"
            "</header></response>")
    with pytest.raises(NoDataError, match=r"^data\.go\.kr 03 NO_DATA$"):
        judge_datagokr_body(200, body)


def test_ok_body_returns_the_document() -> None:
    text = fixture_text(NCST_CONSTRUCTED)
    assert judge_datagokr_body(200, text) == json.loads(text)


def test_ok_code_wins_over_the_status() -> None:
    assert judge_datagokr_body(500, fixture_text(NCST_REAL))["response"]["header"][
        "resultCode"] == "00"


@pytest.mark.parametrize(("status", "body", "kind"), [
    (500, "<html><body>Internal Server Error</body></html>", NetworkError),
    (502, "Bad Gateway", NetworkError),
    (429, "", NetworkError),
    (503, '{"message": "busy"}', NetworkError),
    (200, "<html><body>maintenance</body></html>", MalformedPayloadError),
    (200, "<html><body>unclosed", MalformedPayloadError),
    (200, "", MalformedPayloadError),
    (200, '{"response": {"body": {}}}', MalformedPayloadError),
    (200, "[1, 2]", MalformedPayloadError),
    (403, "Forbidden", MalformedPayloadError),
    (200, '{"response": {"header": {"resultCode": "42"}}}', MalformedPayloadError),
    (200, '{"response": {"header": {"resultCode": true}}}', MalformedPayloadError),
])
def test_bodies_without_a_usable_envelope(status: int, body: str,
                                          kind: type[UpstreamError]) -> None:
    with pytest.raises(kind):
        judge_datagokr_body(status, body)


def test_xml_ok_body_is_refused_because_json_was_asked() -> None:
    body = "<response><header><resultCode>00</resultCode></header><body/></response>"
    with pytest.raises(MalformedPayloadError, match="XML"):
        judge_datagokr_body(200, body)


def test_xml_entities_are_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]>'
            "<response><header><resultCode>&a;</resultCode></header></response>")
    with pytest.raises(MalformedPayloadError):
        judge_datagokr_body(200, bomb)


ENVELOPE_KEYS = ["response", "header", "resultCode", "resultMsg", "body", "items", "item",
                 "OpenAPI_ServiceResponse", "cmmMsgHeader", "returnReasonCode", "category",
                 "obsrValue", "baseDate", "baseTime"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5)
    | st.sampled_from(["00", "03", "22", "30", ""]),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(ENVELOPE_KEYS), inner, max_size=4))
BODIES = st.one_of(
    st.text(),
    st.text().map(lambda t: "<" + t),
    st.text().map(lambda t: '{"response": {"header": {"resultCode": ' + t),
    JSON_VALUES.map(json.dumps),
)


@given(status=st.integers(100, 599), text=BODIES)
def test_arbitrary_text_raises_only_our_errors(status: int, text: str) -> None:
    # Anything but an UpstreamError escaping here would crash a refresh instead of failing it.
    with contextlib.suppress(UpstreamError):
        document = judge_datagokr_body(status, text)
        assert isinstance(document, dict)
        sky_for(document, BASE_0900)
        parse_ncst(document)


# --- items ------------------------------------------------------------------------------

def test_items_of_a_recorded_document() -> None:
    assert len(items_of(fixture_json(NCST_REAL))) == 8
    assert len(items_of(fixture_json(FCST_CONSTRUCTED))) == 60
    assert len(items_of(fixture_json(FCST_REAL_PAGE))) == 30


def test_items_empty_string_and_missing_body() -> None:
    assert items_of(document("")) == []
    assert items_of({"response": {"header": {"resultCode": "00"}}}) == []
    assert items_of(document([])) == []


def test_single_item_as_an_object() -> None:
    [item] = ncst_items(BASE_0900, 60, 127, {"T1H": "-2.5"})
    assert items_of(document(item)) == [item]
    assert parse_ncst(document(item)) == NcstValues(
        t1h=-2.5, pty=None, wsd=None, reh=None, base=BASE_0900)


@pytest.mark.parametrize("items", [
    [1, 2], ["T1H"], [{"category": "T1H"}, None], "garbage",
])
def test_items_that_are_not_objects(items: object) -> None:
    with pytest.raises(MalformedPayloadError):
        items_of({"response": {"body": {"items": {"item": items}}}})


@pytest.mark.parametrize("body", [[], "x", {"items": []}, {"items": 3}])
def test_body_or_items_of_the_wrong_shape(body: object) -> None:
    with pytest.raises(MalformedPayloadError):
        items_of({"response": {"body": body}})

