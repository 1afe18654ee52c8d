"""The AirKorea client against a fake on 127.0.0.1: the requests as sent, 100-row pages, a
page refused with 05 asked again alone, a set whole or an error, the portal's key and quota
errors classified as for the forecast service, the key in no message."""

from __future__ import annotations

import logging

import pytest
import requests
from support.air_payloads import AirKoreaPages, route_airkorea, station_row, value_row
from support.datagokr_payloads import AUTH_XML_200, QUOTA_XML, recorded_reply
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    QuotaError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.redact import register_secret, secret_forms
from ticker.upstream.datagokr.airkorea import (
    STATIONS_PATH,
    VALUES_PATH,
    AirKoreaClient,
    PageRefusedError,
    whole_set,
)
from ticker.upstream.transport import Timeouts

FAST = Timeouts(connect=2.0, read=1.0)
ROWS = [value_row(f"측정소{n}", "경기") for n in range(250)]


@pytest.fixture(autouse=True)
def _key_masked_in_http_logs() -> None:
    register_secret(CANARY_KEY)


def client(fake: FakeKma, calls: list[int] | None = None) -> AirKoreaClient:
    counted = calls if calls is not None else []
    return AirKoreaClient(requests.Session(), fake.url, CANARY_KEY, FAST,
                          on_call=lambda: counted.append(1))


def serve(fake: FakeKma, values: AirKoreaPages) -> None:
    route_airkorea(fake, values, AirKoreaPages([station_row("중구", "서울 중구", 37.56, 126.97)]))


def test_values_are_asked_for_the_whole_country_in_pages_of_100(fake_kma: FakeKma) -> None:
    serve(fake_kma, AirKoreaPages(ROWS))
    rows = whole_set(client(fake_kma).values_page)
    assert [row["stationName"] for row in rows] == [row["stationName"] for row in ROWS]
    asked = fake_kma.seen(VALUES_PATH)
    assert [request.query["pageNo"] for request in asked] == ["1", "2", "3"]
    assert asked[0].query == {"serviceKey": CANARY_KEY, "returnType": "json",
                              "numOfRows": "100", "pageNo": "1", "sidoName": "전국",
                              "ver": "1.3"}


def test_the_station_list_is_paged_the_same_way(fake_kma: FakeKma) -> None:
    serve(fake_kma, AirKoreaPages(ROWS))
    assert len(whole_set(client(fake_kma).stations_page)) == 1
    assert fake_kma.seen(STATIONS_PATH)[0].query == {
        "serviceKey": CANARY_KEY, "returnType": "json", "numOfRows": "100", "pageNo": "1"}


def test_a_page_refused_with_05_is_asked_again_alone(fake_kma: FakeKma) -> None:
    serve(fake_kma, AirKoreaPages(ROWS, refuse={2}))
    calls: list[int] = []
    assert len(whole_set(client(fake_kma, calls).values_page)) == 250
    assert [r.query["pageNo"] for r in fake_kma.seen(VALUES_PATH)] == ["1", "2", "2", "3"]
    assert len(calls) == 4  # every call counts, the refused one too


def test_a_page_refused_every_time_fails_the_whole_set(fake_kma: FakeKma) -> None:
    pages = AirKoreaPages(ROWS, fail={3}, failure=Reply(status=200, body=b'{"response":'
                          b'{"header":{"resultCode":"05","resultMsg":"SERVICETIME_OUT"}}}'))
    serve(fake_kma, pages)
    with pytest.raises(PageRefusedError) as caught:
        whole_set(client(fake_kma).values_page)
    assert isinstance(caught.value, NetworkError)
    assert [r.query["pageNo"] for r in fake_kma.seen(VALUES_PATH)] == ["1", "2", "3", "3", "3"]


def test_a_page_failing_mid_way_is_an_error_not_a_shorter_set(fake_kma: FakeKma) -> None:
    serve(fake_kma, AirKoreaPages(ROWS, fail={2}, failure=Reply(status=502, body=b"bad")))
    with pytest.raises(NetworkError):
        whole_set(client(fake_kma).values_page)
    assert len(fake_kma.seen(VALUES_PATH)) == 2  # not retried: only 05 is


def test_pages_short_of_the_total_count_are_refused(fake_kma: FakeKma) -> None:
    class Short(AirKoreaPages):
        def __call__(self, request: object) -> Reply:
            reply = super().__call__(request)  # type: ignore[arg-type]
            return Reply(body=reply.body.replace(b'"totalCount": 250', b'"totalCount": 260'),
                         content_type=reply.content_type)

    serve(fake_kma, Short(ROWS))
    with pytest.raises(MalformedPayloadError, match="250 of 260 rows"):
        whole_set(client(fake_kma).values_page)


@pytest.mark.parametrize(("fixture", "error"), [(QUOTA_XML, QuotaError),
                                                (AUTH_XML_200, RejectedKeyError)])
def test_quota_22_and_an_unregistered_key_are_classified_and_not_retried(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture, fixture: str,
        error: type[UpstreamError]) -> None:
    fake_kma.route(VALUES_PATH, recorded_reply(fixture))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(error) as caught:
        whole_set(client(fake_kma).values_page)
    assert type(caught.value) is error
    assert len(fake_kma.seen(VALUES_PATH)) == 1
    for form in secret_forms(CANARY_KEY):
        assert form not in str(caught.value)
        assert form not in caplog.text


def test_a_refused_connection_never_carries_the_key(fake_kma: FakeKma) -> None:
    hub = AirKoreaClient(requests.Session(), "http://127.0.0.1:9", CANARY_KEY, FAST)
    with pytest.raises(NetworkError) as caught:
        hub.values_page(1)
    for form in secret_forms(CANARY_KEY):
        assert form not in str(caught.value)
