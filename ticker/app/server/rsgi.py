"""The web app on Granian's RSGI interface, for the single-process server.

Prepared routes are answered at once, straight from the request scope, by ``answer_now``:
the fast path's ``answer`` (a dict lookup and an ETag comparison) and one write, with no WSGI
environ, no await and no Flask. ``ticker serve`` calls it in Granian's own Python thread,
before a coroutine is made (``ticker.app.server.granian_thread``); ``__rsgi__`` calls it first too,
for any other RSGI server. The routes Flask answers per request (health, readiness, metrics,
the demo page) run through the WSGI app in a small thread pool, because they may wait on
Redis. Both decide with the same code as every other server.
"""

from __future__ import annotations

import asyncio
import io
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ticker.web.http.accesslog import client_address
from ticker.web.site import WebApp

Answer = tuple[int, list[tuple[str, str]], bytes]


def environ_of(scope: Any) -> dict[str, Any]:
    """The WSGI environ of an RSGI request scope (requests here never carry a body)."""
    host, _, port = str(scope.server).rpartition(":")
    client = str(scope.client or "")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method, "SCRIPT_NAME": "", "PATH_INFO": scope.path,
        "QUERY_STRING": scope.query_string, "SERVER_NAME": host or "localhost",
        "SERVER_PORT": port or "80", "SERVER_PROTOCOL": f"HTTP/{scope.http_version}",
        "REMOTE_ADDR": client.rpartition(":")[0] or client,
        "wsgi.version": (1, 0), "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    for name, value in scope.headers.items():
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            environ[key] = value
        else:
            environ["HTTP_" + key] = value
    return environ


def rsgi_host(scope: Any, hosts: list[str]) -> str | None:
    """The request's one Host header, "" when a protocol that may leave it out did, or None
    (a 400) when there are several, or none in HTTP/1.1."""
    if len(hosts) == 1 and hosts[0]:
        return hosts[0]
    return None if len(hosts) > 1 or scope.http_version == "1.1" else ""


def call_wsgi(app: Callable[..., Any], environ: dict[str, Any]) -> Answer:
    """Run a WSGI callable to completion and collect its status, headers and body."""
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None
                       ) -> Callable[[bytes], None]:
        started["status"], started["headers"] = int(status[:3]), headers
        return lambda data: None

    chunks = app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
    return started["status"], started["headers"], body


class RsgiApp:
    """An RSGI application serving a WebApp."""

    def __init__(self, app: WebApp, threads: int) -> None:
        self.app = app
        self.fast = app.fast_path
        self.counting = self.fast.observe is not None or self.fast.access_log is not None
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="flask")

    def answer_now(self, scope: Any, protocol: Any) -> bool:
        """Answer a prepared route at once; False when Flask must answer it (never awaits)."""
        if scope.proto != "http":
            return False
        started = time.perf_counter()
        fast, headers = self.fast, scope.headers
        method, path, query = scope.method, scope.path, scope.query_string
        # Each header read crosses into Rust: only those the answer can depend on are read.
        if_none_match = headers.get("if-none-match")
        reply = fast.answer(method, path, query, rsgi_host(scope, headers.get_all("host")),
                            if_none_match, headers.get("accept-encoding", ""),
                            method == "OPTIONS" and "access-control-request-method" in headers,
                            # Never consulted beside If-None-Match: not read then.
                            None if if_none_match else headers.get("if-modified-since"))
        if reply is None:
            return False
        if reply.body:
            protocol.response_bytes(reply.code, reply.headers, reply.body)
        else:
            protocol.response_empty(reply.code, reply.headers)
        if self.counting:
            self._count(scope, method, path, query, reply.label, reply.code, len(reply.body),
                        started)
        return True

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        """Answer one HTTP request (RSGI's entry point)."""
        if self.answer_now(scope, protocol) or scope.proto != "http":
            return  # answered, or not HTTP (no websockets here)
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        code, response_headers, body = await loop.run_in_executor(
            self.executor, call_wsgi, self.fast.fallback, environ_of(scope))
        protocol.response_bytes(code, response_headers, body)
        if self.counting:
            path = scope.path
            self._count(scope, scope.method, path, scope.query_string,
                        self.fast.router.label_of(path), code, len(body), started)

    def _count(self, scope: Any, method: str, path: str, query: str, label: str, code: int,
               size: int, started: float) -> None:
        # Prepared routes are counted in Granian's thread, Flask's on the event loop: the
        # counters take that (Metrics.observe_request locks; the access log's queue is atomic).
        peer = str(scope.client or "")
        client = client_address(peer.rpartition(":")[0] or peer,
                                scope.headers.get("x-forwarded-for"))
        self.fast.count(label, code, method, path, query, client, size, started)

    def close(self) -> None:
        """Stop the thread pool (requests in it finish first)."""
        self.executor.shutdown(wait=True, cancel_futures=True)
