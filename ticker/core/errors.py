"""Our error tree. Every upstream failure is one of a few classes the service acts on.

    TickerError
    ├── ConfigError                 invalid configuration; stops start-up
    ├── StoreError                  the shared state could not be read or written
    │   ├── StoreUnavailableError   the store (Redis) is unreachable: serve memory, retry later
    │   └── StaleWriteError         a write was refused: a newer version is already stored
    └── UpstreamError               an upstream call gave nothing usable
        ├── NetworkError            connect/read failure, timeout, HTTP 5xx: retry later
        │   ├── RetryLaterError     HTTP 429/503 with Retry-After: no call before retry_at
        │   └── BudgetSpentError    the refresh's time budget ran out before this call
        ├── RejectedKeyError        key invalid, not applied for, or access denied: stop, say once
        ├── QuotaError              daily call limit reached: stop until midnight KST
        ├── MalformedPayloadError   a body we cannot trust: keep the last good data
        └── NoDataError             the upstream has no data for what we asked (yet)

Messages never contain an API key: clients build them from scrubbed text only.
"""

from __future__ import annotations

from datetime import datetime


class TickerError(Exception):
    """Base of all errors this package raises on purpose."""


class ConfigError(TickerError):
    """Configuration is invalid; the message names the key and the expected form."""


class StoreError(TickerError):
    """The shared state could not be read or written; ``failure_class`` names why."""

    failure_class = "store"


class StoreUnavailableError(StoreError):
    """The store could not be reached or timed out; a write did not happen."""

    failure_class = "store unavailable"


class StaleWriteError(StoreError):
    """A write was refused: another writer stored a newer version since this one read."""

    failure_class = "stale write"

    def __init__(self, expected: int | None, current: int, reason: str = "") -> None:
        self.expected = expected
        self.current = current
        super().__init__(reason or f"write based on version {expected} refused: "
                                   f"version {current} is already stored")


class UpstreamError(TickerError):
    """An upstream call failed; ``failure_class`` names the class for logs and metrics."""

    failure_class = "upstream"


class NetworkError(UpstreamError):
    """The upstream could not be reached, timed out, or answered with a server error."""

    failure_class = "network"


class RetryLaterError(NetworkError):
    """The upstream asked us to wait (HTTP 429/503 with Retry-After) until ``retry_at``."""

    def __init__(self, message: str, retry_at: datetime) -> None:
        super().__init__(message)
        self.retry_at = retry_at


class BudgetSpentError(NetworkError):
    """The refresh's time budget was spent before this call could be made."""


class RejectedKeyError(UpstreamError):
    """The upstream refused the key (invalid, not applied for, expired, not allowed)."""

    failure_class = "rejected key"


class QuotaError(UpstreamError):
    """The upstream's daily call quota is spent."""

    failure_class = "quota"


class MalformedPayloadError(UpstreamError):
    """The upstream body does not have the layout we require."""

    failure_class = "malformed"


class NoDataError(UpstreamError):
    """The upstream answered correctly but holds no data for the request."""

    failure_class = "no data"
