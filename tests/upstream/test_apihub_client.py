"""The API Hub client and the ASOS source against a fake KMA server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from support.clock import RECORDED_0925 as NOW
from support.fakekma import FakeKma, Reply, Request
from support.payloads import (
    CANARY_KEY,
    SFCTM2_16,
    SFCTM2_NO_ROWS,
    data_lines,
    fixture_bytes,
    fixture_text,
    sfctm2_body,
)
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.core.conditions import Condition
from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    NoDataError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.redact import register_secret, secret_forms
from ticker.sources.asos import AsosSource
from ticker.sources.chain import CallCounter, ChainSource, Link
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH, ApiHubClient
from ticker.upstream.transport import Timeouts

FAST = Timeouts(connect=2.0, read=0.5)


@pytest.fixture(autouse=True)
def _key_masked_in_http_logs() -> None:
    # The composition root hands every configured key to logging (configure_logging);
    # these tests build clients directly, so they register the key as it would.
    register_secret(CANARY_KEY)


def client(fake: FakeKma, timeouts: Timeouts = FAST) -> ApiHubClient:
    return ApiHubClient(requests.Session(), fake.url, CANARY_KEY, timeouts)


def source(fake: FakeKma) -> AsosSource:
    return AsosSource(fetch_text=client(fake).sfctm2)


def assert_no_key(text: str) -> None:
    for form in secret_forms(CANARY_KEY):
        assert form not in text


def failing_fetch(fake: FakeKma, caplog: pytest.LogCaptureFixture) -> UpstreamError:
    """Fetch all cities expecting failure; check the key is in no exception or log text."""
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UpstreamError) as caught:
        source(fake).fetch(CITIES, NOW)
    error = caught.value
    assert_no_key(str(error))
    assert error.__cause__ is None or CANARY_KEY not in str(error.__cause__)
    for record in caplog.records:
        assert_no_key(record.getMessage())
    return error


def test_normal_body_gives_all_sixteen_cities(fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(body=fixture_bytes(SFCTM2_16)))
    observations = source(fake_kma).fetch(CITIES, NOW)
    assert set(observations) == {city.id for city in CITIES}
    seoul = observations["seoul"]
    assert (seoul.temperature_c, seoul.condition) == (3.8, Condition.CLEAR)
    assert seoul.observed_at == datetime(2025, 12, 4, 9, 0, tzinfo=KST)
    assert observations["daegu"].condition is Condition.MIST
    assert observations["jeju"].condition is Condition.RAIN


def test_request_asks_once_for_every_station_of_the_hour(fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(body=fixture_bytes(SFCTM2_16)))
    source(fake_kma).fetch(CITIES, NOW)
    [request] = fake_kma.seen(SFCTM2_PATH)
    assert request.query["stn"] == ":".join(str(city.station) for city in CITIES)
    assert request.query["tm"] == "202512040900"
    assert request.query["help"] == "0"
    assert request.query["authKey"] == CANARY_KEY


def test_cp949_body_with_korean_legend(fake_kma: FakeKma) -> None:
    legend = ("#START7777\n# 지상관측자료 (ASOS) 시간자료\n# TA : 기온 (C)\n"
              "# WW : 국내식 일기코드 (문자열)\n")
    body = fixture_text(SFCTM2_16).replace("#START7777\n", legend).encode("cp949")
    fake_kma.route(SFCTM2_PATH, Reply(body=body, content_type="text/plain"))
    observations = source(fake_kma).fetch(CITIES, NOW)
    assert observations["busan"].temperature_c == 13.5
    assert len(observations) == 16


@pytest.mark.parametrize(("status", "name"), [
    (401, "apihub_http401_invalid_key.real.json"),
    (403, "apihub_http403_not_applied.real.json"),
    (403, "apihub_http403_not_allowed.real.json"),
    (200, "apihub_http401_invalid_key.real.json"),  # error body with HTTP 200
])
def test_json_error_bodies_are_rejected_keys(fake_kma: FakeKma, caplog: pytest.LogCaptureFixture,
                                             status: int, name: str) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(status=status, body=fixture_bytes(name),
                                      content_type="application/json"))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, RejectedKeyError)
    assert error.failure_class == "rejected key"
    assert len(fake_kma.seen(SFCTM2_PATH)) == 1  # a rejected key is not retried
    # The JSON error is UTF-8 (the data text is CP949): its Korean message reads as sent.
    result = json.loads(fixture_text(name))["result"]
    assert str(error) == f"API Hub error {result['status']}: {result['message']}"


def test_a_key_rejected_while_the_network_fails_is_said_at_error(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    answer = [Reply(status=500, body=b"<html>down</html>", content_type="text/html")]
    fake_kma.route(SFCTM2_PATH, lambda request: answer[0])
    chain = ChainSource([Link(source(fake_kma), CallCounter())], Freshness(),
                        FileQuotaLedger(tmp_path, {"asos": None}))
    refresher = Refresher(chain, FileStore(tmp_path), CITIES, lambda: NOW)
    caplog.set_level(logging.DEBUG)
    refresher.run()
    answer[0] = Reply(status=401, body=fixture_bytes("apihub_http401_invalid_key.real.json"),
                      content_type="application/json")
    refresher.run()
    said = [(record.levelno, record.getMessage()) for record in caplog.records
            if record.levelno >= logging.WARNING]
    assert said == [
        (logging.WARNING, f"upstream fetch failing (network): API Hub at "
                          f"{fake_kma.url.removeprefix('http://')}: answered HTTP 500"),
        (logging.ERROR, "upstream fetch still failing, now (rejected key): API Hub error 401: "
                        "유효한 인증키가 아닙니다.")]


def test_server_error_with_html_is_network_class(fake_kma: FakeKma,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(status=500, body=b"<html><body>Internal Error</body></html>",
                                      content_type="text/html"))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, NetworkError)
    assert "500" in str(error)


def test_hang_longer_than_the_read_timeout(fake_kma: FakeKma,
                                           caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(body=fixture_bytes(SFCTM2_16), delay=2.0))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, NetworkError)
    assert str(error).endswith(": read timed out after 0.5 s")


def test_connection_refused_is_network_class(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    dead = ApiHubClient(requests.Session(), "http://127.0.0.1:9", CANARY_KEY, FAST)
    with pytest.raises(NetworkError) as caught:
        AsosSource(fetch_text=dead.sfctm2).fetch(CITIES, NOW)
    assert_no_key(str(caught.value))
    for record in caplog.records:
        assert_no_key(record.getMessage())


def test_truncated_body_announced_longer(fake_kma: FakeKma,
                                         caplog: pytest.LogCaptureFixture) -> None:
    body = fixture_bytes(SFCTM2_16)
    fake_kma.route(SFCTM2_PATH, Reply(body=body, cut_at=len(body) // 2))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, NetworkError)


def test_truncated_body_that_looks_complete_is_malformed(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    body = fixture_bytes(SFCTM2_16)
    fake_kma.route(SFCTM2_PATH, Reply(body=body[: len(body) // 2]))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, MalformedPayloadError)


def test_zero_rows_steps_back_one_hour_and_records_the_real_time(fake_kma: FakeKma) -> None:
    def by_hour(request: Request) -> Reply:
        if request.query["tm"] == "202512040900":
            return Reply(body=fixture_bytes(SFCTM2_NO_ROWS))
        lines = [line.replace("202512040900", "202512040800", 1)
                 for line in data_lines(SFCTM2_16)]
        return Reply(body=sfctm2_body(lines).encode("cp949"))

    fake_kma.route(SFCTM2_PATH, by_hour)
    observations = source(fake_kma).fetch(CITIES, NOW)
    assert [r.query["tm"] for r in fake_kma.seen(SFCTM2_PATH)] == ["202512040900",
                                                                  "202512040800"]
    assert {o.observed_at for o in observations.values()} == {NOW.replace(hour=8, minute=0)}
    assert len(observations) == 16


def test_step_back_asks_only_for_missing_stations(fake_kma: FakeKma) -> None:
    lines = data_lines(SFCTM2_16)

    def by_hour(request: Request) -> Reply:
        if request.query["tm"] == "202512040900":
            return Reply(body=sfctm2_body(lines[:10]).encode())
        return Reply(body=sfctm2_body([line.replace("202512040900", "202512040800", 1)
                                       for line in lines]).encode())

    fake_kma.route(SFCTM2_PATH, by_hour)
    observations = source(fake_kma).fetch(CITIES, NOW)
    second = fake_kma.seen(SFCTM2_PATH)[1]
    assert second.query["stn"] == "201:226:238:259:283:294"
    assert observations["seoul"].observed_at == NOW.replace(minute=0)
    assert observations["geoje"].observed_at == NOW.replace(hour=8, minute=0)


def test_step_back_stops_after_two_earlier_hours(fake_kma: FakeKma,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(body=fixture_bytes(SFCTM2_NO_ROWS)))
    error = failing_fetch(fake_kma, caplog)
    assert isinstance(error, NoDataError)
    hours = [r.query["tm"] for r in fake_kma.seen(SFCTM2_PATH)]
    assert hours == [(NOW.replace(minute=0) - timedelta(hours=h)).strftime("%Y%m%d%H%M")
                     for h in range(3)]


def test_failed_step_back_keeps_what_the_first_call_found(fake_kma: FakeKma) -> None:
    lines = data_lines(SFCTM2_16)

    def first_ok_then_down(request: Request) -> Reply:
        if request.query["tm"] == "202512040900":
            return Reply(body=sfctm2_body(lines[:3]).encode())
        return Reply(status=503, body=b"down")

    fake_kma.route(SFCTM2_PATH, first_ok_then_down)
    observations = source(fake_kma).fetch(CITIES, NOW)
    assert set(observations) == {"dongducheon", "gangneung", "seoul"}
