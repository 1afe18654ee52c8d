"""The data.go.kr client and the vilage source against a fake upstream on 127.0.0.1."""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import requests
from support.clock import RECORDED_0945 as NOW
from support.datagokr_payloads import (
    AUTH_JSON_403,
    AUTH_XML_200,
    AUTH_XML_403,
    NO_DATA_JSON,
    QUOTA_XML,
    Cell,
    document,
    fcst_handler,
    json_reply,
    ncst_handler,
    ncst_items,
    recorded_reply,
    serve_cells,
)
from support.fakekma import FakeKma, Reply, Request
from support.payloads import CANARY_KEY
from support.stations import CITIES, by_id

from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.errors import (
    NetworkError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    UpstreamError,
)
from ticker.core.kst import KST, next_midnight
from ticker.core.redact import register_secret, secret_forms
from ticker.sources.vilage import VilageSource
from ticker.upstream.datagokr.client import (
    FCST_PATH,
    NCST_PATH,
    DataGoKrClient,
    fetch_stepping_back,
)
from ticker.upstream.datagokr.vilage import parse_ncst
from ticker.upstream.transport import Timeouts

FAST = Timeouts(connect=1.0, read=0.5)
ENCODING_KEY = quote(CANARY_KEY, safe="")  # "canary-KEY%2B%2F%3D8f3ZqXw7Lm2"
SEOUL = by_id("seoul")
SUNNY = Cell(t1h="3.6", pty="0", sky="1")


@pytest.fixture(autouse=True)
def _key_masked_in_http_logs() -> None:
    # The composition root hands every configured key to logging (configure_logging);
    # these tests build clients directly, so they register the key as it would.
    register_secret(CANARY_KEY)


def make_client(fake: FakeKma, key: str = CANARY_KEY, calls: list[str] | None = None,
                timeouts: Timeouts = FAST) -> DataGoKrClient:
    on_call = None if calls is None else (lambda: calls.append("call"))
    return DataGoKrClient(requests.Session(), fake.url, key, timeouts, on_call=on_call)


def make_source(fake: FakeKma, key: str = CANARY_KEY) -> VilageSource:
    return VilageSource(make_client(fake, key), ncst_minute=40, fcst_minute=45)


def hits(fake: FakeKma) -> int:
    return len(fake.seen(NCST_PATH)) + len(fake.seen(FCST_PATH))


def assert_no_key(text: str) -> None:
    for key in (CANARY_KEY, ENCODING_KEY):
        for form in secret_forms(key):
            assert form not in text


