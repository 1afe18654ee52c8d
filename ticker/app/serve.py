"""``ticker serve`` under Granian: Rust HTTP in front of worker processes.

The CLI's main process starts the refresh scheduler (never a worker); each worker builds the
web app itself with ``ticker.app.web_worker.build_web_app`` from the ``WebConfig`` it is
handed. Workers are spawned, not forked, so no scheduler thread or lock is copied.
"""

from __future__ import annotations

import logging
import multiprocessing
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from ticker.app.web_worker import build_web_app
from ticker.web.settings import WebConfig

log = logging.getLogger("ticker")

# Names the app in Granian's process titles; the app itself comes from the target loader.
WEB_APP_TARGET = "ticker.app.web_worker:build_web_app"
# Headers beyond this are refused by Granian with a 4xx before any Python runs.
MAX_HEADER_BYTES = 64 * 1024


def free_port(host: str) -> int:
    """A port the OS considers free now (for ``--port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def announce_when_listening(host: str, port: int, message: str, timeout: float = 60) -> None:
    """Log ``message`` once the port accepts connections (Granian workers bind it themselves)."""

    def wait() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection((host, port), timeout=1):
                    log.info("%s", message)
                    return
            except OSError:
                time.sleep(0.05)
        log.error("no worker is listening on %s:%s after %.0f s", host, port, timeout)

    threading.Thread(target=wait, name="announce", daemon=True).start()


def _logging_config() -> dict[str, Any]:
    # Granian logs to stdout by default; ours go to stderr with everything else.
    stream = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
                       "access": {"format": "%(asctime)s access %(message)s"}},
        "handlers": {"console": {**stream, "formatter": "plain"},
                     "access": {**stream, "formatter": "access"}},
        "loggers": {"_granian": {"handlers": ["console"], "level": "WARNING",
                                 "propagate": False},
                    "granian.access": {"handlers": ["access"], "level": "INFO",
                                       "propagate": False}},
    }


def run_granian(config: WebConfig, host: str, port: int, on_start: Callable[[], None],
                on_stop: Callable[[], None]) -> None:
    """Serve until SIGTERM or SIGINT; ``on_start`` runs once the socket is bound.

    Each worker builds its app from ``config``, handed to it explicitly (pickled into the
    spawned process), never from the environment.
    """
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    # Spawned workers import the app fresh: nothing of the main process's threads.
    multiprocessing.set_start_method("spawn", force=True)
    server = Granian(
        WEB_APP_TARGET, interface=Interfaces.WSGI,
        address=host, port=port, workers=config.server.workers,
        blocking_threads=config.server.threads,
        http1_settings=HTTP1Settings(max_buffer_size=MAX_HEADER_BYTES),
        # Our own access log (ticker.accesslog) is far cheaper than Granian's, which goes
        # through Python's logging module on every request.
        log_dictconfig=_logging_config(), log_access=False)
    server.on_startup(on_start)
    server.on_shutdown(on_stop)
    server.serve(target_loader=partial(build_web_app, config), wrap_loader=False)
