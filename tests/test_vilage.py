"""The pure parts of the data.go.kr short-term forecast source, on recorded payloads."""

from __future__ import annotations

import contextlib
import json
import random
from datetime import UTC, datetime, timedelta

import pytest
from datagokr_payloads import (
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
    fcst_items,
    fixture_json,
    ncst_items,
)
from hypothesis import given
from hypothesis import strategies as st
from payloads import CANARY_KEY, fixture_text

from ticker.core.cities import CITY_BY_ID
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
from ticker.upstream.datagokr.vilage import (
    CONDITIONS,
    RESULT_CODES,
    NcstValues,
    condition_for,
    fcst_base,
    items_of,
    judge_datagokr_body,
    ncst_base,
    normalize_service_key,
    observation_from,
    parse_ncst,
    sky_for,
)

BASE_0900 = datetime(2025, 12, 4, 9, 0, tzinfo=KST)


def kst(day: int, hour: int, minute: int, month: int = 12, year: int = 2025) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KST)


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


# --- base times -------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "expected"), [
    (kst(4, 9, 39), kst(4, 8, 0)),
    (kst(4, 9, 40), kst(4, 9, 0)),
    (kst(4, 9, 59), kst(4, 9, 0)),
    (kst(4, 0, 39), kst(3, 23, 0)),  # across midnight
    (kst(4, 0, 40), kst(4, 0, 0)),
    (kst(1, 0, 5, month=1, year=2026), kst(31, 23, 0)),  # across a year
    (datetime(2025, 12, 4, 0, 45, tzinfo=UTC), kst(4, 9, 0)),  # judged in KST
])
def test_ncst_base(now: datetime, expected: datetime) -> None:
    assert ncst_base(now) == expected
    assert ncst_base(now).tzinfo == KST


@pytest.mark.parametrize(("now", "expected"), [
    (kst(4, 9, 44), kst(4, 8, 30)),
    (kst(4, 9, 45), kst(4, 9, 30)),
    (kst(4, 0, 44), kst(3, 23, 30)),  # across midnight
    (kst(4, 0, 0), kst(3, 23, 30)),
    (kst(4, 0, 45), kst(4, 0, 30)),
])
def test_fcst_base(now: datetime, expected: datetime) -> None:
    assert fcst_base(now) == expected


def test_publication_minutes_are_parameters() -> None:
    assert ncst_base(kst(4, 9, 10), available_minute=10) == kst(4, 9, 0)
    assert ncst_base(kst(4, 9, 9), available_minute=10) == kst(4, 8, 0)
    assert fcst_base(kst(4, 9, 50), available_minute=55) == kst(4, 8, 30)


@pytest.mark.parametrize("minute", [-1, 60])
def test_ncst_minute_out_of_range(minute: int) -> None:
    with pytest.raises(ValueError):
        ncst_base(kst(4, 9, 0), available_minute=minute)


def test_fcst_minute_before_the_base_is_refused() -> None:
    # An HH30 base cannot be published before HH:30; accepting it would ask for the future.
    with pytest.raises(ValueError):
        fcst_base(kst(4, 9, 0), available_minute=20)


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
    assert parse_ncst(document(item)) == NcstValues(t1h=-2.5, pty=None, base=BASE_0900)


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


# --- Ncst -------------------------------------------------------------------------------

def test_parse_ncst_constructed() -> None:
    values = parse_ncst(fixture_json(NCST_CONSTRUCTED))
    assert values == NcstValues(t1h=3.6, pty=0, base=BASE_0900)


def test_parse_ncst_real() -> None:
    values = parse_ncst(fixture_json(NCST_REAL))
    assert (values.t1h, values.pty) == (-8.1, 0)
    assert values.base == datetime(2026, 1, 22, 11, 0, tzinfo=KST)


def test_parse_ncst_reads_by_category_not_position() -> None:
    items = items_of(fixture_json(NCST_CONSTRUCTED))
    assert parse_ncst(document(list(reversed(items)))).t1h == 3.6


@pytest.mark.parametrize(("raw", "expected"), [
    ("-999", None), ("-998.9", None), ("900", None), ("899.9", 899.9), ("-9.0", -9.0),
    ("0", 0.0), (4, 4.0),
])
def test_t1h_values_and_missing_sentinels(raw: object, expected: float | None) -> None:
    doc = document(ncst_items(BASE_0900, 1, 1, {"T1H": raw, "PTY": "0"}))  # type: ignore[dict-item]
    assert parse_ncst(doc).t1h == expected


@pytest.mark.parametrize("raw", ["", "abc", "nan", "inf", "1e3", "3,6", None, True, [1]])
def test_non_numeric_values_are_malformed(raw: object) -> None:
    doc = document(ncst_items(BASE_0900, 60, 127, {"T1H": raw}))  # type: ignore[dict-item]
    with pytest.raises(MalformedPayloadError, match="T1H"):
        parse_ncst(doc)


def test_pty_must_be_a_whole_code() -> None:
    with pytest.raises(MalformedPayloadError, match="PTY"):
        parse_ncst(document(ncst_items(BASE_0900, 60, 127, {"PTY": "1.5"})))


def test_ncst_without_items_is_no_data() -> None:
    with pytest.raises(NoDataError):
        parse_ncst(document(""))


