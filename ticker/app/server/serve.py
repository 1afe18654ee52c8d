"""``ticker serve`` under Granian: Rust HTTP, in this process or in worker processes.

With ``server.workers: 1`` (the default) one process serves and refreshes: the app runs on
Granian's embedded server (RSGI), beside the scheduler's thread. Prepared routes are answered
in Granian's own Python thread (``ticker.app.server.granian_thread``); Flask's routes on a uvloop
event loop. With more workers, or ``server.single_process: false``, the main process runs the
refresh scheduler (never a worker) and each spawned worker builds the web app itself with
``ticker.app.server.web_worker.build_web_app`` from the ``WebConfig`` it is handed.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import socket
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from ticker.app.server.granian_thread import answering_in_granian_thread
from ticker.app.server.lifecycle import Stopper, address_family
from ticker.app.server.settings import ServerSettings, WebConfig
from ticker.app.server.web_worker import build_web_app

if TYPE_CHECKING:
    from granian.http import HTTP1Settings

    from ticker.app.server.rsgi import RsgiApp

log = logging.getLogger("ticker")

# Names the app in Granian's process titles; the app itself comes from the target loader.
WEB_APP_TARGET = "ticker.app.server.web_worker:build_web_app"
# Request heads beyond this are refused by Granian with a 4xx before any Python runs. In
# HTTP/1 mode hyper's read buffer may fill past it by up to about as much again (a 40 KB
# head passes, 64 KiB never), so the number is half the largest head we let through.
MAX_HEADER_BYTES = 32 * 1024


# Granian allocates with jemalloc, which keeps freed memory for reuse: 10,000 idle readers
# grow the process by about 200 MB, and without a decay that stays after they leave.
JEMALLOC_ENV = "_RJEM_MALLOC_CONF"
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"


def return_freed_memory() -> None:
    """Have Granian's allocator give freed memory back within a second (before it loads)."""
    os.environ.setdefault(JEMALLOC_ENV, JEMALLOC_CONF)


def http_origin(host: str, port: int) -> str:
    """``http://host:port``, with an IPv6 address in brackets as URLs need it."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def free_port(host: str) -> int:
    """A port the OS considers free now (for ``--port 0``)."""
    with socket.socket(address_family(host), socket.SOCK_STREAM) as probe:
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


class ChosenModeNotices(logging.Filter):
    """Drops Granian's notices that a mode we chose and test (embedded server, Rust tasks)
    is experimental: an operator reading them would think something is wrong."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record but those notices."""
        return not record.getMessage().endswith("is experimental!")


# logging.config.dictConfig's schema, which is a plain dict.
def _logging_config() -> dict[str, Any]:
    # Granian logs to stdout by default; ours go to stderr with everything else.
    stream = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
                       "access": {"format": "%(asctime)s access %(message)s"}},
        "filters": {"chosen": {"()": ChosenModeNotices}},
        "handlers": {"console": {**stream, "formatter": "plain", "filters": ["chosen"]},
                     "access": {**stream, "formatter": "access"}},
        "loggers": {"_granian": {"handlers": ["console"], "level": "WARNING",
                                 "propagate": False},
                    "granian.access": {"handlers": ["access"], "level": "INFO",
                                       "propagate": False}},
    }


def _http1(server: ServerSettings) -> HTTP1Settings:
    """HTTP/1.1 only (``http=HTTPModes.http1`` where this is passed): in Granian's default
    auto mode, hyper-util first reads a few bytes to tell HTTP/2 from HTTP/1 with no timer,
    and the header timeout starts only after them, so a connection that never sent a byte was
    held forever (64 of them took every ``max_connections`` slot). In HTTP/1 mode hyper
    starts the header timer at accept. Cleartext HTTP/2 is given up: clients and nginx speak
    HTTP/1.1 to us."""
    from granian.http import HTTP1Settings

    return HTTP1Settings(max_buffer_size=MAX_HEADER_BYTES,
                         header_read_timeout=int(server.header_timeout_seconds * 1000))


def run_single_process(app: RsgiApp, server: ServerSettings, host: str, port: int,
                       stopper: Stopper, on_listening: Callable[[], None]) -> None:
    """Serve ``app`` from this process (Granian's embedded server) until stopped.

    One process holds the scheduler and the app: no worker to orphan, nothing to share
    between processes, and the smallest memory footprint.
    """
    from granian.constants import HTTPModes, Interfaces, TaskImpl
    from granian.server.embed import Server

    # Granian's own task type runs a request's coroutine without an asyncio Task: cheaper for
    # Flask's routes, and for every route if Granian ever lacks the scheduler hook.
    embedded = Server(app, address=host, port=port, interface=Interfaces.RSGI,
                      backlog=server.backlog, backpressure=server.max_connections,
                      http=HTTPModes.http1, http1_settings=_http1(server),
                      log_dictconfig=_logging_config(),
                      log_access=False, task_impl=TaskImpl.rust)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        stopper.on_stop(lambda: loop.call_soon_threadsafe(embedded.stop))
        serving = asyncio.ensure_future(embedded.serve())
        await asyncio.sleep(0)
        on_listening()
        await serving

    # Not asyncio.run: on the way out it waits for every task to finish, and Granian's task
    # stand-ins never report done, so it would wait forever.
    loop = new_event_loop()
    try:
        with answering_in_granian_thread(app.answer_now):
            loop.run_until_complete(main())
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's loop when installed (Flask's routes are awaited on it), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def run_worker_processes(config: WebConfig, host: str, port: int, stopper: Stopper,
                         on_start: Callable[[], None], on_stop: Callable[[], None]) -> None:
    """Serve from ``server.workers`` Granian worker processes until stopped.

    Each worker builds its app from ``config``, handed to it explicitly (pickled into the
    spawned process), never from the environment, and dies with this process.
    """
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces

    # Spawned workers import the app fresh: nothing of the main process's threads.
    multiprocessing.set_start_method("spawn", force=True)
    server = Granian(
        WEB_APP_TARGET, interface=Interfaces.WSGI,
        address=host, port=port, workers=config.server.workers,
        blocking_threads=config.server.threads, backlog=config.server.backlog,
        backpressure=config.server.max_connections, http=HTTPModes.http1,
        http1_settings=_http1(config.server),
        workers_kill_timeout=int(stopper.deadline / 2),
        # Our own access log (ticker.web.http.accesslog) is far cheaper than Granian's, which goes
        # through Python's logging module on every request.
        log_dictconfig=_logging_config(), log_access=False)

    def started() -> None:
        # Granian has just installed its own handlers: ours wrap them with the deadline.
        stopper.on_stop(server.signal_handler_interrupt)
        stopper.install()
        on_start()

    server.on_startup(started)
    server.on_shutdown(on_stop)
    server.serve(target_loader=partial(build_web_app, config), wrap_loader=False)
