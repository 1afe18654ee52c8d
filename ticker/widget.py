"""The embeddable widget: ``/widget`` (the strip), ``/embed.js`` (its loader), ``/`` (a demo).

The strip is rendered on the server from the same document as ``/v1/weather``, so every item
is on screen from the first frame without script; its script, inlined under a per-response
nonce, only polls for new values. Each page carries a CSP; only the widget's says who may
frame it (``widget.frame_ancestors``).
"""

from __future__ import annotations

import secrets
from functools import cache
from importlib import resources

from flask import Blueprint, Response, render_template, request, url_for
from markupsafe import Markup

from ticker.params import ParamError
from ticker.render import weather_document
from ticker.web import context
from ticker.widget_options import COLOR_PARAMS, SIZES, SPEEDS, THEMES, parse_widget_options
from ticker.widget_view import LABELS, widget_view

widget = Blueprint("widget", __name__)

RETRY_SECONDS = 30
_WIDGET_CSP = ("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; "
               "frame-ancestors {ancestors}")
_DEMO_CSP = ("default-src 'none'; script-src 'self'; style-src 'nonce-{nonce}'; "
             "frame-src 'self'; base-uri 'none'; form-action 'none'")


@cache
def asset(name: str) -> str:
    """A bundled file of ``ticker/assets`` as text."""
    return resources.files("ticker").joinpath("assets", name).read_text(encoding="utf-8")


def _page(body: str, status: int, csp: str) -> Response:
    response = Response(body, status=status, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The page holds the current values and a fresh nonce: revalidate every time.
    response.headers["Cache-Control"] = "no-cache"
    return response


def _widget_csp(nonce: str) -> str:
    ancestors = " ".join(context().widget.frame_ancestors)
    return _WIDGET_CSP.format(nonce=nonce, ancestors=ancestors)


def _message(status: int, title: tuple[str, str], message: str, retry: int | None) -> Response:
    nonce = secrets.token_urlsafe(16)
    body = render_template("widget_message.html", status=status, title_ko=title[0],
                           title_en=title[1], message=message, retry=retry, nonce=nonce)
    response = _page(body, status, _widget_csp(nonce))
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


@widget.errorhandler(ParamError)
def _bad_option(error: ParamError) -> Response:
    # The message names the parameter and what it takes, never the value sent.
    return _message(400, ("잘못된 위젯 설정", "Invalid widget option"), str(error), None)


@widget.get("/widget")
def strip() -> Response:
    """The ticker strip for the requested cities, language and look."""
    ctx = context()
    options = parse_widget_options(request.args, ctx.cities)
    stored = ctx.store.get()
    if stored is None:
        return _message(503, ("날씨 정보를 준비하고 있습니다", "Weather data is on its way"),
                        "The first refresh is pending; this page reloads itself.",
                        RETRY_SECONDS)
    document = weather_document(stored.snapshot, options.cities, options.lang, ctx.clock(),
                                ctx.freshness)
    nonce = secrets.token_urlsafe(16)
    src = url_for("api.weather", cities=",".join(city.id for city in options.cities),
                  lang=options.lang)
    body = render_template(
        "widget.html", view=widget_view(document, options), options=options, nonce=nonce,
        src=src, refresh=options.refresh or ctx.widget.refresh_seconds,
        css=Markup(asset("widget.css")), script=Markup(asset("widget.js")))
    return _page(body, 200, _widget_csp(nonce))


@widget.get("/embed.js")
def embed_script() -> Response:
    """The loader that turns each of its script tags into a widget iframe."""
    response = Response(asset("embed.js"), content_type="text/javascript; charset=utf-8")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@widget.get("/")
def demo() -> Response:
    """A demo: the widget in both themes and snippets filled in with this server's address."""
    nonce = secrets.token_urlsafe(16)
    body = render_template(
        "demo.html", base=request.url_root, nonce=nonce, title=LABELS["ko"]["title"],
        themes=THEMES, speeds=tuple(SPEEDS), sizes=tuple(SIZES), colors=COLOR_PARAMS)
    return _page(body, 200, _DEMO_CSP.format(nonce=nonce))
