"""``ticker fetch | serve | worker``: parse the command line, load settings once, run."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence

import requests

from ticker import __version__
from ticker.app.cli.preflight import check_data_dir, check_redis
from ticker.app.cli.table import text_table
from ticker.app.compose import (
    fetch_feeds_once,
    open_backends,
    source_from_settings,
    strip_cities,
)
from ticker.app.logs import configure_logging
from ticker.app.refresh.refresher import fetch_snapshot
from ticker.app.settings import Settings, load_settings
from ticker.core.documents import weather_document
from ticker.core.errors import ConfigError, UpstreamError
from ticker.core.kst import now_kst
from ticker.core.langs import LANGS

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
    fetch.add_argument("--lang", choices=LANGS, default="ko")
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
        log.debug("fetching %d stations from %s", len(cities), source.name)
        try:
            snapshot = fetch_snapshot(source, cities, now)
        except UpstreamError as exc:
            print(f"ticker: fetch failed ({exc.failure_class}): {exc}", file=sys.stderr)
            return EXIT_FETCH_FAILED
        finally:
            backends.close()
        parts, notices = fetch_feeds_once(settings, session, source.sample, now)
        for notice in notices:
            print(f"ticker: {notice}", file=sys.stderr)
        snapshot = snapshot.model_copy(update=parts)
    document = weather_document(snapshot, cities, lang, now, settings.freshness)
    if as_json:
        print(json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(text_table(document))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ticker`` console script."""
    args = _parser().parse_args(argv)
    # Everything but a web node without a scheduler writes the data directory.
    writes = args.command != "serve" or not args.no_scheduler
    try:
        settings = load_settings()
        check_data_dir(settings, os.environ, writes)
        level = getattr(args, "log_level", None) or (
            "WARNING" if args.command == "fetch" else "INFO")
        configure_logging(level, settings.secrets())
        check_redis(settings.store)
        return _run(args, settings, level)
    except ConfigError as exc:
        print(f"ticker: invalid configuration: {exc}", file=sys.stderr)
        return EXIT_CONFIG


def _run(args: argparse.Namespace, settings: Settings, level: str) -> int:
    if args.command == "fetch":
        return run_fetch(settings, args.json, args.lang, args.set)
    if args.command == "serve":
        from ticker.app.cli.run import run_serve

        return run_serve(settings, args.host, args.port, not args.no_scheduler, level)
    from ticker.app.cli.run import run_worker

    return run_worker(settings)
