"""The API Hub client's two warnings calls against a fake KMA server on 127.0.0.1: the request
as sent, and every failure classified exactly as for sfctm2, the key in no message."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
import requests
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY, fixture_bytes, fixture_text
from support.warning_payloads import (
    WRN_CASES,
    WRN_EMPTY,
    ZONES_CASES,
    fixture_cp949,
    live_warnings,
    route_warnings,
)

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.redact import register_secret, secret_forms
from ticker.upstream.apihub.client import ApiHubClient
from ticker.upstream.apihub.warnings import (
    WRN_NOW_PATH,
    WRN_ZONES_PATH,
    parse_warnings,
    parse_zone_table,
)
from ticker.upstream.transport import Timeouts

FAST = Timeouts(connect=2.0, read=0.5)


@pytest.fixture(autouse=True)
def _key_masked_in_http_logs() -> None:
    register_secret(CANARY_KEY)  # as the composition root does for every configured key


def client(fake: FakeKma, *, max_bytes: int = 1024 * 1024) -> ApiHubClient:
    return ApiHubClient(requests.Session(), fake.url, CANARY_KEY, FAST, max_bytes=max_bytes)


def read_warnings(hub: ApiHubClient) -> object:
    return parse_warnings(hub.warnings_text())


def read_zones(hub: ApiHubClient) -> object:
    return parse_zone_table(hub.zone_table_text())


# Each endpoint: its path and "fetch and parse", as its feed will.
ENDPOINTS: dict[str, tuple[str, Callable[[ApiHubClient], object]]] = {
    "warnings": (WRN_NOW_PATH, read_warnings),
    "zones": (WRN_ZONES_PATH, read_zones),
}


def failure(fake: FakeKma, endpoint: str, caplog: pytest.LogCaptureFixture,
            **options: int) -> UpstreamError:
    """Fetch and parse expecting failure; the key is in no exception or log text."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UpstreamError) as caught:
        ENDPOINTS[endpoint][1](client(fake, **options))
    for text in (str(caught.value), *(record.getMessage() for record in caplog.records)):
        for form in secret_forms(CANARY_KEY):
            assert form not in text
    return caught.value


def test_warnings_are_asked_for_the_whole_country_now(fake_kma: FakeKma) -> None:
    route_warnings(fake_kma)
    text = client(fake_kma).warnings_text()
    assert text == fixture_cp949(WRN_CASES)  # CP949 decoded: the Korean reads as sent
    assert len(parse_warnings(text)) == 25
    [request] = fake_kma.seen(WRN_NOW_PATH)
    assert request.query == {"fe": "f", "disp": "0", "help": "0", "authKey": CANARY_KEY}
    assert request.raw_query.startswith("fe=f&tm=&disp=0&help=0&authKey=")


def test_the_zone_table_is_asked_for_now(fake_kma: FakeKma) -> None:
    route_warnings(fake_kma)
    text = client(fake_kma).zone_table_text()
    assert text == fixture_cp949(ZONES_CASES)
    assert parse_zone_table(text)[0].name == "동두천"
    [request] = fake_kma.seen(WRN_ZONES_PATH)
    assert request.raw_query.startswith("tm=&disp=0&help=0&authKey=")
    assert request.query["authKey"] == CANARY_KEY


