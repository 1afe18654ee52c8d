"""Response headers every answer carries, and the WSGI wrapper that adds them to Flask's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# PEP 3333's own shape: the environ holds values of any type, start_response is variadic.
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# The JSON answers' content type; OpenAPI names the media type alone.
JSON_MEDIA = "application/json"
JSON = f"{JSON_MEDIA}; charset=utf-8"

# Nothing but the widget may be framed, and nothing here loads anything by default.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'"
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("X-Content-Type-Options", "nosniff"),
    # Embedding sites' page URLs are not ours to collect, nor to pass on.
    ("Referrer-Policy", "no-referrer"),
    # Name without version: nothing for a scanner to match.
    ("Server", "ticker"),
)
# JSON is public data for any page's script; never with credentials, never echoing Origin.
CORS_HEADERS: tuple[tuple[str, str], ...] = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag, Last-Modified"),
)
PREFLIGHT_HEADERS: tuple[tuple[str, str], ...] = (
    *CORS_HEADERS,
    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
    ("Access-Control-Allow-Headers", "If-None-Match, If-Modified-Since"),
    ("Access-Control-Max-Age", "86400"),
)
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
_DROPPED = {"set-cookie", "server"}


def security_headers(given: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The security set every answer adds to ``given``, with the default CSP unless
    ``given`` sets its own."""
    if any(name.lower() == "content-security-policy" for name, _ in given):
        return SECURITY_HEADERS
    return (*SECURITY_HEADERS, ("Content-Security-Policy", DEFAULT_CSP))


def with_security_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` plus the security set and a default CSP; cookies are never sent."""
    kept = [(name, value) for name, value in headers if name.lower() not in _DROPPED]
    return [*kept, *security_headers(kept)]


def secure(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so that every response it makes carries the security headers."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            return start_response(status, with_security_headers(headers), exc_info)

        return app(environ, start)

    return wrapped
