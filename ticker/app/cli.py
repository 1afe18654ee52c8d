"""``ticker fetch | serve | worker``: parse the command line, load settings once, run."""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

import requests

from ticker import __version__
from ticker.app.compose import (
    open_backends,
    refresh_scheduler,
    source_from_settings,
    strip_cities,
    web_config,
)
from ticker.app.logs import configure_logging
from ticker.app.refresh import fetch_snapshot
from ticker.app.settings import Settings, load_settings
from ticker.app.table import text_table
from ticker.app.web_worker import MULTIPROC_ENV
from ticker.core.documents import weather_document
from ticker.core.errors import ConfigError, UpstreamError
from ticker.core.kst import now_kst

log = logging.getLogger("ticker")

EXIT_FETCH_FAILED = 1
EXIT_CONFIG = 2
LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"]


def _parser() -> argparse.ArgumentParser:
    # --log-level is accepted before and after the command: `ticker fetch --log-level DEBUG`.
    level = argparse.ArgumentParser(add_help=False)
    level.add_argument("--log-level", choices=LOG_LEVELS, default=argparse.SUPPRESS,
                       help="default: WARNING for fetch, INFO for serve and worker")
    parser = argparse.ArgumentParser(prog="ticker", description="KMA weather ticker service",
                                     parents=[level])
    parser.add_argument("--version", action="version", version=f"ticker {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", parents=[level],
                                help="fetch once and print the cities")
    fetch.add_argument("--json", action="store_true", help="print the snapshot as JSON")
    fetch.add_argument("--lang", choices=["ko", "en"], default="ko")
    fetch.add_argument("--set", metavar="NAME", help="print this set's strip (config.yaml sets:)")
    serve = commands.add_parser("serve", parents=[level],
                                help="serve HTTP, with the refresh scheduler in-process")
    serve.add_argument("--host", help="listen address (default from config: 127.0.0.1)")
    serve.add_argument("--port", type=int, help="listen port (default from config: 8080)")
    serve.add_argument("--no-scheduler", action="store_true",
                       help="only serve what the store holds; a `ticker worker` refreshes it")
    commands.add_parser("worker", parents=[level],
                        help="run only the refresh scheduler, writing the store")
    return parser


def run_fetch(settings: Settings, as_json: bool, lang: str, set_name: str | None = None) -> int:
    """Fetch once and print; exit non-zero with one line when nothing usable came back."""
    try:
        cities = strip_cities(settings, set_name)
    except ConfigError as exc:
        print(f"ticker: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    with requests.Session() as session:
        backends = open_backends(settings, elect=False)
        source, notices = source_from_settings(settings, session, backends.ledger)
        for notice in notices:
            print(f"ticker: {notice}", file=sys.stderr)
        now = now_kst()
        try:
            snapshot = fetch_snapshot(source, cities, now)
        except UpstreamError as exc:
            print(f"ticker: fetch failed ({exc.failure_class}): {exc}", file=sys.stderr)
            return EXIT_FETCH_FAILED
        finally:
            backends.close()
    document = weather_document(snapshot, cities, lang, now, settings.freshness)
    if as_json:
        print(json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(text_table(document))
    return 0


def _stop_on_signals(stop: threading.Event) -> None:
    """SIGTERM and SIGINT end the process cleanly: the main loop sees SystemExit."""

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


def _metrics_directory() -> Path:
    """Where every process's counters meet (prometheus-client's multiprocess mode)."""
    directory = tempfile.mkdtemp(prefix="ticker-metrics-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return Path(directory)


def run_serve(settings: Settings, host: str | None, port: int | None,
              with_scheduler: bool, log_level: str) -> int:
    """Serve HTTP under Granian; the refresh scheduler runs in this process unless told not."""
    metrics_dir = _metrics_directory()
    # This process counts fetches into the same directory as the workers count requests;
    # prometheus-client reads it at import, so the imports below come after.
    os.environ[MULTIPROC_ENV] = str(metrics_dir)
    from ticker.app.serve import announce_when_listening, free_port, run_granian
    from ticker.web.metrics import Metrics

    host = host or settings.server.host
    port = settings.server.port if port is None else port
    port = port or free_port(host)
    metrics = Metrics()
    backends = open_backends(settings, elect=with_scheduler)
    session = requests.Session()
    scheduler = None
    if with_scheduler:
        scheduler = refresh_scheduler(settings, backends, session, metrics.observe_fetch)

    def on_start() -> None:
        configure_logging(log_level, settings.secrets())
        if scheduler is not None:
            scheduler.start()
        note = "" if with_scheduler else "; no scheduler: a worker refreshes it"
        announce_when_listening(host, port, f"serving on http://{host}:{port} "
                                f"(snapshot in {backends.store.describe()}{note})")

    def on_stop() -> None:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        backends.close()
        session.close()
        log.info("stopped")

    run_granian(web_config(settings, log_level, metrics_dir), host, port, on_start, on_stop)
    return 0


def run_worker(settings: Settings) -> int:
    """Run only the scheduler, writing the store, until SIGTERM or SIGINT."""
    backends = open_backends(settings, elect=True)
    stop = threading.Event()
    _stop_on_signals(stop)
    with requests.Session() as session:
        scheduler = refresh_scheduler(settings, backends, session)
        scheduler.start()
        log.info("worker refreshing %s", backends.store.describe())
        try:
            while not stop.wait(timeout=3600):
                pass
        except SystemExit:
            pass
        finally:
            scheduler.shutdown(wait=False)
            backends.close()
    log.info("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ticker`` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"ticker: invalid configuration: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    level = getattr(args, "log_level", None) or (
        "WARNING" if args.command == "fetch" else "INFO")
    configure_logging(level, settings.secrets())
    if args.command == "fetch":
        return run_fetch(settings, args.json, args.lang, args.set)
    if args.command == "serve":
        return run_serve(settings, args.host, args.port, not args.no_scheduler, level)
    return run_worker(settings)
