"""The serving hot path: a plain WSGI callable in front of Flask, dispatching by a router.

Prepared routes (the JSON API, the widget, embed.js, OpenAPI) are answered from prepared
responses: a hit costs a dict lookup, an ETag comparison and one header, with no routing,
rendering, JSON encoding or compression. Everything else falls through to the Flask app.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from werkzeug.exceptions import NotFound

from ticker.core.documents import error_bytes
from ticker.state.store import read_checked
from ticker.web.context import WebContext
from ticker.web.http.accesslog import AccessLog, client_address
from ticker.web.http.headers import ALLOWED_METHODS, JSON, PREFLIGHT_HEADERS, WSGIApp, secure
from ticker.web.http.httpcache import accepts_gzip
from ticker.web.http.prepared import GZIP, NOT_MODIFIED, PLAIN, Prepared, prepare, status_line
from ticker.web.http.routing import OTHER, Route, Router, canonical_query
from ticker.web.http.variant import VariantKey
from ticker.web.http.variantcache import RenderBudget, VariantCache, is_one_off
from ticker.web.http.versionwatch import VersionWatch

SAFE_METHODS = frozenset({"GET", "HEAD"})

Observer = Callable[[str, int], None]
NOT_MODIFIED_STATUS = status_line(304)


def _simple(code: int, headers: tuple[tuple[str, str], ...]) -> Prepared:
    return prepare(code, "text/plain; charset=utf-8", b"", version=0, extra=headers)


PREFLIGHT = _simple(204, PREFLIGHT_HEADERS)
OPTIONS = _simple(204, (("Allow", ALLOWED_METHODS),))
NOT_ALLOWED = prepare(405, JSON, error_bytes("method_not_allowed",
                                             "only GET, HEAD and OPTIONS are served"),
                      version=0, extra=(("Allow", ALLOWED_METHODS),))
MISDIRECTED = prepare(400, JSON, error_bytes("bad_host", "this host is not served here"),
                      version=0)
# Any path not in the table; as Flask's own 404 says it. "//", "///" and "/%2f" among them:
# Werkzeug would match them to "/" (whose relative links would then point at "//widget").
NOT_FOUND = prepare(404, JSON, error_bytes("not_found", NotFound.description or "not found"),
                    version=0)
# RFC 9112 3.2: a request with more than one Host, or an HTTP/1.1 one with none, gets a 400.
NO_SINGLE_HOST = prepare(400, JSON, error_bytes("bad_host", "send exactly one Host header"),
                         version=0)
# Our own routes' URLs are far shorter (100 station ids and every option: about 1.5 KiB).
# Granian refuses a request head over 32 to 64 KiB, URL or headers, with a 431 before any
# Python (MAX_HEADER_BYTES in ticker.app.server.serve).
MAX_URL_CHARS = 8192
# A one-off variant's miss beyond the render budget (variantcache.py): ask again shortly.
BUSY = prepare(503, JSON, error_bytes("busy", "too many new variants asked at once; "
                                              "retry after a second"),
               version=0, extra=(("Retry-After", "1"),))
URI_TOO_LONG = prepare(414, JSON, error_bytes("uri_too_long",
                                              f"URLs are at most {MAX_URL_CHARS} characters"),
                       version=0)


class Reply(NamedTuple):
    """A prepared route's answer, in the terms every server interface shares."""

    code: int
    status: str
    headers: list[tuple[str, str]]  # shared between requests: not to be changed
    body: bytes
    label: str


