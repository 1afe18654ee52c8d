"""A cheap access log: one line per request, queued and written by a flusher twice a second.

Python's logging module costs more per request than answering a prepared response does, so
the hot path formats one short line itself and leaves encoding and writing to the flusher.
Lines hold the client, method, path, query, status, size and time taken — never a header or
a body. Behind a reverse proxy the client is the one it names in ``X-Forwarded-For``, but only
when the proxy connects from a loopback or private address (as in ``deploy/``) and names a
plain IP address (no IPv6 scope id, whose text is free); otherwise the peer's own address.
A request target holding quotes, backslashes or control characters is escaped, and a long one
cut short, so a request cannot forge a line or a field.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import threading
import time
from collections import deque
from typing import BinaryIO

FLUSH_SECONDS = 0.5
# Line middles kept for reuse (client, request, status, size); about 1 MB at most.
MAX_REMEMBERED_LINES = 4096
# The longest textual IP address is 45 characters (IPv4-mapped IPv6); a header entry longer
# than this is not one, and is not parsed (nor kept in the cache below).
MAX_ADDRESS_CHARS = 64
# A request target is logged up to this many characters, then marked as cut.
MAX_TARGET_CHARS = 2048


# Loopback and the RFC 1918 / RFC 4193 private networks, where deploy/ puts nginx. (Not
# ``is_private``: that also covers documentation and other reserved ranges.)
PROXY_NETWORKS = tuple(ipaddress.ip_network(network) for network in (
    "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "::1/128", "fc00::/7"))


@functools.lru_cache(maxsize=256)
def _is_proxy_address(peer: str) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in PROXY_NETWORKS)


@functools.lru_cache(maxsize=1024)
def _valid_ip(text: str) -> str | None:
    # ipaddress takes any text after an IPv6 scope id's "%": quotes, spaces, a fake line.
    if "%" in text:
        return None
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None  # never log arbitrary header text


def client_address(peer: str, forwarded: str | None) -> str:
    """The client's address: the peer, or the last hop a private-network proxy forwarded.

    ``forwarded`` is the request's X-Forwarded-For header, if any.
    """
    if not forwarded or not _is_proxy_address(peer):
        return peer
    # The right-most entry is the one our proxy added; those before it came from the client.
    last = forwarded.rsplit(",", 1)[-1]
    return (_valid_ip(last) if len(last) <= MAX_ADDRESS_CHARS else None) or peer


class AccessLog:
    """Request lines, queued by the serving threads and written by a flusher (stderr by default).

    A request costs a lookup and one short format: the part of a line that repeats for the
    same client asking for the same thing is kept, and encoding and writing happen in the
    flusher, a batch at a time.
    """

    def __init__(self, stream: BinaryIO | None = None, flush_seconds: float = FLUSH_SECONDS
                 ) -> None:
        self._stream = stream or os.fdopen(os.dup(2), "wb", buffering=64 * 1024)
        self._second = -1
        self._stamp = ""
        # deque: append and popleft are atomic, so the serving threads and the flusher need no
        # lock (the memo below is a cache: a lost entry is rebuilt).
        self._pending: deque[str] = deque()
        self._middles: dict[tuple[str, str, str, int, int], str] = {}
        self._stop = threading.Event()
        self._flusher = threading.Thread(target=self._flush_loop, args=(flush_seconds,),
                                         name="access-log", daemon=True)
        self._flusher.start()

    def _flush_loop(self, every: float) -> None:
        while not self._stop.wait(every):
            self._write_pending()

    def _write_pending(self) -> None:
        pending, lines = self._pending, []
        while pending:
            lines.append(pending.popleft())
        if lines:
            self._stream.write("".join(lines).encode("utf-8", "backslashreplace"))
        self._stream.flush()

    def line(self, client: str, method: str, path: str, query: str, status: int, size: int,
             started: float) -> None:
        """Record one finished request (``started`` from time.perf_counter())."""
        second = int(time.time())
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(second))
        middle: str | None
        if query:
            # Queries are where cache-busters put random values: remembering those would
            # only churn the memo.
            middle = _middle(client, method, path, query, status, size)
        else:
            key = (client, method, path, status, size)
            middle = self._middles.get(key)
            if middle is None:
                middle = _middle(client, method, path, query, status, size)
                if len(self._middles) >= MAX_REMEMBERED_LINES:
                    self._middles.clear()
                self._middles[key] = middle
        millis = (time.perf_counter() - started) * 1000
        self._pending.append(f"{self._stamp} access {middle} {millis:.2f}ms\n")

    def close(self) -> None:
        """Write what is queued and stop the flusher."""
        self._stop.set()
        self._flusher.join()
        self._write_pending()


def _middle(client: str, method: str, path: str, query: str, status: int, size: int) -> str:
    target = f"{path}?{query}" if query else path
    if len(target) > MAX_TARGET_CHARS:
        target = target[:MAX_TARGET_CHARS] + "..."
    if not target.isprintable() or '"' in target or "\\" in target:
        # A decoded %0A must not forge a second line, nor a %22 end the quoted request and
        # forge a status; a backslash is escaped too, so that it cannot cancel a quote's.
        target = target.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    return f'{client} "{method} {target}" {status} {size}'
