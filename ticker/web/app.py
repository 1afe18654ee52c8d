"""The Flask app factory: health, readiness and the pages the hot path does not prepare.

The cacheable routes (``/v1/weather``, ``/widget``, ``/embed.js``) are answered by
``ticker.fastpath`` in front of this app. Nothing here fetches; everything reads the store.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask, Response, current_app
from werkzeug.exceptions import HTTPException

from ticker.web.accesslog import AccessLog
from ticker.web.context import WebContext
from ticker.web.params import ParamError

EXTENSION = "ticker"
# (route label, status) of each response, for metrics.
Observer = Callable[[str, int], None]


def context() -> WebContext:
    """The WebContext of the running app."""
    return current_app.extensions[EXTENSION]


def json_response(document: Any, status: int = 200) -> Response:
    """A UTF-8 JSON response with Hangul left readable."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type="application/json; charset=utf-8")


def error_response(status: int, code: str, message: str) -> Response:
    """The one error shape: ``{"error": {"code": ..., "message": ...}}``."""
    return json_response({"error": {"code": code, "message": message}}, status)


api = Blueprint("api", __name__)


@api.get("/healthz")
def healthz() -> Response:
    """200 while the process is up."""
    return json_response({"status": "ok"})


@api.get("/readyz")
def readyz() -> Response:
    """200 when a snapshot exists and the last good refresh is recent (or data is sample)."""
    ctx = context()
    stored = ctx.store.get()
    if stored is None:
        return json_response({"status": "unready", "reason": "no snapshot yet"}, 503)
    snapshot = stored.snapshot
    now = ctx.clock()
    age = now - snapshot.updated_at
    body: dict[str, Any] = {
        "status": "ready", "version": stored.version, "sample": snapshot.sample,
        "source": snapshot.source, "updated_at": snapshot.updated_at.isoformat(),
        "age_seconds": round(age.total_seconds())}
    if ctx.quota is not None:
        body["upstream_calls_today"] = ctx.quota.report(now)
    # A Redis-backed node that lost Redis keeps serving the snapshot it holds in memory.
    if getattr(ctx.store, "available", True) is False:
        body["store"] = "unavailable: serving from memory"
    if not snapshot.sample and age > ctx.freshness.stale_after:
        limit = round(ctx.freshness.stale_after.total_seconds() / 60)
        body.update(status="unready",
                    reason=f"last successful refresh is older than the stale limit ({limit} min)")
        return json_response(body, 503)
    return json_response(body)


@api.get("/metrics")
def metrics() -> Response:
    """Prometheus text exposition (404 when metrics are not wired)."""
    render = context().metrics
    if render is None:
        return error_response(404, "not_found", "metrics are not enabled")
    return Response(render(), content_type="text/plain; version=0.0.4; charset=utf-8")


def _param_error(error: ParamError) -> Response:
    return error_response(400, "invalid_parameter", str(error))


def _http_error(error: HTTPException) -> Response:
    code = (error.name or "error").lower().replace(" ", "_")
    response = error_response(error.code or 500, code, error.description or code)
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def create_app(ctx: WebContext, observe: Observer | None = None,
               trusted_hosts: frozenset[str] = frozenset(),
               version_poll_seconds: float = 0.5, access_log: AccessLog | None = None) -> Flask:
    """Build the app around a WebContext; nothing starts and nothing is read at import.

    The returned Flask app's WSGI entry runs the prepared-response hot path first, so the
    test client, Granian and any other WSGI server all serve through the same path.
    """
    # These modules read this one's helpers, so they are imported once it is loaded.
    from ticker.web.demo import widget
    from ticker.web.fastpath import FastPath

    app = Flask(__name__)
    app.extensions[EXTENSION] = ctx
    app.register_blueprint(api)
    app.register_blueprint(widget)
    app.register_error_handler(ParamError, _param_error)
    app.register_error_handler(HTTPException, _http_error)
    app.wsgi_app = FastPath(ctx, app.wsgi_app, observe,  # type: ignore[method-assign]
                            trusted_hosts, version_poll_seconds, access_log)
    return app
