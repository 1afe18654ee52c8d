"""The Flask app factory: JSON API v1 and health endpoints. Reads the store; never fetches."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException

from ticker.cities import City
from ticker.config import WidgetSettings
from ticker.freshness import Freshness
from ticker.params import ParamError, parse_cities, parse_lang
from ticker.quota import QuotaLedger
from ticker.render import city_documents, weather_document
from ticker.store import SnapshotStore

EXTENSION = "ticker"


@dataclass(frozen=True)
class WebContext:
    """What the routes read: the store, the configured cities, the freshness rules, a clock."""

    store: SnapshotStore
    cities: Sequence[City]
    freshness: Freshness
    clock: Callable[[], datetime]
    quota: QuotaLedger | None = None
    widget: WidgetSettings = field(default_factory=WidgetSettings)


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


@api.get("/v1/weather")
def weather() -> Response:
    """Every requested city, in order, with freshness flags."""
    ctx = context()
    cities = parse_cities(request.args, ctx.cities)
    lang = parse_lang(request.args)
    stored = ctx.store.get()
    if stored is None:
        return error_response(503, "no_data", "no snapshot yet: the first refresh is pending")
    return json_response(weather_document(stored.snapshot, cities, lang, ctx.clock(),
                                          ctx.freshness))


@api.get("/v1/weather/<city_id>")
def one_city(city_id: str) -> Response:
    """One city object; 404 for an id that is not configured."""
    ctx = context()
    lang = parse_lang(request.args)
    city = next((c for c in ctx.cities if c.id == city_id), None)
    if city is None:
        return error_response(404, "unknown_city", "no such city; see /v1/weather for the ids")
    stored = ctx.store.get()
    if stored is None:
        return error_response(503, "no_data", "no snapshot yet: the first refresh is pending")
    [document] = city_documents(stored.snapshot, [city], lang, ctx.clock(), ctx.freshness)
    return json_response(document)


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
    if not snapshot.sample and age > ctx.freshness.stale_after:
        limit = round(ctx.freshness.stale_after.total_seconds() / 60)
        body.update(status="unready",
                    reason=f"last successful refresh is older than the stale limit ({limit} min)")
        return json_response(body, 503)
    return json_response(body)


def _param_error(error: ParamError) -> Response:
    return error_response(400, "invalid_parameter", str(error))


def _http_error(error: HTTPException) -> Response:
    code = (error.name or "error").lower().replace(" ", "_")
    response = error_response(error.code or 500, code, error.description or code)
    if error.code == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def create_app(ctx: WebContext) -> Flask:
    """Build the app around a WebContext; nothing starts and nothing is read at import."""
    app = Flask(__name__)
    app.extensions[EXTENSION] = ctx
    # ticker.widget reads this module's WebContext, so it is imported once this one is loaded.
    from ticker.widget import widget

    app.register_blueprint(api)
    app.register_blueprint(widget)
    app.register_error_handler(ParamError, _param_error)
    app.register_error_handler(HTTPException, _http_error)
    return app
