"""Bounded calls (ticker.upstream.transport) against the fault-injecting upstream on 127.0.0.1.

What ended a call is read from its message, not from a stopwatch: elapsed times are only
checked from below (a deadline never fires early); how fast things are belongs in bench/.
"""

from __future__ import annotations

import logging
import time

import pytest
import requests
from support.faults import FaultyKma
from support.payloads import CANARY_KEY

from ticker.core.errors import BudgetSpentError, NetworkError
from ticker.core.redact import secret_forms
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.failures import host_of
from ticker.upstream.transport import Timeouts, Upstream, bounded_get

# Calls that end by themselves: the deadline is a ceiling no loopback answer comes near.
PATIENT = Timeouts(connect=1.0, read=5.0, total=2.0)
# A byte every TRICKLE seconds: the read timeout (ten of them) never fires, so only the
# deadline (five of them: long enough to see bytes arrive, short enough not to wait) ends it.
TRICKLE = 0.1
CUT = Timeouts(connect=1.0, read=1.0, total=0.5)
MIB = 1024 * 1024


def get(fake: FaultyKma, session: requests.Session | None = None, timeouts: Timeouts = PATIENT,
        max_bytes: int = MIB) -> tuple[bytes, float]:
    started = time.monotonic()
    fetched = bounded_get(session or requests.Session(), fake.url + SFCTM2_PATH,
                          {"authKey": CANARY_KEY}, timeouts, max_bytes, timeouts.total,
                          "API Hub", [CANARY_KEY])
    return fetched.body, time.monotonic() - started


def at(fake: FaultyKma, cause: str) -> str:
    """The message of a call to ``fake`` that failed for ``cause``."""
    return f"API Hub at {host_of(fake.url)}: {cause}"


def failing_get(fake: FaultyKma, **kwargs: object) -> tuple[NetworkError, float]:
    started = time.monotonic()
    with pytest.raises(NetworkError) as caught:
        get(fake, **kwargs)  # type: ignore[arg-type]
    for form in secret_forms(CANARY_KEY):
        assert form not in str(caught.value)
    assert caught.value.__cause__ is None
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize(("mode", "announce_length"), [
    ("trickle", True), ("trickle", False),  # a body, with or without Content-Length
    ("slow_headers", True),                 # the headers themselves
])
def test_a_trickle_ends_at_the_deadline(faulty_kma: FaultyKma, mode: str,
                                        announce_length: bool) -> None:
    faulty_kma.mode = mode
    faulty_kma.trickle_interval = TRICKLE
    faulty_kma.announce_length = announce_length
    error, took = failing_get(faulty_kma, timeouts=CUT)
    # The read timeout never fires on a trickle: only the deadline can say this.
    assert str(error) == at(faulty_kma, "timed out after 0.5 s")
    assert took >= 0.95 * CUT.total


def test_a_hang_ends_at_the_read_timeout_when_that_comes_first(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "hang"
    error, took = failing_get(faulty_kma, timeouts=Timeouts(connect=1.0, read=0.5, total=5.0))
    assert str(error) == at(faulty_kma, "read timed out after 0.5 s")
    assert took >= 0.45


def test_an_announced_body_over_the_cap_is_not_read(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "huge"
    error, _ = failing_get(faulty_kma)
    # Judged from Content-Length alone: the message says what was announced.
    assert str(error).startswith(at(faulty_kma, "announced a body of "))
    assert str(error).endswith(f" bytes, over the {MIB}-byte cap")


def test_an_unannounced_body_is_cut_at_the_cap(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "huge"
    faulty_kma.announce_length = False
    error, _ = failing_get(faulty_kma)
    assert str(error) == at(faulty_kma, f"body over the {MIB}-byte cap")


def test_a_body_at_the_cap_is_read_whole(faulty_kma: FaultyKma) -> None:
    body, _ = get(faulty_kma)
    capped, _ = get(faulty_kma, max_bytes=len(body))
    assert capped == body
    with pytest.raises(NetworkError):
        get(faulty_kma, max_bytes=len(body) - 1)


@pytest.mark.parametrize(("mode", "cause"), [("reset", "connection reset by the server"),
                                             ("truncated", "connection broken mid-answer")])
def test_a_connection_cut_mid_body_is_network_class(faulty_kma: FaultyKma, mode: str,
                                                    cause: str) -> None:
    faulty_kma.mode = mode
    error, _ = failing_get(faulty_kma)
    assert str(error) == at(faulty_kma, cause)


def test_a_session_cut_at_its_deadline_serves_the_next_call(faulty_kma: FaultyKma) -> None:
    session = requests.Session()
    get(faulty_kma, session)  # leaves a pooled keep-alive connection
    faulty_kma.mode = "trickle"
    faulty_kma.trickle_interval = TRICKLE
    with pytest.raises(NetworkError):
        get(faulty_kma, session, timeouts=CUT)
    faulty_kma.mode = "ok"
    again, _ = get(faulty_kma, session)
    assert again.startswith(b"#START7777")


def test_each_call_gets_only_the_budget_left(faulty_kma: FaultyKma) -> None:
    budget = RefreshBudget(0.5)
    calls: list[str] = []
    upstream = Upstream(requests.Session(), "API Hub", [CANARY_KEY], PATIENT, budget=budget,
                        on_call=lambda: calls.append("call"))
    faulty_kma.mode = "trickle"
    faulty_kma.trickle_interval = TRICKLE
    budget.start()
    started = time.monotonic()
    # Cut at the 0.5 s the budget had left, not at the call's own 2 s.
    with pytest.raises(NetworkError, match=r": timed out after 0.5 s$"):
        upstream.get(faulty_kma.url + SFCTM2_PATH, {})
    assert time.monotonic() - started >= 0.45
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