def test_an_empty_answer_is_data(fake_kma: FakeKma) -> None:
    route_warnings(fake_kma, warnings=WRN_EMPTY)
    assert read_warnings(client(fake_kma)) == ()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("status", "name"), [
    (401, "apihub_http401_invalid_key.real.json"),
    (403, "apihub_http403_not_applied.real.json"),
    (403, "apihub_http403_not_allowed.real.json"),
    (200, "apihub_http403_not_applied.real.json"),  # an error envelope with HTTP 200
])
def test_json_error_envelopes_are_rejected_keys(fake_kma: FakeKma,
                                                caplog: pytest.LogCaptureFixture,
                                                endpoint: str, status: int, name: str) -> None:
    path = ENDPOINTS[endpoint][0]
    fake_kma.route(path, Reply(status=status, body=fixture_bytes(name),
                               content_type="application/json"))
    error = failure(fake_kma, endpoint, caplog)
    assert isinstance(error, RejectedKeyError)
    result = json.loads(fixture_text(name))["result"]
    assert str(error) == f"API Hub error {result['status']}: {result['message']}"
    assert len(fake_kma.seen(path)) == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_html_page_with_http_200_is_malformed(fake_kma: FakeKma,
                                                 caplog: pytest.LogCaptureFixture,
                                                 endpoint: str) -> None:
    page = f"<html><body>점검 중 ({CANARY_KEY})</body></html>".encode("cp949")
    fake_kma.route(ENDPOINTS[endpoint][0], Reply(body=page, content_type="text/html"))
    assert isinstance(failure(fake_kma, endpoint, caplog), MalformedPayloadError)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(("reply", "kind", "said"), [
    (Reply(status=500, body=b"<html>Internal Error</html>", content_type="text/html"),
     NetworkError, "answered HTTP 500"),
    (Reply(status=503, body=b"busy"), NetworkError, "answered HTTP 503"),
    (Reply(status=401, body=b"<html>Unauthorized</html>"), RejectedKeyError, "HTTP 401"),
    (Reply(status=404, body=b"not found"), MalformedPayloadError, "HTTP 404"),
])
def test_http_errors_are_classified_as_for_sfctm2(fake_kma: FakeKma,
                                                  caplog: pytest.LogCaptureFixture,
                                                  endpoint: str, reply: Reply,
                                                  kind: type[UpstreamError], said: str) -> None:
    fake_kma.route(ENDPOINTS[endpoint][0], reply)
    error = failure(fake_kma, endpoint, caplog)
    assert type(error) is kind
    assert said in str(error)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_hang_ends_by_the_read_timeout(fake_kma: FakeKma, caplog: pytest.LogCaptureFixture,
                                         endpoint: str) -> None:
    fake_kma.route(ENDPOINTS[endpoint][0], Reply(body=b"#START7777\n#7777END\n", delay=2.0))
    error = failure(fake_kma, endpoint, caplog)
    assert isinstance(error, NetworkError)
    assert str(error).endswith(": read timed out after 0.5 s")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_oversized_body_is_refused_unread(fake_kma: FakeKma,
                                             caplog: pytest.LogCaptureFixture,
                                             endpoint: str) -> None:
    route_warnings(fake_kma)
    error = failure(fake_kma, endpoint, caplog, max_bytes=512)
    assert isinstance(error, NetworkError)
    assert "over the 512-byte cap" in str(error)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_body_cut_short_is_never_fewer_rows(fake_kma: FakeKma,
                                              caplog: pytest.LogCaptureFixture,
                                              endpoint: str) -> None:
    path = ENDPOINTS[endpoint][0]
    body = fixture_bytes(WRN_CASES if endpoint == "warnings" else ZONES_CASES)
    # Announced longer than sent: the transport sees the cut.
    fake_kma.route(path, Reply(body=body, cut_at=len(body) // 2))
    assert isinstance(failure(fake_kma, endpoint, caplog), NetworkError)
    # Sent short as if whole, cut at a line break: the missing #7777END gives it away.
    whole = body[:body.rindex(b"\n", 0, len(body) // 2) + 1]
    fake_kma.route(path, Reply(body=whole))
    assert isinstance(failure(fake_kma, endpoint, caplog), MalformedPayloadError)


def test_connection_refused_names_no_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dead = ApiHubClient(requests.Session(), "http://127.0.0.1:9", CANARY_KEY, FAST)
    for call in (dead.warnings_text, dead.zone_table_text):
        with pytest.raises(NetworkError) as caught:
            call()
        for form in secret_forms(CANARY_KEY):
            assert form not in str(caught.value)
    for record in caplog.records:
        for form in secret_forms(CANARY_KEY):
            assert form not in record.getMessage()


def test_a_live_answer_keeps_its_rows_relative_to_now(fake_kma: FakeKma) -> None:
    route_warnings(fake_kma, warnings=live_warnings())
    rows = parse_warnings(client(fake_kma).warnings_text())
    recorded = parse_warnings(fixture_cp949(WRN_CASES))
    shifts = {(row.issued_at - old.issued_at, row.effective_at - old.effective_at)
              for row, old in zip(rows, recorded, strict=True)}
    [(by, also)] = shifts
    assert by == also and by.total_seconds() % 60 == 0
