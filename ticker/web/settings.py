"""The web layer's settings: what it reads of ``server:`` (hosts, public URL) and ``widget:``.

The rest of ``server:`` (where and how to listen) is the server's own, in
``ticker.app.server.settings``, which extends ``HttpSettings``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator

from ticker.core.config_types import HttpUrl, Strict


class HttpSettings(Strict):
    """What the web layer reads of ``server:``: the hosts it answers and its public address."""

    # When set, requests for any other Host get a 400 (names, no ports).
    trusted_hosts: tuple[str, ...] = ()
    # The address readers reach the service at (e.g. https://weather.example.com), for the
    # snippets of the demo page and the OpenAPI servers; unset, pages use their own origin.
    public_url: HttpUrl | None = None


# One CSP frame-ancestors source: *, 'self', a scheme (https:) or a host source such as
# https://*.example.com:8443. No spaces, commas or semicolons: a value cannot add a directive.
_FRAME_SOURCE = re.compile(
    r"\*|'self'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*"
    r"(:(\d{1,5}|\*))?", re.IGNORECASE)


class WidgetSettings(Strict):
    """The embeddable widget: which sites may frame it, and how often it polls."""

    frame_ancestors: tuple[str, ...] = ("*",)
    refresh_seconds: int = Field(default=300, ge=2, le=3600)

    @field_validator("frame_ancestors", mode="before")
    @classmethod
    def _csp_sources(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("expected a non-empty list of CSP sources, e.g. ['*']")
        if list(value) == ["'none'"]:
            return ("'none'",)
        for item in value:
            if not isinstance(item, str) or not _FRAME_SOURCE.fullmatch(item):
                raise ValueError("expected CSP sources such as *, 'self', https: or "
                                 "https://news.example.com ('none' alone)")
        return tuple(value)
