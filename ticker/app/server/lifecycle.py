"""How ``ticker serve`` and ``ticker worker`` start and end, whatever happens.

* Start: the listening address must be free and unclaimed (``claim_address``): a second
  instance on a busy port, or one of several started at once, exits with one line instead
  of silently sharing it; the open-files limit is
  raised for many idle readers (``raise_open_files``).
* Stop: SIGTERM or SIGINT stops gracefully — in-flight requests finish, the scheduler
  stops, a running refresh is abandoned without writing — within a deadline, after which
  the process exits anyway; a second SIGINT exits at once (``Stopper``).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import resource
import signal
import socket
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Literal, NoReturn

log = logging.getLogger("ticker")

SHUTDOWN_DEADLINE = 8.0
EXIT_FORCED = 1
EXIT_INTERRUPTED = 130


class AddressInUseError(RuntimeError):
    """Something already listens on the address this process was told to serve."""


def address_family(host: str) -> socket.AddressFamily:
    """AF_INET6 for an IPv6 address (it has colons), else AF_INET (addresses and names)."""
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def claim_address(host: str, port: int) -> socket.socket | None:
    """Claim ``host:port`` for this process's life; AddressInUseError when it is taken.

    Two checks, both needed: nothing may listen there yet, and no other ``ticker serve``
    may be starting there (the returned lock; keep it referenced until the process ends).

    Only a listening socket means busy: the probe binds with SO_REUSEADDR, so connections
    a stopped server left in TIME_WAIT (any kept-alive client) do not refuse a restart for
    a minute, and without SO_REUSEPORT, so a server that shares ports (as Granian's
    workers do among themselves) is found too.
    """
    family = address_family(host)
    busy = AddressInUseError(f"address {host}:{port} is already in use (another ticker serve?): "
                             "stop that process or choose another --port")
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise busy from None
            raise
        address = probe.getsockname()[0]
    # Granian binds with SO_REUSEPORT, so simultaneous starts would all pass the probe and
    # all bind, the kernel then splitting connections between different snapshots: the
    # lock makes exactly one of them go on.
    lock = _address_lock(address, port)
    if lock is False:
        raise busy
    return lock


def _address_lock(address: str, port: int) -> socket.socket | Literal[False] | None:
    """An abstract-namespace Unix socket named by the address: False when another holds it.

    Linux only; it lives exactly as long as the process (nothing to clean up after a
    SIGKILL) and is shared by everything that shares the network namespace, as ports are.
    """
    if not sys.platform.startswith("linux"):
        return None  # the listening check alone
    lock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        lock.bind(f"\0ticker-serve {address} {port}")
    except OSError as error:
        lock.close()
        if error.errno == errno.EADDRINUSE:
            return False
        raise
    return lock


def raise_open_files(wanted: int) -> None:
    """Raise the soft open-files limit toward ``wanted`` connections; say so when capped."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if target < wanted:
        log.warning("open-files limit is %d (hard): at most about %d readers can be connected "
                    "at once; raise it (e.g. LimitNOFILE=) for %d", hard, target, wanted)


class Stopper:
    """Turns SIGTERM/SIGINT into a graceful stop bounded by a deadline."""

    def __init__(self, deadline: float = SHUTDOWN_DEADLINE) -> None:
        self.deadline = deadline
        self.stopping = threading.Event()
        self._actions: list[Callable[[], object]] = []
        self._done = threading.Event()

    def install(self) -> None:
        """Handle SIGTERM and SIGINT from now on (main thread only)."""
        signal.signal(signal.SIGTERM, self._signalled)
        signal.signal(signal.SIGINT, self._signalled)

    def on_stop(self, action: Callable[[], object]) -> None:
        """Run ``action`` (quick, non-blocking) when the first stop signal arrives."""
        self._actions.append(action)

    def finished(self) -> None:
        """The graceful stop completed: the deadline no longer applies."""
        self._done.set()

    def _signalled(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping.is_set():
            if signum == signal.SIGINT:
                log.warning("second interrupt: exiting at once")
                os._exit(EXIT_INTERRUPTED)
            return
        self.stopping.set()
        log.info("stopping (%s); at most %.0f s", signal.Signals(signum).name, self.deadline)
        threading.Thread(target=self._force_after_deadline, name="stop-deadline",
                         daemon=True).start()
        if not self._actions:
            # Still starting: nothing to wind down.
            raise SystemExit(0)
        for action in self._actions:
            with contextlib.suppress(Exception):
                action()

    def _force_after_deadline(self) -> None:
        if not self._done.wait(self.deadline):
            log.error("shutdown did not finish within %.0f s: exiting anyway", self.deadline)
            logging.shutdown()
            os._exit(EXIT_FORCED)


def exit_now(code: int) -> NoReturn:
    """Exit once everything is flushed, without waiting for threads a stop abandoned."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
