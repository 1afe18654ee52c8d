"""Failure lines say the cause, plainly: against real local endpoints that refuse, stay silent,
cannot be resolved, fail TLS or answer 503, each upstream failure is one short line naming the
upstream, the host and the cause in words; the library's text is at DEBUG, never the key."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import requests
from support.brokenhosts import (
    UNRESOLVABLE,
    closed_port,
    full_backlog,
    silent_server,
    tls_server,
)
from support.clock import RECORDED_0925 as NOW
from support.fakekma import FakeKma, Reply
from support.faults import FaultyKma
from support.payloads import CANARY_KEY
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.core.errors import NetworkError, RetryLaterError
from ticker.core.redact import register_secret, secret_forms
from ticker.sources.asos import AsosSource
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH, ApiHubClient
from ticker.upstream.datagokr.client import NCST_PATH, DataGoKrClient
from ticker.upstream.failures import MAX_MESSAGE, failure_message, host_of, one_line
from ticker.upstream.transport import Timeouts, Upstream

LIMITS = Timeouts(connect=0.5, read=0.5, total=1.5)
# The CLI's prefix: the whole line it prints must stay within 200 characters.
CLI_PREFIX = "ticker: fetch failed (network): "


def failure(url: str, caplog: pytest.LogCaptureFixture, timeouts: Timeouts = LIMITS) -> str:
    """The message of the NetworkError a GET of ``url`` ends in, checked for size and key."""
    caplog.set_level(logging.DEBUG)
    register_secret(CANARY_KEY)  # as the clients do, for urllib3's request lines
    upstream = Upstream(requests.Session(), "API Hub", [CANARY_KEY], timeouts)
    with pytest.raises(NetworkError) as caught:
        upstream.get(url, {"authKey": CANARY_KEY})
    message = str(caught.value)
    assert "\n" not in message
    assert len(CLI_PREFIX + message) <= 200
    assert caught.value.__cause__ is None
    for form in secret_forms(CANARY_KEY):
        assert form not in message
        for record in caplog.records:
            assert form not in record.getMessage()
    return message


def test_a_closed_port_is_connection_refused(caplog: pytest.LogCaptureFixture) -> None:
    with closed_port() as port:
        message = failure(f"http://127.0.0.1:{port}/api", caplog)
    assert message == f"API Hub at 127.0.0.1:{port}: connection refused"
    # The library's own account is there for whoever asks for DEBUG.
    assert any("ConnectionError" in record.getMessage() and record.levelno == logging.DEBUG
               for record in caplog.records)


def test_a_name_that_cannot_resolve_says_so(caplog: pytest.LogCaptureFixture) -> None:
    message = failure(f"http://{UNRESOLVABLE}/api", caplog)
    assert message == f"API Hub at {UNRESOLVABLE}: name not resolved"


def test_a_server_that_never_answers_is_a_read_timeout(caplog: pytest.LogCaptureFixture) -> None:
    with silent_server() as port:
        message = failure(f"http://127.0.0.1:{port}/api", caplog)
    assert message == f"API Hub at 127.0.0.1:{port}: read timed out after 0.5 s"


def test_a_handshake_nobody_answers_is_a_connect_timeout(
        caplog: pytest.LogCaptureFixture) -> None:
    with full_backlog() as port:
        message = failure(f"http://127.0.0.1:{port}/api", caplog)
    assert message == f"API Hub at 127.0.0.1:{port}: connect timed out after 0.5 s"


def test_a_call_past_its_deadline_says_how_long_it_had(faulty_kma: FaultyKma,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    faulty_kma.mode = "trickle"  # a byte a second: only the total deadline ends it
    message = failure(faulty_kma.url + SFCTM2_PATH, caplog,
                      Timeouts(connect=1.0, read=5.0, total=1.0))
    assert message == f"API Hub at {host_of(faulty_kma.url)}: timed out after 1 s"


@pytest.mark.e2e  # openssl makes the certificate: a process
def test_an_untrusted_certificate_is_a_tls_failure(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    with tls_server(tmp_path) as port:
        message = failure(f"https://127.0.0.1:{port}/api", caplog)
    assert message in (
        f"API Hub at 127.0.0.1:{port}: TLS: certificate verify failed (self-signed certificate)",
        f"API Hub at 127.0.0.1:{port}: TLS: certificate verify failed (self signed certificate)")


def test_tls_spoken_to_a_plain_server_names_the_tls_error(
        fake_kma: FakeKma, caplog: pytest.LogCaptureFixture) -> None:
    message = failure(fake_kma.url.replace("http://", "https://") + SFCTM2_PATH, caplog)
    assert message == f"API Hub at {host_of(fake_kma.url)}: TLS: wrong version number"


@pytest.mark.parametrize("mode", ["reset", "truncated"])
def test_a_connection_cut_mid_answer_says_so(faulty_kma: FaultyKma, mode: str,
                                             caplog: pytest.LogCaptureFixture) -> None:
    faulty_kma.mode = mode
    message = failure(faulty_kma.url + SFCTM2_PATH, caplog)
    cause = {"reset": "connection reset by the server", "truncated": "connection broken "
             "mid-answer"}[mode]
    assert message == f"API Hub at {host_of(faulty_kma.url)}: {cause}"


def test_a_server_error_names_host_and_status_for_both_clients(fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, Reply(status=503, body=b"<html>busy</html>"))
    fake_kma.route(NCST_PATH, Reply(status=503, body=b"<html>busy</html>"))
    host = host_of(fake_kma.url)
    hub = ApiHubClient(requests.Session(), fake_kma.url, CANARY_KEY, LIMITS)
    with pytest.raises(NetworkError) as caught:
        hub.sfctm2([108], NOW)
    assert str(caught.value) == f"API Hub at {host}: answered HTTP 503"
    portal = DataGoKrClient(requests.Session(), fake_kma.url, CANARY_KEY, LIMITS)
    with pytest.raises(NetworkError) as caught:
        portal.ncst(60, 127, NOW.replace(minute=0))
    assert str(caught.value) == f"data.go.kr at {host}: answered HTTP 503"


def test_a_wait_asked_for_keeps_the_short_wording(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "503"
    faulty_kma.retry_after = "30"
    hub = ApiHubClient(requests.Session(), faulty_kma.url, CANARY_KEY, LIMITS)
    with pytest.raises(RetryLaterError) as caught:
        hub.sfctm2([108], NOW)
    assert str(caught.value).startswith(f"API Hub at {host_of(faulty_kma.url)}: "
                                        "answered HTTP 503; Retry-After: no call before ")
    assert len(str(caught.value)) <= MAX_MESSAGE


def test_the_service_logs_failing_with_the_same_words(tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    with closed_port() as port:
        client = ApiHubClient(requests.Session(), f"http://127.0.0.1:{port}", CANARY_KEY,
                              LIMITS)
        refresher = Refresher(AsosSource(fetch_text=client.sfctm2), FileStore(tmp_path),
                              CITIES, clock=lambda: NOW)
        result = refresher.run()
    assert isinstance(result.failure, NetworkError)
    failing = [record.getMessage() for record in caplog.records if "failing" in
               record.getMessage()]
    assert failing == [f"upstream fetch failing (network): API Hub at 127.0.0.1:{port}: "
                       "connection refused"]


def test_long_hosts_and_messages_stay_within_the_line() -> None:
    host = host_of("https://user:secret@" + "a" * 240 + ".example:8443/path?authKey=x")
    assert "secret" not in host and "authKey" not in host
    assert len(host) <= 60
    assert len(failure_message("API Hub", host, "x" * 300)) == MAX_MESSAGE
    assert one_line("two\n  lines\tand   tabs") == "two lines and tabs"


def test_building_a_client_leaves_logging_alone() -> None:
    """Redaction is the composition root's (``configure_logging``), not a side effect."""
    http_logger = logging.getLogger("urllib3.connectionpool")
    before = [(f, list(getattr(f, "_secrets", []))) for f in http_logger.filters]
    ApiHubClient(requests.Session(), "http://127.0.0.1:9", "another-key-1", LIMITS)
    DataGoKrClient(requests.Session(), "http://127.0.0.1:9", "another-key-2", LIMITS)
    assert [(f, list(getattr(f, "_secrets", []))) for f in http_logger.filters] == before
