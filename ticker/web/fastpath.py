"""The serving hot path: a plain WSGI callable in front of Flask, dispatching by the route table.

Prepared routes (the JSON API, the widget, embed.js, OpenAPI) are answered from prepared
responses: a hit costs a dict lookup, an ETag comparison and one header, with no routing,
rendering, JSON encoding or compression. Everything else falls through to the Flask app.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from ticker.core.documents import error_bytes
from ticker.state.store import SnapshotStore
from ticker.web.accesslog import AccessLog, client_address
from ticker.web.context import WebContext
from ticker.web.headers import ALLOWED_METHODS, PREFLIGHT_HEADERS, WSGIApp, secure
from ticker.web.httpcache import etag_matches
from ticker.web.prepared import Prepared, VariantCache, prepare
from ticker.web.request import Request
from ticker.web.routes import Route, canonical_query, match

SAFE_METHODS = frozenset({"GET", "HEAD"})
# Metric labels stay bounded: known routes by their label, anything else as "other".
OTHER = "other"
JSON = "application/json; charset=utf-8"

Observer = Callable[[str, int], None]
STARTED = "ticker.started"
NOW = "ticker.now"


class VersionWatch:
    """The store's version, asked at most every ``interval`` seconds (it may be a network call)."""

    def __init__(self, store: SnapshotStore, interval: float) -> None:
        self._store = store
        self._interval = interval
        self._version = -1
        self._next_check = 0.0

    def current(self) -> int:
        """The newest known version."""
        now = time.monotonic()
        if now >= self._next_check:
            self._version = self._store.version()
            self._next_check = now + self._interval
        return self._version


def _simple(code: int, headers: tuple[tuple[str, str], ...]) -> Prepared:
    return prepare(code, "text/plain; charset=utf-8", b"", version=0, extra=headers)


PREFLIGHT = _simple(204, PREFLIGHT_HEADERS)
OPTIONS = _simple(204, (("Allow", ALLOWED_METHODS),))
NOT_ALLOWED = prepare(405, JSON, error_bytes("method_not_allowed",
                                             "only GET, HEAD and OPTIONS are served"),
                      version=0, extra=(("Allow", ALLOWED_METHODS),))
MISDIRECTED = prepare(400, JSON, error_bytes("bad_host", "this host is not served here"),
                      version=0)


class FastPath:
    """WSGI middleware answering prepared routes from prepared responses."""

    def __init__(self, ctx: WebContext, fallback: WSGIApp, observe: Observer | None = None,
                 version_poll_seconds: float = 0.5, access_log: AccessLog | None = None) -> None:
        self.ctx = ctx
        self.fallback = secure(fallback)
        self.observe = observe
        self.access_log = access_log
        self.trusted_hosts = frozenset(ctx.server.trusted_hosts)
        self.cache = VariantCache()
        self.versions = VersionWatch(ctx.store, version_poll_seconds)
        # How many variants were rendered: a cache hit must not add to it.
        self.builds = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        environ[STARTED] = time.perf_counter()
        path = environ.get("PATH_INFO", "")
        method = environ["REQUEST_METHOD"]
        found = match(path)
        route, params = found if found is not None else (None, {})
        label = route.metric_label if route is not None else OTHER
        if self.trusted_hosts and not (route is not None and route.any_host) and \
                environ.get("HTTP_HOST", "").rsplit(":", 1)[0] not in self.trusted_hosts:
            return self._send(MISDIRECTED, environ, start_response, label)
        if method not in SAFE_METHODS:
            if method == "OPTIONS":
                preflight = "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ \
                    and path.startswith("/v1/")
                return self._send(PREFLIGHT if preflight else OPTIONS, environ,
                                  start_response, label)
            return self._send(NOT_ALLOWED, environ, start_response, label)
        if route is None or route.builder is None:
            return self._fallback(environ, start_response, label)
        return self._send(self._prepared(route, path, params, environ), environ,
                          start_response, label)

    def _prepared(self, route: Route, path: str, params: dict[str, str],
                  environ: dict[str, Any]) -> Prepared:
        assert route.builder is not None
        query = canonical_query(route, environ.get("QUERY_STRING", ""))
        key = (path, query)
        now = environ[NOW] = self.ctx.clock()
        version = 0 if route.static else self.versions.current()
        entry = self.cache.get(key)
        if entry is not None and entry.version == version and (
                entry.expires_at is None or now < entry.expires_at):
            return entry
        stored = None if route.static else self.ctx.store.get()
        entry = route.builder(self.ctx, stored, Request(path=path, query=query, now=now,
                                                         path_params=params))
        self.builds += 1
        self.cache.put(key, entry)
        return entry

    def _send(self, prepared: Prepared, environ: dict[str, Any],
              start_response: Callable[..., Any], label: str) -> Iterable[bytes]:
        # The moment the variant was looked up serves for max-age too: one clock read a request.
        now = environ.get(NOW) or self.ctx.clock()
        cache_control = ("Cache-Control", prepared.cache_control(now))
        status = prepared.status
        if prepared.etag is not None and etag_matches(environ.get("HTTP_IF_NONE_MATCH"),
                                                      prepared.etag):
            start_response("304 Not Modified", [*(prepared.not_modified_headers or ()),
                                                cache_control])
            self._count(label, 304, environ, 0)
            return []
        zipped = prepared.gzipped() if "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "") \
            else None
        headers, body = zipped if zipped is not None else (prepared.plain_headers,
                                                           prepared.body)
        start_response(status, [*headers, cache_control])
        head = environ["REQUEST_METHOD"] == "HEAD"
        self._count(label, int(status[:3]), environ, 0 if head else len(body))
        return [] if head else [body]

    def _fallback(self, environ: dict[str, Any], start_response: Callable[..., Any],
                  label: str) -> Iterable[bytes]:
        if self.observe is None and self.access_log is None:
            return self.fallback(environ, start_response)

        def counted(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            size = next((int(v) for k, v in headers if k.lower() == "content-length"), -1)
            self._count(label, int(status[:3]), environ, size)
            return start_response(status, headers, exc_info)

        return self.fallback(environ, counted)

    def _count(self, label: str, status: int, environ: dict[str, Any], size: int) -> None:
        if self.observe is not None:
            self.observe(label, status)
        if self.access_log is not None:
            self.access_log.line(client_address(environ), environ["REQUEST_METHOD"],
                                 environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""),
                                 status, size, environ[STARTED])
