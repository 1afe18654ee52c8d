"""Transition logging: "failing" once when something starts failing, "recovered" once after."""

from __future__ import annotations

import logging

from ticker.core.errors import UpstreamError

log = logging.getLogger("ticker.refresh")


class HealthLog:
    """Remembers whether ``label`` is failing, so each transition is logged exactly once."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.failing: UpstreamError | None = None
        self.failures = 0

    def failed(self, error: UpstreamError) -> None:
        """Record a failure; only the first of a series is logged at WARNING."""
        self.failures += 1
        if self.failing is None:
            log.warning("%s failing (%s): %s", self.label, error.failure_class, error)
        else:
            log.debug("%s still failing (%s): %s", self.label, error.failure_class, error)
        self.failing = error

    def succeeded(self) -> None:
        """Record a success; logs once if it ends a series of failures."""
        if self.failing is not None:
            log.warning("%s recovered after %d failed run(s) (last: %s)",
                        self.label, self.failures, self.failing.failure_class)
        self.failing = None
        self.failures = 0
