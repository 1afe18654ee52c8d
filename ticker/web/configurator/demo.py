"""The demo page at ``/``: a configurator with a live preview and snippets to copy.

A site editor picks a set or stations, theme, size, speed, language, warning badges and
extras; the page shows the widget and the iframe and script snippets for that choice. It is a
plain GET form, so it works without JavaScript (the page renders the preview and snippets for
the submitted query); with JavaScript (``assets/demo.js``) the preview and snippets follow
every change at once.

The snippets need this server's public address, which is never taken from the request's
``Host`` header (anyone can send any Host, and the page would then hand out their address).
They use the configured public URL (``server.public_url``) when there is one; otherwise the
page's script fills them in from the address the browser itself shows. The page's own links
and frames are relative, so they need no address at all.
"""

from __future__ import annotations

import secrets
from itertools import groupby

from flask import Response, request
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from ticker.core.catalogue import Station
from ticker.core.strips import Strips
from ticker.web.api.params import LANGS, ParamError
from ticker.web.configurator.configuration import (
    AMP_MORE,
    DEFAULTS,
    FRAME_TITLES,
    HOST_BACKGROUNDS,
    THEME_COLORS,
    Configuration,
    configure,
)
from ticker.web.configurator.words import CHOICES, WORDS
from ticker.web.context import WebContext, current_context
from ticker.web.widget.options import (
    COLOR_PARAMS,
    HEIGHTS,
    SHOW,
    SIZES,
    SPEEDS,
    THEMES,
    WARNINGS,
)
from ticker.web.widget.page import asset, templates
from ticker.web.widget.words import LABELS

_DEMO_CSP = ("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
             "frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Shown in the snippets until the script replaces it (or for good, without JavaScript).
PLACEHOLDER_BASE = "https://ticker.example.com/"
OTHER_PROVINCE = "기타"
# Where the page's template and script are (templates/demo.html, assets/demo.js).
CONFIGURATOR_PACKAGE = "ticker.web.configurator"
ICON_LICENCE = "LICENSE-meteocons.txt"


def public_base(ctx: WebContext) -> str | None:
    """The configured public URL ending in ``/``, or None when none is configured."""
    # Unset, the browser fills the address in: nothing is taken from the Host header.
    configured = ctx.server.public_url
    if not configured:
        return None
    return configured.rstrip("/") + "/"


def provinces(strips: Strips) -> list[tuple[str, list[Station]]]:
    """Every catalogue station grouped by province (sorted), in catalogue order within each."""
    def province(station: Station) -> str:
        return station.province or OTHER_PROVINCE

    ordered = sorted(strips.catalogue, key=lambda s: (s.province is None, province(s)))
    return [(name, list(group)) for name, group in groupby(ordered, key=province)]


# The words demo.js writes itself (the rest of WORDS is in the page).
SCRIPT_WORDS = ("matches", "remove", "remove_named", "chosen", "copied", "copy_by_hand")


def script_data(public_url: str | None, lang: str = "ko") -> dict[str, object]:
    """What the page's script needs to build the same query and snippets as the server."""
    # Lists keep their order in JSON; `tojson` sorts an object's keys.
    return {"base": public_url, "defaults": DEFAULTS, "order": list(DEFAULTS),
            "heights": HEIGHTS, "titles": FRAME_TITLES, "show": SHOW, "more": AMP_MORE,
            "colors": COLOR_PARAMS, "palette": THEME_COLORS, "hosts": HOST_BACKGROUNDS,
            "lang": lang,
            "words": {key: WORDS[lang][key] for key in SCRIPT_WORDS}}


def render_demo(strips: Strips, configuration: Configuration, public_url: str | None,
                nonce: str, error: str | None = None) -> str:
    """The demo page's HTML; ``public_url`` (ending in ``/``) fills the snippets when given."""
    base = public_url or PLACEHOLDER_BASE
    return templates(CONFIGURATOR_PACKAGE).get_template("demo.html").render(
        config=configuration, options=configuration.options, strips=strips,
        provinces=provinces(strips), picked=strips.catalogue.select(configuration.picked),
        error=error, nonce=nonce, w=WORDS[configuration.options.lang],
        c=CHOICES[configuration.options.lang], name_field=f"name_{configuration.options.lang}",
        title=LABELS[configuration.options.lang]["title"], themes=THEMES,
        speeds=tuple(SPEEDS), sizes=tuple(SIZES),
        langs=LANGS, show=SHOW, warnings=WARNINGS, heights=HEIGHTS,
        color_params=COLOR_PARAMS, palette=THEME_COLORS, hosts=HOST_BACKGROUNDS,
        data=script_data(public_url, configuration.options.lang),
        iframe_snippet=configuration.iframe_snippet(base),
        script_snippet=configuration.script_snippet(base),
        amp_snippet=configuration.amp_snippet(base),
        script=Markup(asset("demo.js", CONFIGURATOR_PACKAGE)),
        # The icons' MIT notice, shipped beside them and shown here as it asks.
        icon_licence=asset(ICON_LICENCE))


def demo() -> Response:
    """The configurator for the submitted query, or its defaults and a message naming the
    parameter that is wrong (400)."""
    ctx = current_context()
    # Rendered per request for its nonce; only validated values reach the page.
    nonce = secrets.token_urlsafe(16)
    status, error = 200, None
    try:
        configuration = configure(request.args, ctx.strips)
    except ParamError as exc:
        status, error = 400, str(exc)
        configuration = configure(MultiDict(), ctx.strips)
    response = Response(render_demo(ctx.strips, configuration, public_base(ctx), nonce, error),
                        status=status, content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = _DEMO_CSP.format(nonce=nonce)
    response.headers["Cache-Control"] = "no-cache"
    return response