def assert_clean(error: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    """Neither the error, its printed traceback, nor any log record holds the key."""
    assert_no_key(str(error))
    assert_no_key("".join(traceback.format_exception(error)))
    for record in caplog.records:
        assert_no_key(record.getMessage())


def failing_fetch(source: VilageSource, caplog: pytest.LogCaptureFixture,
                  now: datetime = NOW, cities: tuple[Station, ...] = CITIES) -> UpstreamError:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(UpstreamError) as caught:
        source.fetch(cities, now)
    assert_clean(caught.value, caplog)
    return caught.value


# --- the client -------------------------------------------------------------------------

def test_request_parameters(fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, {(60, 127): SUNNY})
    client = make_client(fake_kma)
    client.ncst(60, 127, NOW.replace(minute=0))
    client.fcst(60, 127, NOW.replace(minute=30))
    [ncst] = fake_kma.seen(NCST_PATH)
    [fcst] = fake_kma.seen(FCST_PATH)
    assert ncst.query == {"serviceKey": CANARY_KEY, "pageNo": "1", "numOfRows": "1000",
                          "dataType": "JSON", "base_date": "20251204", "base_time": "0900",
                          "nx": "60", "ny": "127"}
    assert (fcst.query["base_date"], fcst.query["base_time"]) == ("20251204", "0930")


@pytest.mark.parametrize("configured", [CANARY_KEY, ENCODING_KEY,
                                        "canary-KEY%2b%2f%3d8f3ZqXw7Lm2"])
def test_both_portal_keys_reach_the_server_encoded_once(fake_kma: FakeKma,
                                                        configured: str) -> None:
    serve_cells(fake_kma, {(60, 127): SUNNY})
    make_client(fake_kma, configured).ncst(60, 127, NOW)
    [request] = fake_kma.seen(NCST_PATH)
    assert f"serviceKey={ENCODING_KEY}&" in request.raw_query + "&"
    assert "%25" not in request.raw_query  # no double encoding (the classic code 30)
    assert request.query["serviceKey"] == CANARY_KEY


def test_on_call_counts_every_request_sent(fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, {(60, 127): SUNNY})
    calls: list[str] = []
    source = VilageSource(make_client(fake_kma, calls=calls))
    source.fetch([SEOUL], NOW)
    assert len(calls) == hits(fake_kma) == 2


def test_one_item_as_an_object(fake_kma: FakeKma) -> None:
    base = NOW.replace(minute=0)
    [item] = ncst_items(base, 60, 127, {"T1H": "-4.2"})
    fake_kma.route(NCST_PATH, json_reply(document(item)))
    values = parse_ncst(make_client(fake_kma).ncst(60, 127, base))
    assert (values.t1h, values.pty, values.base) == (-4.2, None, base)


@pytest.mark.parametrize(("status", "name"), [
    (200, AUTH_XML_200), (403, AUTH_XML_403), (403, AUTH_JSON_403), (401, AUTH_XML_200),
])
def test_gateway_key_errors_are_rejected_keys(fake_kma: FakeKma,
                                              caplog: pytest.LogCaptureFixture,
                                              status: int, name: str) -> None:
    fake_kma.route(NCST_PATH, recorded_reply(name, status))
    error = failing_fetch(make_source(fake_kma), caplog)
    assert isinstance(error, RejectedKeyError)
    assert str(error).startswith("data.go.kr 30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR")
    assert hits(fake_kma) == 1  # stopped at once: no other city, no Fcst
    # urllib3 did log the request line, with the key masked (so the leak check had text to see).
    assert any("serviceKey=***" in record.getMessage() for record in caplog.records)


def test_rejected_key_is_logged_once_and_never_asked_again(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, recorded_reply(AUTH_XML_200))
    source = make_source(fake_kma, ENCODING_KEY)
    first = failing_fetch(source, caplog)
    second = failing_fetch(source, caplog, now=NOW + timedelta(days=2))
    assert isinstance(first, RejectedKeyError)
    assert isinstance(second, RejectedKeyError)
    assert hits(fake_kma) == 1
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].getMessage().startswith(
        "data.go.kr rejected the service key (30 SERVICE_KEY_IS_NOT_REGISTERED_ERROR): "
        "check DATA_GO_KR_KEY")


def test_quota_blocks_until_midnight_kst(fake_kma: FakeKma,
                                         caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, recorded_reply(QUOTA_XML))
    source = make_source(fake_kma)
    assert isinstance(failing_fetch(source, caplog), QuotaError)
    assert hits(fake_kma) == 1

    serve_cells(fake_kma, {(city.nx, city.ny): SUNNY for city in CITIES})
    late = NOW.replace(hour=23, minute=59, second=59)
    blocked = failing_fetch(source, caplog, now=late)
    assert isinstance(blocked, QuotaError)
    assert "2025-12-05 00:00 KST" in str(blocked)
    assert hits(fake_kma) == 1  # blocked without any HTTP call

    after = source.fetch(CITIES, next_midnight(late))
    assert len(after) == 16
    assert hits(fake_kma) == 1 + 32
    # 00:00 is before the 00:40 publication: the newest Ncst is the previous day's 23:00.
    assert fake_kma.seen(NCST_PATH)[-1].query["base_time"] == "2300"


def test_next_midnight_kst_from_another_zone() -> None:
    utc_evening = datetime(2025, 12, 4, 15, 30, tzinfo=KST).astimezone(UTC)
    assert next_midnight(utc_evening) == datetime(2025, 12, 5, 0, 0, tzinfo=KST)


def test_no_data_steps_back_one_issuance(fake_kma: FakeKma) -> None:
    good = ncst_handler({(60, 127): SUNNY})

    def late_hour(request: Request) -> Reply:
        if request.query["base_time"] == "0900":
            return recorded_reply(NO_DATA_JSON)
        return good(request)

    fake_kma.route(NCST_PATH, late_hour)
    fake_kma.route(FCST_PATH, fcst_handler({(60, 127): SUNNY}))
    [observation] = make_source(fake_kma).fetch([SEOUL], NOW).values()
    assert [r.query["base_time"] for r in fake_kma.seen(NCST_PATH)] == ["0900", "0800"]
    assert observation.observed_at == NOW.replace(hour=8, minute=0)


