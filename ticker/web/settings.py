"""The web layer's settings: what it reads of ``server:`` (hosts, public URL) and ``widget:``.

The rest of ``server:`` (where and how to listen) is the server's own, in
``ticker.app.server.settings``, which extends ``HttpSettings``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator

from ticker.core.config_types import HttpUrl, Strict

# A plain absolute http(s) address: a host name, IPv4 or [IPv6] address, an optional port and
# path; no user, query or fragment, and no character that quotes or ends an HTML attribute.
_PUBLIC_URL = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?"
    r"(?:/(?:[a-z0-9._~!$&()*+,;=:@/-]|%[0-9a-f]{2})*)?", re.IGNORECASE)
MAX_PORT = 65535


class HttpSettings(Strict):
    """What the web layer reads of ``server:``: the hosts it answers and its public address."""

    # When set, requests for any other Host get a 400 (names, no ports).
    trusted_hosts: tuple[str, ...] = ()
    # The address readers reach the service at (e.g. https://weather.example.com), for the
    # snippets of the demo page and the OpenAPI servers; unset, pages use their own origin.
    public_url: HttpUrl | None = None

    @field_validator("public_url")
    @classmethod
    def _plain_address(cls, value: str | None) -> str | None:
        # It is pasted into other sites' HTML by the snippets: only a plain absolute address.
        if value is None:
            return value
        found = _PUBLIC_URL.fullmatch(value)
        if not found or int(found.group("port") or 0) > MAX_PORT:
            raise ValueError("expected an absolute http(s) URL such as "
                             "https://weather.example.com/ticker, with no user, query, "
                             "fragment, quotes, spaces or angle brackets")
        return value


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