@pytest.mark.parametrize("change", [{"baseTime": "0800"}, {"baseDate": "2025124"},
                                    {"baseTime": "2500"}, {"baseDate": None}])
def test_ncst_base_times_must_agree_and_parse(change: dict[str, object]) -> None:
    items = ncst_items(BASE_0900, 60, 127, {"T1H": "1.0", "PTY": "0"})
    items[1] = {**items[1], **change}
    with pytest.raises(MalformedPayloadError):
        parse_ncst(document(items))


# --- Fcst SKY ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "now", "expected"), [
    (FCST_CONSTRUCTED, kst(4, 9, 45), 1),
    (FCST_REAL_PAGE, kst(30, 7, 10, month=6, year=2023), 4),
    (FCST_REAL_PAGE, kst(30, 8, 30, month=6, year=2023), 4),  # a tie goes to the earlier hour
    (FCST_REAL_PAGE, kst(30, 8, 31, month=6, year=2023), 3),
    (FCST_REAL_PAGE, kst(30, 10, 40, month=6, year=2023), 1),
    (FCST_REAL_PAGE, kst(30, 14, 59, month=6, year=2023), 1),  # 12:00 is within 3 hours
    (FCST_REAL_PAGE, kst(30, 15, 1, month=6, year=2023), None),  # the page is too old
])
def test_sky_of_the_nearest_hour(name: str, now: datetime, expected: int | None) -> None:
    assert sky_for(fixture_json(name), now) == expected


def test_sky_reads_by_category_not_position() -> None:
    items = items_of(fixture_json(FCST_REAL_PAGE))
    random.Random(7).shuffle(items)
    # A future POP category (seen once in 2026) adds rows without moving SKY's meaning.
    pop = fcst_items(kst(30, 6, 30, month=6, year=2023), 61, 126, {"POP": "30"})
    assert sky_for(document(items + pop), kst(30, 9, 5, month=6, year=2023)) == 3


def test_sky_missing_or_masked() -> None:
    base = kst(4, 8, 30)
    assert sky_for(document(fcst_items(base, 1, 1, {"T1H": "3"})), kst(4, 9, 45)) is None
    assert sky_for(document(fcst_items(base, 1, 1, {"SKY": "-999"})), kst(4, 9, 45)) is None
    assert sky_for(document(""), kst(4, 9, 45)) is None


@pytest.mark.parametrize("raw", ["x", "1.5", ""])
def test_sky_not_a_code_is_malformed(raw: str) -> None:
    doc = document(fcst_items(kst(4, 8, 30), 1, 1, {"SKY": raw}))
    with pytest.raises(MalformedPayloadError, match="SKY"):
        sky_for(doc, kst(4, 9, 45))


# --- the condition table ----------------------------------------------------------------

PTY_ROWS = sorted((code, c) for (category, code), c in CONDITIONS.items() if category == "PTY")
SKY_ROWS = sorted((code, c) for (category, code), c in CONDITIONS.items() if category == "SKY")


@pytest.mark.parametrize(("pty", "expected"), PTY_ROWS)
def test_every_pty_row_wins_over_the_sky(pty: int, expected: Condition | None) -> None:
    for sky, sky_condition in SKY_ROWS:
        assert condition_for(pty, sky) is (expected or sky_condition)


@pytest.mark.parametrize(("sky", "expected"), SKY_ROWS)
def test_every_sky_row_without_precipitation(sky: int, expected: Condition) -> None:
    assert condition_for(0, sky) is expected


def test_the_table_is_the_documented_one() -> None:
    assert dict(PTY_ROWS) == {0: None, 1: Condition.RAIN, 2: Condition.SLEET,
                              3: Condition.SNOW, 5: Condition.DRIZZLE, 6: Condition.SLEET,
                              7: Condition.SNOW}
    assert dict(SKY_ROWS) == {1: Condition.CLEAR, 3: Condition.MOSTLY_CLOUDY,
                              4: Condition.OVERCAST}


@pytest.mark.parametrize(("pty", "sky"), [
    (4, 1),      # 소나기 exists only in the short-term forecast, not in Ncst
    (None, 1),   # precipitation unknown: the sky alone would be a guess
    (0, 2),      # SKY 2 (구름조금) was retired in 2019
    (0, None),   # no forecast hour near now
    (8, 4),
])
def test_anything_else_is_unknown(pty: int | None, sky: int | None) -> None:
    assert condition_for(pty, sky) is Condition.UNKNOWN


def test_observation_from_the_ncst_base_and_sky() -> None:
    ncst = parse_ncst(fixture_json(NCST_CONSTRUCTED))
    sky = sky_for(fixture_json(FCST_CONSTRUCTED), kst(4, 9, 45))
    observation = observation_from(CITY_BY_ID["seoul"], ncst, sky)
    assert observation.city_id == "seoul"
    assert (observation.temperature_c, observation.condition) == (3.6, Condition.CLEAR)
    assert observation.observed_at == BASE_0900
    assert observation.source == "vilage"


def test_observation_with_missing_temperature_keeps_the_condition() -> None:
    ncst = NcstValues(t1h=None, pty=3, base=BASE_0900 - timedelta(hours=1))
    observation = observation_from(CITY_BY_ID["gangneung"], ncst, None)
    assert (observation.temperature_c, observation.condition) == (None, Condition.SNOW)
