"""A hard deadline for one HTTP call, headers included: a timer that shuts the socket down.

``requests``' read timeout applies to each socket read, so an upstream that trickles a byte a
second — in its headers or its body — is never timed out. Checking a clock between chunks
does not help either, because one chunk read can block for as long as the trickle lasts. So
the connection class announces its socket to the call's watch just before the response is
read, and the watch's timer shuts that socket down at the deadline: any read blocked on it
returns at once, and ``requests`` raises a connection error that the caller translates.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.response import HTTPResponse

_current = threading.local()


class Watch:
    """The deadline of one call: shuts down whatever socket the call is reading from."""

    def __init__(self) -> None:
        self.expired = False
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None

    def attach(self, sock: socket.socket | None) -> None:
        """Watch ``sock`` from now on; a call already past its deadline is cut at once."""
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        """The deadline passed: cut the socket being read, if any."""
        with self._lock:
            self.expired = True
            _shut(self._sock)


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    # Already closed or never connected: then there is nothing left to interrupt.
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _announce(sock: socket.socket | None) -> None:
    watch: Watch | None = getattr(_current, "watch", None)
    if watch is not None:
        watch.attach(sock)


# urllib3 narrows http.client's getresponse() to its own HTTPResponse and ignores the
# override error itself; ours inherits the same narrowing.
class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        _announce(self.sock)
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as above
        _announce(self.sock)
        return super().getresponse()


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """A requests adapter whose connections report their socket to the current watch.

    Behind an HTTP proxy requests builds a separate proxy manager, not covered here: there the
    deadline still bounds the body, while headers are bounded by the read timeout alone.
    """

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: object) -> None:
        """Build the pool manager with watched connection pools."""
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool,
                                                   "https": _WatchedHTTPSPool}


def watch_session(session: requests.Session, url: str) -> None:
    """Route calls to the origin of ``url`` through a DeadlineAdapter (mounted once)."""
    parts = urlsplit(url)
    prefix = f"{parts.scheme}://{parts.netloc}/"
    if not isinstance(session.get_adapter(prefix), DeadlineAdapter):
        session.mount(prefix, DeadlineAdapter())


@contextmanager
def deadline(seconds: float) -> Iterator[Watch]:
    """Within the block, the calling thread's HTTP call is cut off after ``seconds``."""
    watch = Watch()
    timer = threading.Timer(max(seconds, 0.0), watch.expire)
    timer.daemon = True
    _current.watch = watch
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        _current.watch = None
        watch.attach(None)
