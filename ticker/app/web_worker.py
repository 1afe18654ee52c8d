"""What runs in each Granian worker: the web app, built from the ``WebConfig`` it is handed.

A worker imports the web layer and the state it reads, and nothing else of ours: no
settings loader, no source, no upstream client, no scheduler and no refresh code (the
import-linter contract in pyproject.toml holds this module to that). The heavy imports are
inside ``build_web_app`` so that the main process, which only pickles a reference to it,
never loads Flask.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ticker.app.logs import configure_logging
from ticker.web.settings import WebConfig

if TYPE_CHECKING:
    from ticker.web.app import WebApp

# prometheus-client chooses where counters live when it is first imported.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def build_web_app(config: WebConfig) -> WebApp:
    """The WSGI app of one worker: the prepared-response fast path in front of Flask."""
    if config.metrics_dir is not None:
        # A library requirement: prometheus-client reads it from the environment at import.
        os.environ[MULTIPROC_ENV] = str(config.metrics_dir)
    configure_logging(config.log_level, [s.get_secret_value() for s in config.secrets])

    from ticker.core.catalogue import load_catalogue
    from ticker.core.kst import now_kst
    from ticker.core.strips import resolve_strips
    from ticker.state.shared import open_shared_state
    from ticker.web.accesslog import AccessLog
    from ticker.web.app import create_app
    from ticker.web.context import WebContext
    from ticker.web.metrics import Metrics, render

    state = open_shared_state(config.store, config.data_dir, config.daily_limits)
    catalogue = load_catalogue().extended(config.stations)
    strips = resolve_strips(catalogue, config.cities, config.sets)
    metrics = Metrics()
    ctx = WebContext(
        store=state.store, cities=strips.default, sets=strips.sets, catalogue=catalogue,
        freshness=config.freshness,
        clock=now_kst, quota=state.ledger, widget=config.widget, server=config.server,
        metrics=lambda: render(metrics, state.store, state.ledger, now_kst))
    return create_app(ctx, observe=metrics.observe_request,
                      access_log=AccessLog() if config.server.access_log else None)
