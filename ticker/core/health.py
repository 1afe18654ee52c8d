"""Whether one thing works: "failing" said once, "recovered" said once, and when to try again.

One ``Health`` per thing that can fail on its own (an upstream fetch, a source of the chain,
one Redis user), in the manner of Home Assistant's ``DataUpdateCoordinator``:

* ``failed(error)`` logs "X failing (class): …" at the first failure of a series, a change of
  failure class within the series once at WARNING, and repeats only at DEBUG; a rejected key
  is said at ERROR, since only a person can mend it.
* ``succeeded()`` logs "X recovered after N failed run(s) (last: class)" once, and ends the
  series.
* A "not before" time (an upstream's Retry-After, a backoff between probes) is kept here and
  nowhere else: ``postpone(until)`` sets it, a ``RetryLaterError`` sets it when recorded, and
  ``may_try(now)`` says whether a call may be made. With ``probe_every`` a failed thing is
  probed by one caller per interval; the others are told to wait.

The logger and the clock are arguments; the clock may give monotonic seconds (``float``) or
aware datetimes, as long as ``probe_every`` is of the matching duration type. Thread-safe.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from ticker.core.errors import RejectedKeyError, RetryLaterError

# A moment of the health's clock (float seconds or datetime) and a duration to add to one.
Moment = Any
Clock = Callable[[], Moment]


def failure_class(error: BaseException) -> str:
    """The class an error is logged and counted under: ours, or the exception's type name."""
    return str(getattr(error, "failure_class", type(error).__name__))


class Health:
    """Failure bookkeeping for one thing: a series of failures, its log lines, its wait."""

    def __init__(self, label: str, log: logging.Logger, clock: Clock, *,
                 probe_every: Any = None) -> None:
        self.label = label
        self.log = log
        # Set by an owner whose own Health already says it all (one source in the chain).
        self.quiet = False
        self._clock = clock
        self._probe_every = probe_every
        self._lock = threading.Lock()
        self._failing: BaseException | None = None
        self._failures = 0
        self._since: Moment = None
        self._not_before: Moment = None
        self._said: set[str] = set()

    @property
    def failing(self) -> BaseException | None:
        """The latest error of the current series of failures; None while it works."""
        return self._failing

    @property
    def down(self) -> bool:
        """True from a failure until the next success."""
        return self._failing is not None

    @property
    def not_before(self) -> Moment:
        """No call should be made before this moment (None: no wait)."""
        return self._not_before

    def may_try(self, now: Moment = None) -> bool:
        """Whether a call may be made ``now`` (default: the clock's now); claims the probe."""
        with self._lock:
            if self._not_before is None:
                return True
            now = self._clock() if now is None else now
            if now < self._not_before:
                return False
            probing = self._probe_every is not None and self._failing is not None
            self._not_before = now + self._probe_every if probing else None
            return True

    def postpone(self, until: Moment) -> None:
        """Make no call before ``until`` (an upstream's Retry-After)."""
        with self._lock:
            self._not_before = until

    def first_in_series(self, what: str) -> bool:
        """True the first time ``what`` is noted in this series of failures (say it once)."""
        with self._lock:
            first = what not in self._said
            self._said.add(what)
            return first

    def failed(self, error: BaseException) -> None:
        """Record a failure; its wait, if it asks for one; and log it as the series stands."""
        with self._lock:
            previous, self._failing = self._failing, error
            self._failures += 1
            if previous is None:
                self._since = self._clock()
            if isinstance(error, RetryLaterError):
                self._not_before = error.retry_at
            elif self._probe_every is not None:
                self._not_before = self._clock() + self._probe_every
        if not self.quiet:
            self._report_failure(error, previous)

    def succeeded(self) -> None:
        """Record a success; logs once if it ends a series of failures."""
        with self._lock:
            last, failures, since = self._failing, self._failures, self._since
            self._failing, self._failures, self._since = None, 0, None
            self._not_before = None
            self._said.clear()
        if last is not None and not self.quiet:
            self._report_recovery(last, failures, since)

    def _report_failure(self, error: BaseException, previous: BaseException | None) -> None:
        kind = failure_class(error)
        loud = logging.ERROR if isinstance(error, RejectedKeyError) else logging.WARNING
        if previous is None:
            self.log.log(loud, "%s failing (%s): %s", self.label, kind, error)
        elif kind != failure_class(previous):
            self.log.log(loud, "%s still failing, now (%s): %s", self.label, kind, error)
        else:
            self.log.debug("%s still failing (%s): %s", self.label, kind, error)

    def _report_recovery(self, last: BaseException, failures: int, since: Moment) -> None:
        self.log.warning("%s recovered after %d failed run(s) (last: %s)",
                         self.label, failures, failure_class(last))
