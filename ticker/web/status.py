"""Health, readiness and metrics: answered by Flask, read fresh on every request.

Also the one JSON shape of Flask's answers (``json_response``, ``error_response``).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response
from pydantic import BaseModel, ConfigDict

from ticker.core.documents import error_bytes
from ticker.web.context import current_context
from ticker.web.http.headers import JSON

METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class StatusDocument(BaseModel):
    """The body of ``/healthz`` and ``/readyz``: a status, the reason when not ready, facts."""

    model_config = ConfigDict(frozen=True, extra="allow")

    status: str
    reason: str | None = None


def json_response(document: Any, status: int = 200) -> Response:
    """A UTF-8 JSON response with Hangul left readable."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type=JSON)


def error_response(status: int, code: str, message: str) -> Response:
    """The one error shape: ``{"error": {"code": ..., "message": ...}}``."""
    return Response(error_bytes(code, message), status=status, content_type=JSON)


def healthz() -> Response:
    """200 while the process is up."""
    return json_response({"status": "ok"})


def readyz() -> Response:
    """200 when a snapshot exists and the last good refresh is recent (or data is sample)."""
    ctx = current_context()
    stored = ctx.store.get()
    if stored is None:
        return json_response({"status": "unready", "reason": "no snapshot yet"}, 503)
    snapshot = stored.snapshot
    now = ctx.clock()
    body: dict[str, Any] = {
        "status": "ready", "version": stored.version, "sample": snapshot.sample,
        "source": snapshot.source, "updated_at": snapshot.updated_at.isoformat(),
        "age_seconds": round((now - snapshot.updated_at).total_seconds())}
    if ctx.quota is not None:
        body["upstream_calls_today"] = ctx.quota.report(now)
    # A Redis-backed node that lost Redis keeps serving the snapshot it holds in memory.
    if not ctx.store.available:
        body["store"] = "unavailable: serving from memory"
    if not ctx.freshness.is_current(snapshot, now):
        limit = round(ctx.freshness.stale_after.total_seconds() / 60)
        body.update(status="unready",
                    reason=f"last successful refresh is older than the stale limit ({limit} min)")
        return json_response(body, 503)
    return json_response(body)


def metrics() -> Response:
    """Prometheus text exposition, rendered by what the composition root passed in (404 when
    metrics are not wired)."""
    render = current_context().metrics
    if render is None:
        return error_response(404, "not_found", "metrics are not enabled")
    return Response(render(), content_type=METRICS_CONTENT_TYPE)
