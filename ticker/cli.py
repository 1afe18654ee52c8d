"""The composition root: ``ticker fetch`` (and the service commands that follow)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime

import requests

from ticker import __version__
from ticker.cities import cities_by_ids
from ticker.config import Settings, load_settings
from ticker.errors import ConfigError, UpstreamError
from ticker.fetching import build_source, fetch_snapshot
from ticker.freshness import Freshness
from ticker.logs import configure_logging
from ticker.models import KST
from ticker.render import text_table, weather_document

log = logging.getLogger("ticker")

EXIT_FETCH_FAILED = 1
EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ticker", description="KMA weather ticker service")
    parser.add_argument("--version", action="version", version=f"ticker {__version__}")
    parser.add_argument("--log-level", default="WARNING",
                        choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    commands = parser.add_subparsers(dest="command", required=True)
    fetch = commands.add_parser("fetch", help="fetch once and print the cities")
    fetch.add_argument("--json", action="store_true", help="print the snapshot as JSON")
    fetch.add_argument("--lang", choices=["ko", "en"], default="ko")
    return parser


def _now() -> datetime:
    return datetime.now(KST)


def run_fetch(settings: Settings, as_json: bool, lang: str) -> int:
    """Fetch once and print; exit non-zero with one line when nothing usable came back."""
    cities = cities_by_ids(settings.cities)
    with requests.Session() as session:
        source, notice = build_source(settings, session)
        if notice:
            print(f"ticker: {notice}", file=sys.stderr)
        now = _now()
        try:
            snapshot = fetch_snapshot(source, cities, now)
        except UpstreamError as exc:
            print(f"ticker: fetch failed ({exc.failure_class}): {exc}", file=sys.stderr)
            return EXIT_FETCH_FAILED
    document = weather_document(snapshot, cities, lang, now, Freshness())
    if as_json:
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(text_table(document))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ticker`` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"ticker: invalid configuration: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(args.log_level, settings.secrets())
    if args.command == "fetch":
        return run_fetch(settings, args.json, args.lang)
    return EXIT_CONFIG