class FastPath:
    """Answers prepared routes from prepared responses; the rest goes to ``fallback`` (WSGI).

    ``answer`` is the whole decision and knows no server interface: the WSGI ``__call__``
    here and the RSGI app (``ticker.app.server.rsgi``) are thin adapters around it.
    """

    def __init__(self, ctx: WebContext, router: Router, fallback: WSGIApp,
                 observe: Observer | None = None, version_poll_seconds: float = 0.5,
                 access_log: AccessLog | None = None) -> None:
        self.ctx = ctx
        self.router = router
        self.fallback = secure(fallback)
        self.observe = observe
        self.access_log = access_log
        # Host names are case-insensitive; browsers send them in lower case.
        self.trusted_hosts = frozenset(host.lower() for host in ctx.server.trusted_hosts)
        self.cache = VariantCache()
        self.budget = RenderBudget()
        self._busy_answers: dict[str, Prepared] = {}
        self.versions = VersionWatch(ctx.store, version_poll_seconds)

    def answer(self, method: str, path: str, query: str, host: str | None,
               if_none_match: str | None, accept_encoding: str, preflight: bool,
               if_modified_since: str | None = None) -> Reply | None:
        """The reply to a request, or None when the fallback (Flask) must answer it.

        ``host``: the Host header, "" when an HTTP/1.0 request (or HTTP/2's, which names it
        elsewhere) has none, None when there is not exactly one (a 400).
        ``preflight``: the request carries Access-Control-Request-Method.
        ``if_modified_since``: consulted only without ``if_none_match`` (RFC 9110 §13.2.2).
        """
        found = self.router.match(path)
        route, params = found if found is not None else (None, {})
        label = route.metric_label if route is not None else OTHER
        now = None
        if host is None:
            prepared = NO_SINGLE_HOST
        elif len(path) + len(query) > MAX_URL_CHARS:
            prepared = URI_TOO_LONG
        elif self.trusted_hosts and not (route is not None and route.any_host) and \
                host.rsplit(":", 1)[0].lower() not in self.trusted_hosts:
            prepared = MISDIRECTED
        elif method not in SAFE_METHODS:
            if method == "OPTIONS":
                prepared = PREFLIGHT if preflight and path.startswith("/v1/") else OPTIONS
            else:
                prepared = NOT_ALLOWED
        elif route is None:
            prepared = NOT_FOUND
        elif route.builder is None:
            return None
        else:
            # The moment the variant is looked up serves for max-age too.
            now = self.ctx.clock()
            prepared = self._prepared(route, path, params, query, now)
        now = now or self.ctx.clock()
        # The form this client gets decides the ETag it is compared with.
        zips = prepared.zips and accepts_gzip(accept_encoding)
        if prepared.held_by(zips, if_none_match, if_modified_since, now):
            return Reply(304, NOT_MODIFIED_STATUS, prepared.headers_at(
                now, NOT_MODIFIED | GZIP if zips else NOT_MODIFIED), b"", label)
        zipped = prepared.gzipped() if zips else None
        if zipped is None:
            headers, body = prepared.headers_at(now, PLAIN), prepared.body
        else:
            headers, body = prepared.headers_at(now, GZIP), zipped[1]
        return Reply(prepared.code, prepared.status, headers, b"" if method == "HEAD" else body,
                     label)

    def _prepared(self, route: Route, path: str, params: dict[str, str], raw_query: str,
                  now: datetime) -> Prepared:
        assert route.builder is not None
        query = canonical_query(route, raw_query)
        key = (path, query)
        # A new check renders again (to the same bytes and ETag, unless it shows a part that
        # was too old): variants expire by the check they were rendered with.
        version, checked = (0, None) if route.static else self.versions.current()
        entry = self.cache.get(key)
        if entry is not None and entry.version == version and entry.checked is checked and (
                entry.expires_at is None or now < entry.expires_at):
            return entry
        # A variant already asked for is re-rendered for its new version whatever the budget:
        # the budget is for lists nobody asked for before, not for the sites that embed them.
        one_off = entry is None and is_one_off(query)
        if one_off and not self.budget.available():
            return self._busy(route)
        started = time.perf_counter()
        stored = None if route.static else read_checked(self.ctx.store)
        entry = route.builder(self.ctx, stored, VariantKey(path=path, query=query, now=now,
                                                            path_params=params))
        if one_off:
            self.budget.spend(time.perf_counter() - started)
        entry.checked = checked
        self.cache.put(key, entry)
        return entry

    def _busy(self, route: Route) -> Prepared:
        """The route's answer while the budget is spent, made once."""
        if route.busy is None:
            return BUSY
        made = self._busy_answers.get(route.path)
        if made is None:
            made = self._busy_answers[route.path] = route.busy(self.ctx)
        return made

    def count(self, label: str, status: int, method: str, path: str, query: str, client: str,
              size: int, started: float) -> None:
        """Record a finished request in the metrics and the access log."""
        if self.observe is not None:
            self.observe(label, status)
        if self.access_log is not None:
            self.access_log.line(client, method, path, query, status, size, started)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        started = time.perf_counter()
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        reply = self.answer(method, path, query, wsgi_host(environ),
                            environ.get("HTTP_IF_NONE_MATCH"),
                            environ.get("HTTP_ACCEPT_ENCODING", ""),
                            "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in environ,
                            environ.get("HTTP_IF_MODIFIED_SINCE"))
        if reply is None:
            return self._fallback(environ, start_response, method, path, query, started)
        start_response(reply.status, list(reply.headers))  # the server may change its copy
        self.count(reply.label, reply.code, method, path, query, wsgi_client(environ),
                   len(reply.body), started)
        return [reply.body] if reply.body else []

    def _fallback(self, environ: dict[str, Any], start_response: Callable[..., Any],
                  method: str, path: str, query: str, started: float) -> Iterable[bytes]:
        if self.observe is None and self.access_log is None:
            return self.fallback(environ, start_response)
        label = self.router.label_of(path)

        def counted(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            size = next((int(v) for k, v in headers if k.lower() == "content-length"), -1)
            self.count(label, int(status[:3]), method, path, query, wsgi_client(environ),
                       size, started)
            return start_response(status, headers, exc_info)

        return self.fallback(environ, counted)


def wsgi_host(environ: dict[str, Any]) -> str | None:
    """A WSGI request's Host as ``answer`` takes it (None: not exactly one)."""
    host = environ.get("HTTP_HOST")
    if not host:  # Granian's WSGI gives "" for none
        return None if environ.get("SERVER_PROTOCOL") == "HTTP/1.1" else ""
    # Servers join repeated headers with commas, which a host name never holds.
    return None if "," in host else host


def wsgi_client(environ: dict[str, Any]) -> str:
    """The client address of a WSGI request, as the access log names it."""
    return client_address(environ.get("REMOTE_ADDR", "-"), environ.get("HTTP_X_FORWARDED_FOR"))
