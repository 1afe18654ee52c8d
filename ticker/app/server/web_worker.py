"""The web app, assembled from the ``WebConfig`` the composition root hands over.

In a Granian worker process ``build_web_app`` is the whole entry: it sets up logging, opens
the shared state and builds the app. Such a worker imports the web layer and the state it
reads, and nothing else of ours: no settings loader, no source, no upstream client, no
scheduler and no refresh code (the import-linter contract in pyproject.toml holds this
module to that). The heavy imports are inside the functions so that a process which only
pickles a reference to ``build_web_app`` never loads Flask.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

from ticker.app.logs import configure_logging
from ticker.app.server.settings import MULTIPROC_ENV, WebConfig

if TYPE_CHECKING:
    from ticker.app.server.metrics import Metrics
    from ticker.state.shared import SharedState
    from ticker.web.site import WebApp


def assemble_web_app(config: WebConfig, state: SharedState, metrics: Metrics) -> WebApp:
    """The prepared-response fast path in front of Flask, reading ``state``."""
    from ticker.app.server.metrics import render
    from ticker.core.catalogue import load_catalogue
    from ticker.core.kst import now_kst
    from ticker.core.strips import resolve_strips
    from ticker.web.context import WebContext
    from ticker.web.http.accesslog import AccessLog
    from ticker.web.site import create_app

    catalogue = load_catalogue().extended(config.stations)
    strips = resolve_strips(catalogue, config.cities, config.sets, config.set_titles)
    ctx = WebContext(
        store=state.store, cities=strips.default, sets=strips.sets, set_titles=strips.titles,
        catalogue=catalogue,
        freshness=config.freshness, clock=now_kst, quota=state.ledger, widget=config.widget,
        server=config.server,
        metrics=lambda: render(metrics, state.store, state.ledger, now_kst))
    return create_app(ctx, observe=metrics.observe_request,
                      access_log=AccessLog() if config.server.access_log else None)


def build_web_app(config: WebConfig) -> WebApp:
    """A Granian worker process's app, built from the config it was handed."""
    die_with_parent()
    if config.metrics_dir is not None:
        # prometheus-client chooses where counters live when it is first imported.
        os.environ[MULTIPROC_ENV] = str(config.metrics_dir)
    configure_logging(config.log_level, [s.get_secret_value() for s in config.secrets])

    from ticker.app.server.metrics import Metrics
    from ticker.state.shared import open_shared_state

    state = open_shared_state(config.store, config.data_dir, config.daily_limits)
    app = assemble_web_app(config, state, Metrics())
    settle_heap()
    return app


def settle_heap() -> None:
    """Exempt everything built so far from the garbage collector's full passes.

    The modules, the catalogue and the app live as long as the process; a full collection
    walking them took about 35 ms here, a pause that every reader in flight would wait out.
    """
    gc.collect()
    gc.freeze()


def die_with_parent() -> None:
    """End this worker when the process that started it dies, however it died (Linux).

    Without it a SIGKILLed ``ticker serve`` leaves its worker serving stale data on the port.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    parent = os.getppid()
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent or parent == 1:
        # The parent died before the request took effect.
        os.kill(os.getpid(), signal.SIGKILL)
