"""The site: the fast path in front of a Flask app, both built from one route table.

``create_app`` builds it around a WebContext and a table (``ticker.web.routes`` unless
another is given). Nothing here fetches; everything reads the store. Nothing starts and
nothing is read at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.test import Client

from ticker.web.api.params import ParamError
from ticker.web.context import EXTENSION, WebContext
from ticker.web.http.accesslog import AccessLog
from ticker.web.http.fastpath import FastPath, Observer
from ticker.web.http.httpcache import accepts_gzip
from ticker.web.http.prepared import MIN_GZIP_BYTES, gzip_bytes
from ticker.web.http.routing import Route, Router
from ticker.web.routes import ROUTES
from ticker.web.status import error_response


def _param_error(error: ParamError) -> Response:
    return error_response(400, "invalid_parameter", str(error))


def _http_error(error: HTTPException) -> Response:
    code = (error.name or "error").lower().replace(" ", "_")
    response = error_response(error.code or 500, code, error.description or code)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def create_flask(ctx: WebContext, router: Router) -> Flask:
    """The Flask app for the routes answered per request (health, readiness, metrics, demo)."""
    flask = Flask(__name__)
    flask.extensions[EXTENSION] = ctx
    for route in router.routes:
        if route.view is not None:
            flask.add_url_rule(route.flask_rule, endpoint=route.operation_id,
                               view_func=route.view, methods=["GET"])
    flask.register_error_handler(ParamError, _param_error)
    flask.register_error_handler(HTTPException, _http_error)
    flask.after_request(compress)
    return flask


def compress(response: Response) -> Response:
    """Gzip a per-request HTML page for clients that take it, as prepared pages are."""
    if (response.status_code != 200 or response.direct_passthrough
            or not response.content_type.startswith("text/html")
            or not accepts_gzip(request.headers.get("Accept-Encoding", ""))):
        return response
    body = response.get_data()
    if len(body) >= MIN_GZIP_BYTES:
        response.set_data(gzip_bytes(body))
        response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
    return response


class WebApp:
    """The WSGI app a server runs: prepared routes first, Flask for the rest."""

    def __init__(self, ctx: WebContext, observe: Observer | None = None,
                 version_poll_seconds: float = 0.5, access_log: AccessLog | None = None,
                 routes: Sequence[Route] = ROUTES) -> None:
        router = Router(routes)
        self.flask = create_flask(ctx, router)
        self.access_log = access_log
        self.fast_path = FastPath(ctx, router, self.flask.wsgi_app, observe,
                                  version_poll_seconds, access_log)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        return self.fast_path(environ, start_response)

    def close(self) -> None:
        """Flush the access log."""
        if self.access_log is not None:
            self.access_log.close()

    def test_client(self) -> Client:
        """A test client that goes through the fast path, as a server's requests do."""
        return Client(self, use_cookies=False)


def create_app(ctx: WebContext, observe: Observer | None = None,
               version_poll_seconds: float = 0.5, access_log: AccessLog | None = None,
               routes: Sequence[Route] = ROUTES) -> WebApp:
    """Build the app around a WebContext, serving ``routes``."""
    return WebApp(ctx, observe, version_poll_seconds, access_log, routes)
