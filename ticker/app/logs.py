"""Logging set-up for the commands: one stderr handler that masks every configured secret."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from ticker.core.redact import RedactingFilter, register_secret

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: str | int, secrets: Iterable[str]) -> None:
    """Send log records to stderr through a redacting filter; called by the CLI only."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    secrets = list(secrets)
    handler.addFilter(RedactingFilter(secrets))
    # Also on the HTTP libraries' own loggers, so a handler added later stays clean too.
    for secret in secrets:
        register_secret(secret)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # APScheduler reports every job run at INFO; our refresh logs what matters.
    quiet = logging.DEBUG if logging.getLevelName(level) == logging.DEBUG else logging.WARNING
    logging.getLogger("apscheduler").setLevel(quiet)
