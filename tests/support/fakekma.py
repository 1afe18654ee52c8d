"""A fake KMA upstream: a real HTTP server on 127.0.0.1 replaying scripted replies.

Tests script it per path with a function of the request, so a test can answer by the
requested hour or station list, hang, or cut a body short, and then inspect every request.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    """What the fake server sends: status, body, headers, an optional delay or cut."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/plain;charset=euc-kr"
    delay: float = 0.0
    # Send only this many body bytes while announcing the full Content-Length, then close.
    cut_at: int | None = None


@dataclass(frozen=True)
class Request:
    """One request the fake server saw."""

    path: str
    query: dict[str, str]
    raw_query: str


Handler = Callable[[Request], Reply]


@dataclass
class FakeKma:
    """The server's script and its record of requests."""

    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, handler: Handler | Reply) -> None:
        """Answer ``path`` with a fixed reply or a function of the request."""
        self.routes[path] = handler if callable(handler) else (lambda _request: handler)

    def seen(self, path: str) -> list[Request]:
        """Requests to one path, in arrival order."""
        with self.lock:
            return [request for request in self.requests if request.path == path]


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive, no Nagle delay, no console noise; parses the request line."""

    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out as two writes; without NODELAY the client's delayed ACK
        # adds ~40 ms to every request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def parsed(self) -> Request:
        """The request's path and query (last value of each parameter)."""
        parts = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return Request(path=parts.path, query=query, raw_query=parts.query)


def _handler_class(fake: FakeKma) -> type[BaseHTTPRequestHandler]:
    class _Handler(QuietHandler):
        def do_GET(self) -> None:
            request = self.parsed()
            with fake.lock:
                fake.requests.append(request)
                fake.hits[request.path] += 1
            handler = fake.routes.get(request.path)
            reply = handler(request) if handler else Reply(status=404, body=b"not found")
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            if reply.cut_at is not None:
                self.send_header("Connection", "close")
            self.end_headers()
            try:
                if reply.cut_at is not None:
                    self.wfile.write(reply.body[:reply.cut_at])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return _Handler


class LoopbackServer:
    """A threaded HTTP server on a free port of 127.0.0.1, run in a daemon thread."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.url = f"http://{host}:{port}"
        # A short poll interval makes shutdown at teardown quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def start(self) -> None:
        """Begin serving."""
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()


class FakeKmaServer:
    """Runs a FakeKma on a free port of 127.0.0.1 in a daemon thread."""

    def __init__(self) -> None:
        self.fake = FakeKma()
        self._loop = LoopbackServer(_handler_class(self.fake))
        self.fake.url = self._loop.url

    def __enter__(self) -> FakeKma:
        self._loop.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._loop.stop()
