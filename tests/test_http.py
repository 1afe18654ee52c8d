"""Bounded calls (ticker.upstream.transport) against the fault-injecting upstream on 127.0.0.1."""

from __future__ import annotations

import logging
import time

import pytest
import requests
from faults import FaultyKma
from payloads import CANARY_KEY

from ticker.core.errors import BudgetSpentError, NetworkError
from ticker.core.redact import secret_forms
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.transport import Timeouts, Upstream, bounded_get

# The read timeout is far above the trickle's one byte a second, so only the deadline can end it.
PATIENT = Timeouts(connect=1.0, read=5.0, total=2.0)
MIB = 1024 * 1024


def get(fake: FaultyKma, session: requests.Session | None = None, timeouts: Timeouts = PATIENT,
        max_bytes: int = MIB) -> tuple[bytes, float]:
    started = time.monotonic()
    fetched = bounded_get(session or requests.Session(), fake.url + SFCTM2_PATH,
                          {"authKey": CANARY_KEY}, timeouts, max_bytes, timeouts.total,
                          "API Hub", [CANARY_KEY])
    return fetched.body, time.monotonic() - started


def failing_get(fake: FaultyKma, **kwargs: object) -> tuple[NetworkError, float]:
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        get(fake, **kwargs)  # type: ignore[arg-type]
    for form in secret_forms(CANARY_KEY):
        assert form not in str(caught.value)
    assert caught.value.__cause__ is None
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize("announce_length", [True, False])
def test_a_body_trickling_a_byte_a_second_ends_at_the_deadline(
        faulty_kma: FaultyKma, announce_length: bool) -> None:
    faulty_kma.mode = "trickle"
    faulty_kma.announce_length = announce_length
    error, took = failing_get(faulty_kma)
    assert "cut at its 2.0 s deadline" in str(error)
    assert 1.9 <= took < 3.0


def test_headers_trickling_a_byte_a_second_end_at_the_deadline(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "slow_headers"
    error, took = failing_get(faulty_kma)
    assert "deadline" in str(error)
    assert 1.9 <= took < 3.0


def test_a_hang_ends_at_the_read_timeout_when_that_comes_first(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "hang"
    error, took = failing_get(faulty_kma, timeouts=Timeouts(connect=1.0, read=0.5, total=5.0))
    assert "ReadTimeout" in str(error)
    assert took < 1.5


def test_an_announced_body_over_the_cap_is_not_read(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "huge"
    error, took = failing_get(faulty_kma)
    assert "over the 1048576-byte cap" in str(error)
    assert took < 1.0


def test_an_unannounced_body_is_cut_at_the_cap(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "huge"
    faulty_kma.announce_length = False
    error, _ = failing_get(faulty_kma)
    assert str(error) == "API Hub body is over the 1048576-byte cap"


def test_a_body_at_the_cap_is_read_whole(faulty_kma: FaultyKma) -> None:
    body, _ = get(faulty_kma)
    capped, _ = get(faulty_kma, max_bytes=len(body))
    assert capped == body
    with pytest.raises(NetworkError):
        get(faulty_kma, max_bytes=len(body) - 1)


@pytest.mark.parametrize("mode", ["reset", "truncated"])
def test_a_connection_cut_mid_body_is_network_class(faulty_kma: FaultyKma, mode: str) -> None:
    faulty_kma.mode = mode
    error, _ = failing_get(faulty_kma)
    assert "request failed" in str(error)


def test_a_session_cut_at_its_deadline_serves_the_next_call(faulty_kma: FaultyKma) -> None:
    session = requests.Session()
    get(faulty_kma, session)  # leaves a pooled keep-alive connection
    faulty_kma.mode = "trickle"
    with pytest.raises(NetworkError):
        get(faulty_kma, session)
    faulty_kma.mode = "ok"
    again, took = get(faulty_kma, session)
    assert again.startswith(b"#START7777")
    assert took < 1.0


def test_each_call_gets_only_the_budget_left(faulty_kma: FaultyKma) -> None:
    budget = RefreshBudget(1.0)
    calls: list[str] = []
    upstream = Upstream(requests.Session(), "API Hub", [CANARY_KEY], PATIENT, budget=budget,
                        on_call=lambda: calls.append("call"))
    faulty_kma.mode = "trickle"
    budget.start()
    started = time.monotonic()
    with pytest.raises(NetworkError, match=r"1\.0 s deadline"):
        upstream.get(faulty_kma.url + SFCTM2_PATH, {})
    assert 0.9 <= time.monotonic() - started < 2.0
    with pytest.raises(BudgetSpentError):
        upstream.get(faulty_kma.url + SFCTM2_PATH, {})
    assert (faulty_kma.hits[SFCTM2_PATH], len(calls)) == (1, 1)  # the refused call was not made
    budget.start()  # the next refresh
    faulty_kma.mode = "ok"
    assert upstream.get(faulty_kma.url + SFCTM2_PATH, {}).status == 200


def test_the_key_stays_out_of_debug_logs_of_a_cut_call(faulty_kma: FaultyKma,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    from ticker.core.redact import register_secret

    register_secret(CANARY_KEY)
    caplog.set_level(logging.DEBUG)
    faulty_kma.mode = "reset"
    failing_get(faulty_kma)
    assert any("kma_sfctm2" in record.getMessage() for record in caplog.records)
    for record in caplog.records:
        for form in secret_forms(CANARY_KEY):
            assert form not in record.getMessage()
