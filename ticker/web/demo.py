"""The demo page at ``/``: the widget in both themes, and snippets for this server's address.

The widget itself (``/widget``) and its loader (``/embed.js``) are prepared responses served
by ``ticker.fastpath``; see ``ticker.variants`` and ``ticker.pages``.
"""

from __future__ import annotations

import secrets

from flask import Response, render_template, request

from ticker.web.widget_options import COLOR_PARAMS, SIZES, SPEEDS, THEMES
from ticker.web.widget_view import LABELS

_DEMO_CSP = ("default-src 'none'; script-src 'self'; style-src 'nonce-{nonce}'; "
             "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def demo() -> Response:
    """A demo: the widget in both themes and snippets filled in with this server's address."""
    # Rendered per request (it shows the request's own address), so a nonce costs nothing.
    nonce = secrets.token_urlsafe(16)
    body = render_template(
        "demo.html", base=request.url_root, nonce=nonce, title=LABELS["ko"]["title"],
        themes=THEMES, speeds=tuple(SPEEDS), sizes=tuple(SIZES), colors=COLOR_PARAMS)
    response = Response(body, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = _DEMO_CSP.format(nonce=nonce)
    response.headers["Cache-Control"] = "no-cache"
    return response
