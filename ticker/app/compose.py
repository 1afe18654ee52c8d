"""The one composition root: settings -> sources -> state -> refresher -> scheduler -> web.

Every command builds its pieces here and nowhere else. A web worker gets a ``WebConfig``
built here and passed to it explicitly; it never loads the settings itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import requests
from apscheduler.schedulers.background import BackgroundScheduler
from pydantic import SecretStr

from ticker.app.refresh.backfill import Backfill
from ticker.app.refresh.feed_refresher import FeedRefresher, feed_log
from ticker.app.refresh.refresher import Refresher
from ticker.app.refresh.scheduler import build_scheduler, next_refresh_estimate
from ticker.app.server.settings import WebConfig
from ticker.app.settings import Settings
from ticker.core.catalogue import Station
from ticker.core.errors import ConfigError, UpstreamError
from ticker.core.health import Health
from ticker.core.held import FeedState
from ticker.core.kst import now_kst
from ticker.core.quota import QuotaLedger
from ticker.sources.base import Source
from ticker.sources.feeds import FEED_BY_NAME, build_feeds, every_minutes
from ticker.sources.registry import build_source
from ticker.state.file_lease import FileLease
from ticker.state.shared import SharedState, open_shared_state
from ticker.state.store import SnapshotStore
from ticker.state.writer import SnapshotWriter

log = logging.getLogger("ticker")

Job = Callable[[], object]
OnAttempt = Callable[[str, str | None], None]


@dataclass
class Backends:
    """The shared state, how the refresh job writes it and runs, and what to close at the end."""

    state: SharedState
    # The store the refresher writes through (fenced by the lease with Redis).
    writer_store: SnapshotStore
    # Wraps a scheduler job so it runs only on the leader (the lease holder with Redis, the
    # lock holder with the file store); identity for a process without a scheduler.
    lead: Callable[[Job], Job] = lambda job: job
    closers: list[Callable[[], None]] = field(default_factory=list)

    @property
    def store(self) -> SnapshotStore:
        """The store to read."""
        return self.state.store

    @property
    def ledger(self) -> QuotaLedger:
        """The quota ledger."""
        return self.state.ledger

    def close(self) -> None:
        """Release the lease and connections, in reverse order of opening."""
        for closer in reversed(self.closers):
            closer()


def open_backends(settings: Settings, elect: bool) -> Backends:
    """The backends for a process; ``elect`` when it runs a scheduler (worker or serve)."""
    state = open_shared_state(settings.store, settings.snapshot_dir,
                              settings.quota.daily_limits)
    backends = Backends(state=state, writer_store=state.store, closers=[state.close])
    if elect and state.redis_store is None:
        # Processes sharing a data directory: one fetches, the others stand by.
        lease = FileLease(settings.snapshot_dir)
        lease.held()  # says at start which this process is
        backends.lead = lambda job: (lambda: lease.run(job))
        backends.closers.append(lease.release)
    elif elect and state.redis_store is not None:
        # Imported only with Redis: redis-py is a large import for a one-machine service.
        from ticker.state.leader import LEADER_KEY, LeaderElection, RedisLock

        lease_ms = int(settings.schedule.lease_seconds * 1000)
        election = LeaderElection(RedisLock(state.redis_store.client, LEADER_KEY,
                                            ttl_ms=lease_ms))
        election.start()
        backends.writer_store = election.fenced(state.redis_store)
        for copy in state.shared_copies:  # written back by the leader if Redis loses them
            election.keep(copy)
        backends.lead = lambda job: (lambda: election.run(job))
        backends.closers.append(election.stop)
    return backends


def strip_cities(settings: Settings, set_name: str | None = None) -> tuple[Station, ...]:
    """The default strip, or the named set, in display order; ConfigError for an unknown set."""
    strips = settings.strips()
    if set_name is None:
        return strips.default
    if set_name not in strips.sets:
        known = ", ".join(strips.sets) or "none configured"
        raise ConfigError(f"unknown set {set_name!r}; sets: {known}")
    return strips.sets[set_name]


def station_name_notices(settings: Settings) -> list[str]:
    """One notice per added station without a Japanese or Chinese name (shown in English)."""
    return [f"stations: {spec.id} has no {' or '.join(spec.missing_names)}: "
            "its English name is shown instead" for spec in settings.stations
            if spec.missing_names]


def source_from_settings(settings: Settings, session: requests.Session, ledger: QuotaLedger,
                         on_attempt: OnAttempt | None = None) -> tuple[Source, list[str]]:
    """The configured fallback chain (or the sample), and notices to show about it."""
    return build_source(settings.provider, settings.accesses(),
                        settings.schedule.refresh_budget_seconds, settings.freshness,
                        session, ledger, on_attempt)


def refresh_scheduler(settings: Settings, backends: Backends, session: requests.Session,
                      on_attempt: OnAttempt | None = None
                      ) -> tuple[BackgroundScheduler, Refresher]:
    """The scheduler holding the refresh job (not started), and the refresher it runs."""
    source, notices = source_from_settings(settings, session, backends.ledger, on_attempt)
    for notice in notices:
        log.warning("%s", notice)
    strips = settings.strips()
    writer = SnapshotWriter(backends.writer_store)
    refresher = Refresher(source, backends.writer_store, strips.catalogue.stations,
                          clock=now_kst, next_refresh=next_refresh_estimate(settings.schedule),
                          watched=[station.id for station in strips.watched],
                          backfill=Backfill(source, strips.catalogue.stations)
                          if settings.schedule.backfill else None, writer=writer)
    feeds = feed_refreshers(settings, writer, backends.ledger, source.sample, session,
                            refresher.stopping)
    return build_scheduler(refresher, settings.schedule, lead=backends.lead,
                           feeds=feeds), refresher


def feed_refreshers(settings: Settings, writer: SnapshotWriter, ledger: QuotaLedger,
                    sample: bool, session: requests.Session, stopping: threading.Event
                    ) -> list[FeedRefresher]:
    """A refresher for each enabled feed, all writing through ``writer``."""
    healths: dict[str, Health] = {}

    def health_of(name: str) -> Health:
        # One per feed, shared with its client, so a Retry-After is kept once.
        return healths.setdefault(name, Health(f"{name} fetch", feed_log(name), now_kst))

    built, notices = build_feeds(settings.feeds, settings.accesses(), sample, session,
                                 health_of)
    for notice in notices:
        log.warning("%s", notice)
    refreshers = []
    for feed, counter in built:
        refreshers.append(FeedRefresher(
            feed, writer, feed_stations(settings, feed.name), now_kst, ledger,
            every=timedelta(minutes=every_minutes(settings.feeds, feed.name)),
            health=health_of(feed.name), counter=counter, stopping=stopping))
    return refreshers


def web_config(settings: Settings, log_level: str, metrics_dir: Path | None) -> WebConfig:
    """What each web worker needs, taken from the settings once."""
    return WebConfig(
        cities=settings.cities, sets=settings.set_ids(), set_titles=settings.set_titles(),
        stations=settings.stations,
        freshness=settings.freshness, server=settings.server,
        widget=settings.widget, store=settings.store, data_dir=settings.snapshot_dir,
        daily_limits=settings.quota.daily_limits, log_level=log_level,
        secrets=tuple(SecretStr(secret) for secret in settings.secrets()),
        metrics_dir=metrics_dir)


def feed_stations(settings: Settings, name: str) -> tuple[Station, ...]:
    """The stations a feed fetches for: those some strip shows, or the whole catalogue."""
    strips = settings.strips()
    return strips.watched if FEED_BY_NAME[name].watched_only else strips.catalogue.stations


def fetch_feeds_once(settings: Settings, session: requests.Session, sample: bool,
                     now: datetime) -> tuple[dict[str, FeedState], list[str]]:
    """Every enabled feed's part, fetched once (``ticker fetch``), and a line for each feed
    that is off or failed: a failed feed is left out, so its data shows as unknown."""
    built, notices = build_feeds(settings.feeds, settings.accesses(), sample, session,
                                 lambda name: Health(f"{name} fetch", feed_log(name), now_kst))
    parts: dict[str, FeedState] = {}
    for feed, _ in built:
        try:
            parts[feed.part] = feed.fetch(feed_stations(settings, feed.name), now, None)
        except UpstreamError as error:
            notices.append(f"feed {feed.name} failed ({error.failure_class}): {error}")
    return parts, notices
