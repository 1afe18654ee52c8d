"""A fault-injecting KMA upstream: one real server on 127.0.0.1 for both interfaces.

``FaultyKma`` answers the API Hub ``kma_sfctm2.php`` and the two data.go.kr operations in
whichever ``mode`` is switched on (per path, if wanted) while tests run. Every mode sends a
recorded-payload answer or one failure built from it (``fault_answers``), so the same server
drives client tests, end-to-end tests and ``bench/outage``. It counts hits per path, and how
many requests to each path were in flight at once, so tests can prove that refreshes never
overlap, and when each request arrived and ended, so tests can see what happened meanwhile.

The server is threaded: a hanging or trickling answer never holds up the other connections.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from support.datagokr_payloads import Cell, fcst_handler, ncst_handler
from support.fakekma import Handler, LoopbackServer, QuietHandler, Reply, Request
from support.fault_answers import Answer, answer_for
from support.payloads import fixture_bytes, live_sfctm2
from support.stations import CITIES
from support.warning_payloads import ZONES_CASES, live_warnings
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.apihub.warnings import WRN_NOW_PATH, WRN_ZONES_PATH
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH

PATHS = (SFCTM2_PATH, NCST_PATH, FCST_PATH)


@dataclass(frozen=True)
class Span:
    """One request, in the mode that answered it, from arrival to its answer's end
    (``time.monotonic``)."""

    path: str
    mode: str
    started: float
    ended: float
DEFAULT_CELLS = {(c.nx, c.ny): Cell(t1h=f"{i}.5", pty="0", sky="4") for i, c in enumerate(CITIES)}


@dataclass
class FaultyKma:
    """The switchable script, and the record of what was asked."""

    url: str = ""
    mode: str = "ok"
    # Per-path modes override ``mode``: e.g. only data.go.kr failing.
    modes: dict[str, str] = field(default_factory=dict)
    retry_after: str = "2"
    trickle_interval: float = 1.0
    # Seconds every answer waits before its first byte (a slow but healthy upstream).
    delay: float = 0.0
    xml_reason: str = "23"
    # False: no Content-Length, the body ends when the connection closes.
    announce_length: bool = True
    cells: dict[tuple[int, int], Cell] = field(default_factory=lambda: dict(DEFAULT_CELLS))
    hits: Counter[str] = field(default_factory=Counter)
    # Requests per path between arrival and the answer's end (or the client hanging up).
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    requests: list[Request] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)

    def mode_for(self, path: str) -> str:
        """The mode answering ``path`` now."""
        return self.modes.get(path, self.mode)

    def total_hits(self) -> int:
        """Requests to the three KMA paths so far."""
        with self.lock:
            return sum(self.hits[path] for path in PATHS)

    def answer(self, request: Request) -> Answer:
        """The answer for ``request`` in the current mode."""
        return answer_for(self.mode_for(request.path), request, self._ok(request),
                          self.retry_after, self.xml_reason)

    def _ok(self, request: Request) -> Reply:
        # The warnings feeds ask the same upstream: every mode answers them too.
        handlers: dict[str, Handler] = {SFCTM2_PATH: live_sfctm2(),
                                        NCST_PATH: ncst_handler(self.cells),
                                        FCST_PATH: fcst_handler(self.cells),
                                        WRN_NOW_PATH: live_warnings(),
                                        WRN_ZONES_PATH: Reply(body=fixture_bytes(ZONES_CASES))}
        handler = handlers.get(request.path)
        return handler(request) if handler else Reply(status=404, body=b"not found")


def _head(answer: Answer, close: bool, announce: bool = True) -> bytes:
    reply = answer.reply
    lines = [f"HTTP/1.1 {reply.status} Fault", f"Content-Type: {reply.content_type}",
             *(f"{k}: {v}" for k, v in answer.headers.items())]
    if announce:
        lines.append(f"Content-Length: {len(reply.body)}")
    if close or not announce:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _handler_class(fake: FaultyKma) -> type[BaseHTTPRequestHandler]:
    class _Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server method name)
            request = self.parsed()
            started, mode = time.monotonic(), fake.mode_for(request.path)
            with fake.lock:
                fake.requests.append(request)
                fake.hits[request.path] += 1
                fake.in_flight[request.path] += 1
                fake.max_in_flight[request.path] = max(fake.max_in_flight[request.path],
                                                       fake.in_flight[request.path])
            try:
                if fake.delay and self._idle(fake.delay):
                    return
                self._deliver(fake.answer(request))
            except OSError:
                # The client gave up (its deadline, its size cap): nothing more to send.
                self.close_connection = True
            finally:
                with fake.lock:
                    fake.in_flight[request.path] -= 1
                    fake.spans.append(Span(request.path, mode, started, time.monotonic()))

        def _deliver(self, answer: Answer) -> None:
            body = answer.reply.body
            if answer.delivery == "hang":
                while not self._idle(60):
                    pass
                self.close_connection = True
            elif answer.delivery == "slow_headers":
                self._trickle(_head(answer, close=False) + body)
            elif answer.delivery == "trickle":
                self.wfile.write(_head(answer, close=False, announce=fake.announce_length))
                self._trickle(body)
            elif answer.delivery in ("reset", "truncated"):
                self.wfile.write(_head(answer, close=True) + body[:len(body) // 2])
                self.close_connection = True
                if answer.delivery == "reset":
                    # Linger 0: close() sends RST instead of FIN, a reset mid-body.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
            else:
                self.wfile.write(_head(answer, close=False, announce=fake.announce_length))
                for start in range(0, len(body), 256 * 1024):
                    self.wfile.write(body[start:start + 256 * 1024])
                self.close_connection = not fake.announce_length

        def _trickle(self, data: bytes) -> None:
            for index in range(len(data)):
                if self._idle(fake.trickle_interval):
                    break
                self.wfile.write(data[index:index + 1])
            self.close_connection = True

        def _idle(self, seconds: float) -> bool:
            """Wait; True as soon as the client hung up or the server is closing.

            Noticing the hang-up at once keeps the in-flight counts those of the client.
            """
            until = time.monotonic() + seconds
            while not fake.closing.is_set():
                left = until - time.monotonic()
                if left <= 0:
                    return False
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                if readable and self._hung_up():
                    return True
                if readable:
                    time.sleep(min(left, 0.05))  # a pipelined request: not ours to read
            return True

        def _hung_up(self) -> bool:
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

    return _Handler


class FaultyKmaServer:
    """Runs a FaultyKma on a free port of 127.0.0.1 in a daemon thread."""

    def __init__(self) -> None:
        self.fake = FaultyKma()
        self._loop = LoopbackServer(_handler_class(self.fake))
        self.fake.url = self._loop.url

    def __enter__(self) -> FaultyKma:
        self._loop.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.fake.closing.set()  # releases hanging and trickling answers
        self._loop.stop()


def rotate(fake: FaultyKma, modes: tuple[str, ...], seconds_each: float) -> Iterator[str]:
    """Switch ``fake`` through ``modes``, yielding each mode once it is on."""
    for mode in modes:
        fake.mode = mode
        started = time.monotonic()
        yield mode
        time.sleep(max(0.0, seconds_each - (time.monotonic() - started)))
