"""The widget's prepared responses: the strip page, its message pages and ``/embed.js``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.documents import HourDocument, history_document, weather_document
from ticker.core.kst import hour_of
from ticker.core.last_change import changed_since
from ticker.core.observations import Snapshot
from ticker.state.store import StoredSnapshot
from ticker.web.api.params import ParamError
from ticker.web.api.responses import RETRY_SECONDS, STATIC_CACHE
from ticker.web.context import WebContext
from ticker.web.http.prepared import Prepared, prepare
from ticker.web.http.variant import VariantKey
from ticker.web.widget.options import WidgetOptions, parse_widget_options
from ticker.web.widget.page import asset, message_page, widget_page

HTML = "text/html; charset=utf-8"
JAVASCRIPT = "text/javascript; charset=utf-8"
WIDGET_EXTRA = (("X-Robots-Tag", "noindex"),)
# The render budget refills a quarter of a second each second (ticker.web.http.variantcache).
BUSY_RETRY_SECONDS = 1


def _message(ctx: WebContext, code: int, title: tuple[str, str], message: str,
             retry: int | None, version: int) -> Prepared:
    body, csp = message_page(code, title, message, retry, ctx.widget.frame_ancestors)
    extra = [("Content-Security-Policy", csp), *WIDGET_EXTRA]
    if retry:
        extra.append(("Retry-After", str(retry)))
    return prepare(code, HTML, body, version=version, extra=tuple(extra))


def _histories(snapshot: Snapshot, options: WidgetOptions, key: VariantKey
               ) -> dict[str, tuple[HourDocument, ...]]:
    """Each city's hours as ``/v1/weather/<id>/history`` gives them, for show=trend."""
    if "trend" not in options.show:
        return {}
    return {city.id: history_document(snapshot, city, options.lang, key.now).hours
            for city in options.cities}


def widget(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/widget``: the strip for the requested cities, language and look."""
    version = stored.version if stored else 0
    try:
        options = parse_widget_options(key.args(), ctx.strips)
    except ParamError as error:
        # The message names the parameter and what it takes, never the value sent.
        return _message(ctx, 400, ("잘못된 위젯 설정", "Invalid widget option"),
                        str(error), None, version)
    if stored is None:
        return _message(ctx, 503, ("날씨 정보를 준비하고 있습니다", "Weather data is on its way"),
                        "The first refresh is pending; this page reloads itself.",
                        RETRY_SECONDS, 0)
    snapshot = stored.snapshot
    document = weather_document(snapshot, options.cities, options.lang, key.now,
                                ctx.freshness)
    # Relative, so a deployment under a path prefix polls its own API.
    # City ids and languages come from allow-lists: nothing here needs escaping.
    src = f"v1/weather?cities={','.join(c.id for c in options.cities)}&lang={options.lang}"
    body, csp = widget_page(document, options, src,
                            options.refresh or ctx.widget.refresh_seconds,
                            ctx.widget.frame_ancestors, _histories(snapshot, options, key),
                            # A recording is shown as recorded: its line ends at its own hour.
                            None if snapshot.sample else key.now)
    return prepare(200, HTML, body, version=stored.version,
                   extra=(("Content-Security-Policy", csp), *WIDGET_EXTRA),
                   variant="widget?" + key.query,
                   last_modified=_last_modified(ctx, snapshot, options.cities, key.now),
                   next_refresh=snapshot.next_refresh_at,
                   expires_at=ctx.freshness.expires_at(
                       snapshot, [c.id for c in options.cities], key.now))


def _last_modified(ctx: WebContext, snapshot: Snapshot, cities: Sequence[Station],
                   now: datetime) -> datetime:
    """When the strip last changed; a sparkline's oldest hour leaves on the hour."""
    changed = changed_since(ctx.freshness, snapshot, [c.id for c in cities], now)
    return changed if snapshot.sample else max(changed, hour_of(now))


def busy(ctx: WebContext) -> Prepared:
    """``/widget`` for a new ``cities`` list while the render budget is spent: a page that
    reloads itself, since JSON in a news page's frame would be shown as text."""
    return _message(ctx, 503, ("잠시 후 다시 표시됩니다", "Back in a moment"),
                    "Many new strips were asked for at once; this page reloads itself.",
                    BUSY_RETRY_SECONDS, 0)


def embed_script(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/embed.js``: the loader; the same bytes whatever the snapshot."""
    return prepare(200, JAVASCRIPT, asset("embed.js").encode(), version=0,
                   variant="embed.js", fixed_cache_control=STATIC_CACHE)


# Embeds need /widget and /embed.js fetched; the widget page itself says noindex.
ROBOTS = b"User-agent: *\nAllow: /\n"


def robots(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/robots.txt``: nothing is disallowed."""
    return prepare(200, "text/plain; charset=utf-8", ROBOTS, version=0, variant="robots",
                   fixed_cache_control=STATIC_CACHE)