def test_no_data_stops_after_two_step_backs(fake_kma: FakeKma,
                                            caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, recorded_reply(NO_DATA_JSON))
    error = failing_fetch(make_source(fake_kma), caplog, cities=(SEOUL,))
    assert isinstance(error, NoDataError)
    assert [r.query["base_time"] for r in fake_kma.seen(NCST_PATH)] == ["0900", "0800", "0700"]
    assert fake_kma.seen(FCST_PATH) == []


def test_fcst_steps_back_across_midnight(fake_kma: FakeKma,
                                        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake_kma.route(FCST_PATH, recorded_reply(NO_DATA_JSON))
    client = make_client(fake_kma)
    with pytest.raises(NoDataError) as caught:
        fetch_stepping_back(lambda base: client.fcst(60, 127, base),
                            datetime(2025, 12, 5, 0, 30, tzinfo=KST))
    assert_clean(caught.value, caplog)
    assert [(r.query["base_date"], r.query["base_time"]) for r in fake_kma.seen(FCST_PATH)] == [
        ("20251205", "0030"), ("20251204", "2330"), ("20251204", "2230")]


def test_empty_items_count_as_not_published(fake_kma: FakeKma) -> None:
    good = ncst_handler({(60, 127): SUNNY})

    def empty_first(request: Request) -> Reply:
        if request.query["base_time"] == "0900":
            return json_reply(document(""))
        return good(request)

    fake_kma.route(NCST_PATH, empty_first)
    fake_kma.route(FCST_PATH, fcst_handler({(60, 127): SUNNY}))
    observations = make_source(fake_kma).fetch([SEOUL], NOW)
    assert observations["seoul"].observed_at == NOW.replace(hour=8, minute=0)
    assert len(fake_kma.seen(NCST_PATH)) == 2


def test_server_error_with_html_is_network_class(fake_kma: FakeKma,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, Reply(status=500, content_type="text/html",
                                    body=b"<html><body>Internal Server Error</body></html>"))
    error = failing_fetch(make_source(fake_kma), caplog, cities=(SEOUL,))
    assert isinstance(error, NetworkError)
    assert "500" in str(error)


def test_hang_longer_than_the_read_timeout(fake_kma: FakeKma,
                                           caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, Reply(body=b"{}", delay=1.0))
    error = failing_fetch(make_source(fake_kma), caplog, cities=(SEOUL,))
    assert isinstance(error, NetworkError)
    assert str(error).endswith(": read timed out after 0.5 s")


def test_connection_refused_is_network_class(caplog: pytest.LogCaptureFixture) -> None:
    client = DataGoKrClient(requests.Session(), "http://127.0.0.1:9", ENCODING_KEY, FAST)
    error = failing_fetch(VilageSource(client), caplog, cities=(SEOUL,))
    assert isinstance(error, NetworkError)


# --- the source -------------------------------------------------------------------------

# (T1H, PTY, SKY) per city and the condition they must give.
SIXTEEN: dict[str, tuple[Cell, Condition]] = {
    "dongducheon": (Cell("1.8", "0", "1"), Condition.CLEAR),
    "gangneung": (Cell("11.0", "0", "1"), Condition.CLEAR),
    "seoul": (Cell("3.6", "0", "1"), Condition.CLEAR),
    "daejeon": (Cell("6.0", "5", "4"), Condition.DRIZZLE),
    "daegu": (Cell("8.7", "0", "3"), Condition.MOSTLY_CLOUDY),
    "ulsan": (Cell("11.1", "0", "3"), Condition.MOSTLY_CLOUDY),
    "gwangju": (Cell("8.8", "0", "2"), Condition.UNKNOWN),  # SKY 2 is retired
    "busan": (Cell("13.5", "0", "4"), Condition.OVERCAST),
    "gochang": (Cell("6.1", "3", "4"), Condition.SNOW),
    "jeju": (Cell("14.1", "1", "4"), Condition.RAIN),
    "ganghwa": (Cell("2.2", "2", "4"), Condition.SLEET),
    "boeun": (Cell("3.4", "6", "4"), Condition.SLEET),
    "geumsan": (Cell("5.2", "7", "3"), Condition.SNOW),
    "gangjin": (Cell("10.0", "0", "-999"), Condition.UNKNOWN),  # masked SKY
    "gyeongju": (Cell("-999", "0", "3"), Condition.MOSTLY_CLOUDY),  # masked T1H
    "geoje": (Cell("-9.0", "0", "4"), Condition.OVERCAST),
}


def test_sixteen_cities(fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, {(by_id(i).nx, by_id(i).ny): cell
                           for i, (cell, _) in SIXTEEN.items()})
    observations = make_source(fake_kma).fetch(CITIES, NOW)
    assert {i: o.condition for i, o in observations.items()} == {
        i: condition for i, (_, condition) in SIXTEEN.items()}
    assert observations["seoul"].temperature_c == 3.6
    assert observations["geoje"].temperature_c == -9.0
    assert observations["gyeongju"].temperature_c is None
    assert {o.observed_at for o in observations.values()} == {NOW.replace(minute=0)}
    assert {o.source for o in observations.values()} == {"vilage"}
    assert hits(fake_kma) == 32


def test_a_failing_city_is_left_out(fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    busan = by_id("busan")
    good = ncst_handler({(c.nx, c.ny): SUNNY for c in CITIES})

    def busan_down(request: Request) -> Reply:
        if (request.query["nx"], request.query["ny"]) == (str(busan.nx), str(busan.ny)):
            return Reply(status=503, body=b"Service Unavailable")
        return good(request)

    caplog.set_level(logging.DEBUG)
    fake_kma.route(NCST_PATH, busan_down)
    fake_kma.route(FCST_PATH, fcst_handler({(c.nx, c.ny): SUNNY for c in CITIES}))
    observations = make_source(fake_kma).fetch(CITIES, NOW)
    assert set(observations) == {city.id for city in CITIES} - {"busan"}
    assert any("busan left out (network)" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert_no_key(record.getMessage())


def test_every_city_failing_raises(fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    fake_kma.route(NCST_PATH, Reply(status=502, body=b"Bad Gateway"))
    error = failing_fetch(make_source(fake_kma), caplog, cities=CITIES[:3])
    assert isinstance(error, NetworkError)
    assert hits(fake_kma) == 3  # a retry-later failure does not stop the other cities


def test_no_cities_no_calls(fake_kma: FakeKma) -> None:
    assert make_source(fake_kma).fetch([], NOW) == {}
    assert hits(fake_kma) == 0


def test_quota_mid_run_keeps_the_cities_already_fetched(fake_kma: FakeKma) -> None:
    first_two = {(c.nx, c.ny): SUNNY for c in CITIES[:2]}
    good = ncst_handler(first_two)

    def quota_after_two(request: Request) -> Reply:
        if (int(request.query["nx"]), int(request.query["ny"])) in first_two:
            return good(request)
        return recorded_reply(QUOTA_XML)

    fake_kma.route(NCST_PATH, quota_after_two)
    fake_kma.route(FCST_PATH, fcst_handler(first_two))
    source = make_source(fake_kma)
    observations = source.fetch(CITIES, NOW)
    assert set(observations) == {CITIES[0].id, CITIES[1].id}
    assert hits(fake_kma) == 5  # two cities, then the one call that hit the quota
    with pytest.raises(QuotaError):
        source.fetch(CITIES, NOW + timedelta(hours=1))
    assert hits(fake_kma) == 5


def test_an_issuance_already_fetched_costs_no_calls(fake_kma: FakeKma) -> None:
    serve_cells(fake_kma, {(SEOUL.nx, SEOUL.ny): SUNNY})
    source = make_source(fake_kma)
    first = source.fetch([SEOUL], NOW)
    again = source.fetch([SEOUL], NOW + timedelta(minutes=10))  # same Ncst and Fcst bases
    assert again == first
    assert hits(fake_kma) == 2
    source.fetch([SEOUL], NOW + timedelta(hours=1))  # the next issuance is asked for
    assert hits(fake_kma) == 4


def test_a_stepped_back_answer_is_asked_for_again(fake_kma: FakeKma) -> None:
    newest = NOW.replace(minute=0)

    def late_ncst(request: Request) -> Reply:
        if request.query["base_time"] == f"{newest:%H%M}":
            return recorded_reply(NO_DATA_JSON)
        return ncst_handler({(SEOUL.nx, SEOUL.ny): SUNNY})(request)

    fake_kma.route(NCST_PATH, late_ncst)
    fake_kma.route(FCST_PATH, fcst_handler({(SEOUL.nx, SEOUL.ny): SUNNY}))
    source = make_source(fake_kma)
    assert source.fetch([SEOUL], NOW)["seoul"].observed_at == newest - timedelta(hours=1)
    source.fetch([SEOUL], NOW + timedelta(minutes=5))
    assert len(fake_kma.seen(NCST_PATH)) == 4  # 09:00 missing, 08:00 — and both again
