"""The demo page at ``/``: the widget in both themes, and snippets to copy.

The snippets need this server's public address, which is never taken from the request's
``Host`` header (anyone can send any Host, and the page would then hand out their address).
They use the configured public URL (``server.public_url``) when there is one; otherwise a
small script fills them in from the address the browser itself shows. The page's own links
and frames are relative, so they need no address at all.

The widget itself (``/widget``) and its loader (``/embed.js``) are prepared responses served
by ``ticker.web.fastpath``; see ``ticker.web.widget`` and ``ticker.web.pages``.
"""

from __future__ import annotations

import secrets

from flask import Response, render_template

from ticker.web.context import WebContext
from ticker.web.views import context
from ticker.web.widget_options import COLOR_PARAMS, HEIGHTS, SIZES, SPEEDS, THEMES
from ticker.web.widget_view import LABELS

_DEMO_CSP = ("default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
             "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# Shown in the snippets until the script replaces it (or for good, without JavaScript).
PLACEHOLDER_BASE = "https://ticker.example.com/"


def public_base(ctx: WebContext) -> str | None:
    """The configured public URL ending in ``/``, or None when none is configured."""
    # Unset, the browser fills the address in: nothing is taken from the Host header.
    configured = ctx.server.public_url
    if not configured:
        return None
    return configured.rstrip("/") + "/"


def render_demo(public_url: str | None, nonce: str) -> str:
    """The demo page's HTML; ``public_url`` (ending in ``/``) fills the snippets when given."""
    return render_template(
        "demo.html", base=public_url or PLACEHOLDER_BASE, fill_in=public_url is None,
        nonce=nonce, title=LABELS["ko"]["title"], themes=THEMES, speeds=tuple(SPEEDS),
        sizes=tuple(SIZES), heights=HEIGHTS, colors=COLOR_PARAMS)


def demo() -> Response:
    """A demo: the widget in both themes and snippets with this server's public address."""
    # Rendered per request for its nonce; nothing in it comes from the request.
    nonce = secrets.token_urlsafe(16)
    response = Response(render_demo(public_base(context()), nonce),
                        content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = _DEMO_CSP.format(nonce=nonce)
    response.headers["Cache-Control"] = "no-cache"
    return response
