"""An ordered fallback chain of sources, asked per station and metered against daily quotas.

The first source is asked for every station; each next source only for the stations still
without a fresh value, so upstream calls stay minimal. A station no source had fresh keeps the
newest usable value any source gave (the refresh merge then decides against what is stored).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import InitVar, dataclass, field
from datetime import UTC, datetime

from ticker.core.catalogue import Station
from ticker.core.errors import QuotaError, RetryLaterError, UpstreamError
from ticker.core.freshness import Freshness
from ticker.core.health import Health
from ticker.core.kst import KST
from ticker.core.observations import Observation
from ticker.core.quota import QuotaLedger
from ticker.sources.base import Source
from ticker.upstream.budget import RefreshBudget

log = logging.getLogger(__name__)


@dataclass
class CallCounter:
    """Counts the HTTP requests a client sends; clients call it once per request."""

    count: int = 0

    def __call__(self) -> None:
        self.count += 1


def link_health(name: str) -> Health:
    """The Health of one source in the chain, shared with its client: "asos fetch failing"."""
    return Health(f"{name} fetch", log, lambda: datetime.now(UTC))


@dataclass
class Link:
    """One source in the chain, its request counter and how many calls a run plans."""

    source: Source
    counter: CallCounter = field(default_factory=CallCounter)
    planned_calls: Callable[[int], int] = lambda stations: 1
    # The refresh budget its client draws on; the chain restarts it at every fetch.
    budget: RefreshBudget | None = None
    # Its failing/recovered lines and the wait its upstream asked for (Retry-After); the
    # registry hands the same Health to the source's client, so the wait is kept once.
    # (Not given: its own, named after the source.)
    shared_health: InitVar[Health | None] = None
    health: Health = field(init=False)

    def __post_init__(self, shared_health: Health | None) -> None:
        self.health = shared_health or link_health(self.source.name)


def _newest(a: Observation | None, b: Observation) -> Observation:
    if a is None or a.observed_at is None:
        return b
    if b.observed_at is not None and b.observed_at > a.observed_at:
        return b
    return a


def _postponed(link: Link, now: datetime) -> RetryLaterError | None:
    """The error standing for a call not made, while the upstream's asked wait lasts."""
    health = link.health
    until = health.not_before
    if health.may_try(now):
        return None
    return RetryLaterError(f"{link.source.name} postponed until "
                           f"{until.astimezone(KST):%H:%M:%S} KST", until)


def _say_postponed(link: Link, error: RetryLaterError) -> None:
    first = link.health.first_in_series("postponed")
    log.log(logging.WARNING if first else logging.DEBUG, "%s postponed until %s KST: %s",
            link.source.name, f"{error.retry_at.astimezone(KST):%H:%M:%S}", error)


class ChainSource:
    """A Source that asks its links in order, each for the stations still lacking fresh data."""

    sample = False

    def __init__(self, links: Sequence[Link], freshness: Freshness, ledger: QuotaLedger,
                 on_attempt: Callable[[str, str | None], None] | None = None) -> None:
        self.links = tuple(links)
        for link in self.links:
            # With one link the refresher's own failing/recovered lines say it all.
            link.health.quiet = len(self.links) == 1
        # Told of every upstream fetch: (source, failure class or None), for metrics.
        self.on_attempt = on_attempt
        self.freshness = freshness
        self.ledger = ledger
        self.name = ",".join(link.source.name for link in links)
        self._paced: dict[str, str] = {}

    def _allowed(self, link: Link, wanted: int, now: datetime) -> bool:
        name = link.source.name
        allowed, why = self.ledger.allows(name, link.planned_calls(wanted), now)
        if not allowed and self._paced.get(name) != why:
            log.warning("%s skipped: %s", name, why)
        self._paced[name] = why
        return allowed

    def _ask(self, link: Link, stations: Sequence[Station], now: datetime,
             watched: frozenset[str] | None) -> dict[str, Observation]:
        health = link.health
        before = link.counter.count
        try:
            found = link.source.fetch(stations, now, watched)
        except UpstreamError as error:
            health.failed(error)
            if self.on_attempt:
                self.on_attempt(link.source.name, error.failure_class)
            raise
        finally:
            calls = link.counter.count - before
            if calls:
                self.ledger.record(link.source.name, calls, now)
        health.succeeded()
        if self.on_attempt:
            self.on_attempt(link.source.name, None)
        return found

    def fetch(self, stations: Sequence[Station], now: datetime,
              watched: frozenset[str] | None = None) -> dict[str, Observation]:
        """Fresh values per station from the first source that has them; raise if all failed.

        The first source is asked for every station; the next ones only for watched stations
        (None: all) still without a fresh value, so fallbacks are spent on what is shown.
        """
        for link in self.links:
            if link.budget is not None:
                link.budget.start()
        fresh: dict[str, Observation] = {}
        best_stale: dict[str, Observation] = {}
        errors: list[UpstreamError] = []
        for index, link in enumerate(self.links):
            wanted = [station for station in stations if station.id not in fresh and (
                index == 0 or watched is None or station.id in watched)]
            if not wanted:
                break
            waiting = _postponed(link, now)
            if waiting is not None:
                errors.append(waiting)
                continue
            if not self._allowed(link, len(wanted), now):
                errors.append(QuotaError(f"{link.source.name} paused by its daily budget"))
                continue
            try:
                found = self._ask(link, wanted, now, watched)
            except RetryLaterError as error:
                _say_postponed(link, error)
                errors.append(error)
                continue
            except UpstreamError as error:
                errors.append(error)
                continue
            for city_id, observation in found.items():
                if not observation.usable:
                    continue
                if self.freshness.is_stale(observation, now):
                    best_stale[city_id] = _newest(best_stale.get(city_id), observation)
                else:
                    fresh[city_id] = observation
        self._log_calls(now)
        result = {**best_stale, **fresh}
        if not result and errors:
            raise errors[0]
        return result

    def fetch_hour(self, stations: Sequence[Station], hour: datetime, now: datetime
                   ) -> dict[str, Observation] | None:
        """One past hour from the first source that keeps past hours, metered like any fetch.

        Runs inside the refresh that just fetched, so it draws on what is left of its budget.
        """
        for link in self.links:
            if _postponed(link, now) is not None or not self._allowed(link, 1, now):
                continue
            before = link.counter.count
            try:
                found = link.source.fetch_hour(stations, hour, now)
            finally:
                calls = link.counter.count - before
                if calls:
                    self.ledger.record(link.source.name, calls, now)
            if found is not None:
                return found
        return None

    def _log_calls(self, now: datetime) -> None:
        report = self.ledger.report(now)
        parts = []
        for link in self.links:
            usage = report.sources.get(link.source.name)
            calls, limit = (usage.calls, usage.limit) if usage else (0, None)
            parts.append(f"{link.source.name} {calls}"
                         + (f"/{limit}" if limit is not None else ""))
        log.info("upstream calls today (KST): %s", ", ".join(parts))
