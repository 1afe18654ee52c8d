"""The web app as each Granian worker builds it (``app_factory``), from the CLI's settings.

Only worker processes import this module: the main process, which runs the scheduler, never
loads Flask or the templates (see ``ticker.granian_run``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from flask import Flask

from ticker.app.backends import open_backends
from ticker.app.logs import ENV_LOG_LEVEL, configure_logging
from ticker.app.scheduler import refresh_trigger
from ticker.app.settings import ScheduleSettings, Settings, load_settings
from ticker.core.cities import cities_by_ids
from ticker.core.kst import KST
from ticker.core.quota import QuotaLedger
from ticker.state.store import SnapshotStore
from ticker.web.accesslog import AccessLog
from ticker.web.app import create_app
from ticker.web.context import WebContext
from ticker.web.metrics import Metrics, render


def now_kst() -> datetime:
    """The wall clock in KST."""
    return datetime.now(KST)


def next_refresh_estimate(schedule: ScheduleSettings) -> Callable[[datetime], datetime | None]:
    """When the scheduler fires next, as web nodes estimate it for Cache-Control."""
    trigger = refresh_trigger(schedule.model_copy(update={"jitter_seconds": 0}))
    return lambda now: trigger.get_next_fire_time(None, now)


def web_context(settings: Settings, store: SnapshotStore, quota: QuotaLedger,
                metrics: Metrics | None) -> WebContext:
    """What the web layer reads, from settings and the shared state."""
    exposition = None if metrics is None else (
        lambda: render(metrics, store, quota, now_kst))
    return WebContext(store=store, cities=cities_by_ids(settings.cities),
                      freshness=settings.freshness.freshness(), clock=now_kst, quota=quota,
                      widget=settings.widget, next_refresh=next_refresh_estimate(settings.schedule),
                      metrics=exposition)


def app_factory() -> Flask:
    """Granian's entry in each worker: the app built from the same settings as the CLI's."""
    settings = load_settings()
    configure_logging(os.environ.get(ENV_LOG_LEVEL, "INFO"), settings.secrets())
    backends = open_backends(settings, elect=False)
    store, quota = backends.store, backends.ledger
    metrics = Metrics()
    return create_app(web_context(settings, store, quota, metrics),
                      observe=metrics.observe_request,
                      trusted_hosts=frozenset(settings.server.trusted_hosts),
                      access_log=AccessLog() if settings.server.access_log else None)
