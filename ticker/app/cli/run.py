"""``ticker serve`` and ``ticker worker``: the long-running commands, start to stop."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from ticker.app.cli.preflight import check_listen_address
from ticker.app.compose import (
    Backends,
    open_backends,
    refresh_scheduler,
    station_name_notices,
    web_config,
)
from ticker.app.server.lifecycle import (
    AddressInUseError,
    Stopper,
    claim_address,
    exit_now,
    raise_open_files,
)
from ticker.app.server.settings import MULTIPROC_ENV, WebConfig
from ticker.app.settings import Settings

if TYPE_CHECKING:
    from ticker.app.server.metrics import Metrics

log = logging.getLogger("ticker")

EXIT_ADDRESS_IN_USE = 3
METRICS_PREFIX = "ticker-metrics-"


def _metrics_directory() -> Path:
    """A fresh directory where every process's counters meet; a killed run's are removed."""
    base = Path(tempfile.gettempdir())
    for old in base.glob(f"{METRICS_PREFIX}*-*"):
        pid = old.name.removeprefix(METRICS_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{METRICS_PREFIX}{os.getpid()}-"))


def _close(backends: Backends, session: requests.Session) -> None:
    backends.close()
    session.close()


def run_serve(settings: Settings, host: str | None, port: int | None,
              with_scheduler: bool, log_level: str) -> int:
    """Serve HTTP under Granian; the refresh scheduler runs in this process unless told not."""
    from ticker.app.server.serve import (
        announce_when_listening,
        free_port,
        http_origin,
        return_freed_memory,
    )

    return_freed_memory()
    for notice in station_name_notices(settings):
        log.warning("%s", notice)

    # A mistake names what the operator typed: the flag, or the setting in config.yaml.
    check_listen_address(host or settings.server.host,
                         settings.server.port if port is None else port,
                         "--host" if host else "server.host",
                         "server.port" if port is None else "--port")
    host = host or settings.server.host
    port = settings.server.port if port is None else port
    port = port or free_port(host)
    try:
        # Held until the process exits: exit_now below ends it without returning.
        _claim = claim_address(host, port)
    except AddressInUseError as error:
        log.error("%s", error)
        return EXIT_ADDRESS_IN_USE
    raise_open_files(settings.server.max_connections * settings.server.workers + 256)
    stopper = Stopper()
    stopper.install()
    single = settings.server.in_one_process
    metrics_dir = None if single else _metrics_directory()
    if metrics_dir is not None:
        # This process counts fetches into the directory the workers count requests in;
        # prometheus-client reads it when first imported, so Metrics is imported after.
        os.environ[MULTIPROC_ENV] = str(metrics_dir)
    from ticker.app.server.metrics import Metrics

    metrics = Metrics()
    backends = open_backends(settings, elect=with_scheduler)
    session = requests.Session()
    scheduler = refresher = None
    if with_scheduler:
        scheduler, refresher = refresh_scheduler(settings, backends, session,
                                                 metrics.observe_fetch)
    note = "" if with_scheduler else "; no scheduler: a worker refreshes it"
    announcement = (f"serving on {http_origin(host, port)} "
                    f"(snapshot in {backends.store.describe()}{note})")

    def start() -> None:
        if scheduler is not None:
            scheduler.start()
        announce_when_listening(host, port, announcement)

    def stop() -> None:
        if refresher is not None:
            refresher.stopping.set()
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        _close(backends, session)

    config = web_config(settings, log_level, metrics_dir)
    try:
        if single:
            _serve_here(settings, config, backends, metrics, host, port, stopper, start)
            stop()
        else:
            from ticker.app.server.serve import run_worker_processes

            run_worker_processes(config, host, port, stopper, start, stop)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    log.info("stopped")
    stopper.finished()
    # A refresh abandoned mid-flight may still hold a thread: it must not hold the exit.
    exit_now(0)


def _serve_here(settings: Settings, config: WebConfig, backends: Backends, metrics: Metrics,
                host: str, port: int, stopper: Stopper, start: Callable[[], None]) -> None:
    from ticker.app.server.rsgi import RsgiApp
    from ticker.app.server.serve import run_single_process
    from ticker.app.server.web_worker import assemble_web_app, settle_heap

    app = assemble_web_app(config, backends.state, metrics)
    rsgi = RsgiApp(app, settings.server.threads)
    settle_heap()
    try:
        run_single_process(rsgi, settings.server, host, port, stopper, start)
    finally:
        rsgi.close()
        app.close()


def run_worker(settings: Settings) -> int:
    """Run only the scheduler, writing the store, until SIGTERM or SIGINT."""
    stopper = Stopper()
    stopper.install()
    backends = open_backends(settings, elect=True)
    session = requests.Session()
    scheduler, refresher = refresh_scheduler(settings, backends, session)

    def stop() -> None:
        refresher.stopping.set()
        scheduler.shutdown(wait=False)

    stopper.on_stop(stop)
    scheduler.start()
    log.info("worker refreshing %s", backends.store.describe())
    stopper.stopping.wait()
    _close(backends, session)
    log.info("stopped")
    stopper.finished()
    exit_now(0)
