"""Bounded upstream calls, the one transport both KMA clients use.

Every call has a connect timeout, a read timeout (each socket read), a total deadline (the
whole call, headers and body: see ``ticker.upstream.watchdog``) and a body size cap; breaking
any of them is a NetworkError whose message is one short line: the upstream, its host and the
cause in words (``ticker.upstream.failures``); the library's own text goes to DEBUG. A call
also draws on the refresh budget, when one is given, and an upstream that asked us to wait
(HTTP 429/503 with Retry-After) is not called before the time it named: the wait is kept in
the upstream's ``Health`` (``ticker.core.health``), which the fallback chain shares, so
step-backs, per-city loops and the chain's next runs all obey the one wait.
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import requests
import urllib3

from ticker.core.errors import BudgetSpentError, NetworkError, RetryLaterError, UpstreamError
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.core.redact import redact
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.failures import describe_cause, failure_message, host_of, one_line, seconds
from ticker.upstream.watchdog import deadline, watch_session

# sfctm2 for 16 stations is about 5 KB and a data.go.kr answer about 15 KB: 2 MiB is far above
# any real answer and far below what would hurt the process.
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
CHUNK_BYTES = 16 * 1024
# A Retry-After beyond this is treated as this: a bad header must not silence a source for days.
MAX_RETRY_AFTER = timedelta(hours=1)
RETRY_STATUSES = (429, 503)

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The wall clock, timezone-aware."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Timeouts:
    """Seconds one upstream call may take: to connect, per socket read, and in total."""

    connect: float = 5.0
    read: float = 15.0
    total: float = 20.0


# The limits a client gets unless its settings say otherwise (``ticker.sources.access``).
DEFAULT_TIMEOUTS = Timeouts()


@dataclass(frozen=True)
class Fetched:
    """What a bounded call brought back: the status, the headers and the whole body."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    # host[:port] it came from, for messages about the answer.
    host: str = ""


# Everything a cut or broken connection can raise on the way through requests and urllib3.
_TRANSPORT_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError,
                     http.client.HTTPException, OSError)


def _read_capped(response: requests.Response, max_bytes: int, label: str, host: str) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise NetworkError(failure_message(label, host, f"announced a body of {int(declared)} "
                                                        f"bytes, over the {max_bytes}-byte cap"))
    chunks: list[bytes] = []
    size = 0
    # Decoded bytes are counted, so a small compressed body cannot expand past the cap.
    for chunk in response.iter_content(CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise NetworkError(failure_message(label, host,
                                               f"body over the {max_bytes}-byte cap"))
        chunks.append(chunk)
    return b"".join(chunks)


def bounded_get(session: requests.Session, url: str, params: Mapping[str, str],
                timeouts: Timeouts, max_bytes: int, deadline_s: float, label: str,
                secrets: Iterable[str] = ()) -> Fetched:
    """GET ``url`` within ``deadline_s`` seconds and ``max_bytes``; NetworkError otherwise.

    The session gets a DeadlineAdapter for the URL's origin on first use. Messages name the
    root cause in words and never chain the original exception, whose text (requests puts the
    full URL into it) would carry the key into tracebacks; that text, scrubbed of ``secrets``,
    is logged at DEBUG.
    """
    watch_session(session, url)
    host = host_of(url)
    limit = (min(timeouts.connect, deadline_s), min(timeouts.read, deadline_s))
    cut = failure_message(label, host, f"timed out after {seconds(deadline_s)} s")
    with deadline(deadline_s) as watch:
        try:
            response = session.get(url, params=params, timeout=limit, stream=True)
            try:
                body = _read_capped(response, max_bytes, label, host)
            finally:
                response.close()
        except _TRANSPORT_ERRORS as exc:
            log.debug("%s call to %s failed: %s: %s", label, host, type(exc).__name__,
                      redact(str(exc), secrets))
            if watch.expired:
                raise NetworkError(cut) from None
            raise NetworkError(failure_message(label, host, describe_cause(exc, *limit))) from None
        # A body without Content-Length ends "cleanly" when the watch cuts its socket.
        if watch.expired:
            raise NetworkError(cut)
    return Fetched(status=response.status_code, headers=response.headers, body=body, host=host)


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """The wait a Retry-After header asks for (seconds or an HTTP-date), capped; None if none."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        wait = timedelta(seconds=int(value[:9]))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" dates: RFC 5322 says UTC, with no zone known
            when = when.replace(tzinfo=UTC)
        wait = when - now
    if wait <= timedelta(0):
        return None
    return min(wait, MAX_RETRY_AFTER)


class Upstream:
    """One upstream's transport: bounded calls, the budget they draw on, and its asked wait."""

    def __init__(self, session: requests.Session, label: str,
                 secrets: Iterable[str], timeouts: Timeouts | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, budget: RefreshBudget | None = None,
                 on_call: Callable[[], None] | None = None, clock: Clock = utc_now,
                 health: Health | None = None) -> None:
        self._session = session
        self.label = label
        self._secrets = tuple(secrets)
        self._timeouts = timeouts or DEFAULT_TIMEOUTS
        self._max_bytes = max_bytes
        self._budget = budget
        self._on_call = on_call
        self._clock = clock
        # Holds the asked wait; the chain passes the one its link keeps, so both obey it.
        self.health = health or Health(label, log, clock)

    def _admit(self) -> float:
        """The deadline for a call made now; raise instead when no call may be made."""
        until = self.health.not_before
        if not self.health.may_try(self._clock()):
            raise RetryLaterError(f"{self.label} asked us to wait: no call before "
                                  f"{until.astimezone(KST):%H:%M:%S} KST", until)
        left = self._budget.remaining() if self._budget is not None else self._timeouts.total
        if left <= 0:
            raise BudgetSpentError(f"{self.label} call not made: the refresh budget is spent")
        return min(self._timeouts.total, left)

    def get(self, url: str, params: Mapping[str, str]) -> Fetched:
        """One bounded GET, counted through ``on_call`` only when it is really sent."""
        deadline_s = self._admit()
        if self._on_call is not None:
            # Counted before sending: a call whose answer is lost may still count upstream.
            self._on_call()
        return bounded_get(self._session, url, params, self._timeouts, self._max_bytes,
                           deadline_s, self.label, self._secrets)

    def failure_of(self, error: UpstreamError, fetched: Fetched) -> UpstreamError:
        """The error to raise for ``error``: scrubbed and on one line; a network-class 429/503
        with Retry-After becomes a RetryLaterError and sets the wait."""
        text = one_line(redact(str(error), self._secrets))
        if type(error) is NetworkError and fetched.host:
            # A server error is about one host: "API Hub at host: answered HTTP 503".
            text = failure_message(self.label, fetched.host,
                                   text.removeprefix(self.label).lstrip(": "))
        # Quota and key errors keep their class whatever the status: they decide more.
        if type(error) is not NetworkError or fetched.status not in RETRY_STATUSES:
            return type(error)(text)
        now = self._clock()
        wait = retry_after(fetched.headers.get("Retry-After"), now)
        if wait is None:
            return NetworkError(text)
        until = now + wait
        self.health.postpone(until)
        return RetryLaterError(f"{text}; Retry-After: no call before "
                               f"{until.astimezone(KST):%H:%M:%S} KST", until)
