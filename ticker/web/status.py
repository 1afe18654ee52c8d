"""Health, readiness and metrics: answered by Flask, read fresh on every request.

Also the one JSON shape of Flask's answers (``json_response``, ``error_response``).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from flask import Response
from pydantic import BaseModel, ConfigDict, Field

from ticker.core.documents import error_bytes
from ticker.core.freshness import age_of, checked_at
from ticker.core.quota import QuotaReport
from ticker.state.store import read_checked
from ticker.web.context import current_context
from ticker.web.http.headers import JSON

METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class StatusDocument(BaseModel):
    """The body of ``/healthz`` and ``/readyz``: a status, the reason when not ready, facts.

    A fact that does not apply is left out of the body, not sent as null.
    """

    model_config = ConfigDict(frozen=True)

    status: Literal["ok", "ready", "unready"]
    version: int | None = Field(default=None, description="Store version of the snapshot")
    sample: bool | None = Field(default=None,
                                description="True when the data is the bundled sample")
    source: str | None = Field(default=None, description="The source chain of the snapshot")
    updated_at: datetime | None = Field(
        default=None, description="When the snapshot was last refreshed: the last successful "
                                  "refresh, also one that found nothing new (which stores no "
                                  "new version)")
    age_seconds: int | None = Field(default=None, description="Seconds since that refresh")
    upstream_calls_today: QuotaReport | None = Field(
        default=None, description="Calls this KST day per source (when a ledger is kept)")
    store: str | None = Field(default=None,
                              description="Set when the shared store is unreachable")
    # Last, so a stale snapshot's facts come before the reason it is not ready.
    reason: str | None = None

    def body(self) -> dict[str, object]:
        """The JSON object, without the facts that do not apply (nulls inside are kept)."""
        absent = {name for name, value in self if value is None}
        return self.model_dump(mode="json", exclude=absent)


def json_response(document: object, status: int = 200) -> Response:
    """A UTF-8 JSON response with Hangul left readable."""
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status=status, content_type=JSON)


def error_response(status: int, code: str, message: str) -> Response:
    """The one error shape: ``{"error": {"code": ..., "message": ...}}``."""
    return Response(error_bytes(code, message), status=status, content_type=JSON)


def healthz() -> Response:
    """200 while the process is up."""
    return json_response(StatusDocument(status="ok").body())


def readyz() -> Response:
    """200 when a snapshot exists and the last good refresh is recent (or data is sample)."""
    ctx = current_context()
    stored = read_checked(ctx.store)
    # A Redis-backed node that lost Redis serves the snapshot it holds in memory, if any.
    store = None if ctx.store.available else "unavailable: serving from memory"
    if stored is None:
        return json_response(StatusDocument(status="unready", store=store,
                                            reason="no snapshot yet").body(), 503)
    snapshot = stored.snapshot
    now = ctx.clock()
    current = ctx.freshness.is_current(snapshot, now)
    limit = round(ctx.freshness.stale_after.total_seconds() / 60)
    checked = checked_at(snapshot)
    document = StatusDocument(
        status="ready" if current else "unready", version=stored.version,
        sample=snapshot.sample, source=snapshot.source, updated_at=checked,
        age_seconds=round(age_of(checked, now).total_seconds()),
        upstream_calls_today=None if ctx.quota is None else ctx.quota.report(now),
        store=store,
        reason=None if current else (
            "last successful refresh is dated in the future" if checked > now
            else f"last successful refresh is older than the stale limit ({limit} min)"))
    return json_response(document.body(), 200 if current else 503)


def metrics() -> Response:
    """Prometheus text exposition, rendered by what the composition root passed in (404 when
    metrics are not wired)."""
    render = current_context().metrics
    if render is None:
        return error_response(404, "not_found", "metrics are not enabled")
    return Response(render(), content_type=METRICS_CONTENT_TYPE)
