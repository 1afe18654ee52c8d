"""What each cacheable route answers, as Prepared responses built from the stored snapshot.

One function per route; each is called once per snapshot version and variant (or when a
city's freshness changes), never per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from werkzeug.datastructures import MultiDict

from ticker.core.documents import city_documents, weather_document
from ticker.state.store import StoredSnapshot
from ticker.web.context import WebContext
from ticker.web.headers import CORS_HEADERS
from ticker.web.openapi import openapi_document
from ticker.web.pages import asset, json_bytes, message_page, widget_page
from ticker.web.params import ParamError, parse_cities, parse_lang
from ticker.web.prepared import Prepared, prepare
from ticker.web.widget_options import parse_widget_options

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
JAVASCRIPT = "text/javascript; charset=utf-8"
RETRY_SECONDS = 30
WIDGET_EXTRA = (("X-Robots-Tag", "noindex"),)
STATIC_CACHE = "public, max-age=3600"


@dataclass(frozen=True)
class Request:
    """What a variant depends on: the route's path, its query and the moment."""

    path: str
    query: str
    now: datetime

    def args(self) -> MultiDict[str, str]:
        """The query string as Werkzeug's MultiDict (repeated parameters kept)."""
        return MultiDict(parse_qsl(self.query, keep_blank_values=True))


Builder = Callable[[WebContext, StoredSnapshot | None, Request], Prepared]


def _json_error(code: int, error: str, message: str, version: int,
                extra: tuple[tuple[str, str], ...] = ()) -> Prepared:
    body = json_bytes({"error": {"code": error, "message": message}})
    return prepare(code, JSON, body, version=version,
                   extra=(*CORS_HEADERS, *extra))


def _no_snapshot_json() -> Prepared:
    return _json_error(503, "no_data", "no snapshot yet: the first refresh is pending", 0,
                       (("Retry-After", str(RETRY_SECONDS)),))


def _json_document(ctx: WebContext, stored: StoredSnapshot, request: Request,
                   document: object, observations: list, variant: str) -> Prepared:
    snapshot = stored.snapshot
    return prepare(200, JSON, json_bytes(document), version=stored.version,
                   extra=CORS_HEADERS,
                   variant=variant, last_modified=snapshot.updated_at,
                   next_refresh=ctx.next_refresh(request.now),
                   expires_at=None if snapshot.sample
                   else ctx.freshness.next_change(observations, request.now))


def weather(ctx: WebContext, stored: StoredSnapshot | None, request: Request) -> Prepared:
    """``/v1/weather``: every requested city."""
    version = stored.version if stored else 0
    try:
        args = request.args()
        cities = parse_cities(args, ctx.cities)
        lang = parse_lang(args)
    except ParamError as error:
        return _json_error(400, "invalid_parameter", str(error), version)
    if stored is None:
        return _no_snapshot_json()
    document = weather_document(stored.snapshot, cities, lang, request.now, ctx.freshness)
    variant = urlencode({"cities": ",".join(c.id for c in cities), "lang": lang})
    observations = [stored.snapshot.observation(c.id) for c in cities]
    return _json_document(ctx, stored, request, document,
                          [o for o in observations if o is not None], "weather?" + variant)


def one_city(ctx: WebContext, stored: StoredSnapshot | None, request: Request) -> Prepared:
    """``/v1/weather/<id>``: one city object, 404 for an id not configured."""
    version = stored.version if stored else 0
    city_id = request.path.removeprefix("/v1/weather/")
    city = next((c for c in ctx.cities if c.id == city_id), None)
    try:
        lang = parse_lang(request.args())
    except ParamError as error:
        return _json_error(400, "invalid_parameter", str(error), version)
    if city is None:
        return _json_error(404, "unknown_city", "no such city; see /v1/weather for the ids",
                           version)
    if stored is None:
        return _no_snapshot_json()
    [document] = city_documents(stored.snapshot, [city], lang, request.now, ctx.freshness)
    observation = stored.snapshot.observation(city.id)
    return _json_document(ctx, stored, request, document,
                          [observation] if observation else [], f"city/{city.id}?lang={lang}")


def _widget_message(ctx: WebContext, code: int, title: tuple[str, str], message: str,
                    retry: int | None, version: int) -> Prepared:
    body, csp = message_page(code, title, message, retry, ctx.widget.frame_ancestors)
    extra = [("Content-Security-Policy", csp), *WIDGET_EXTRA]
    if retry:
        extra.append(("Retry-After", str(retry)))
    return prepare(code, HTML, body, version=version, extra=tuple(extra))


def widget(ctx: WebContext, stored: StoredSnapshot | None, request: Request) -> Prepared:
    """``/widget``: the strip for the requested cities, language and look."""
    version = stored.version if stored else 0
    try:
        options = parse_widget_options(request.args(), ctx.cities)
    except ParamError as error:
        # The message names the parameter and what it takes, never the value sent.
        return _widget_message(ctx, 400, ("잘못된 위젯 설정", "Invalid widget option"),
                               str(error), None, version)
    if stored is None:
        return _widget_message(ctx, 503, ("날씨 정보를 준비하고 있습니다",
                                          "Weather data is on its way"),
                               "The first refresh is pending; this page reloads itself.",
                               RETRY_SECONDS, 0)
    snapshot = stored.snapshot
    document = weather_document(snapshot, options.cities, options.lang, request.now,
                                ctx.freshness)
    # Relative, so a deployment under a path prefix polls its own API.
    # City ids and languages come from allow-lists: nothing here needs escaping.
    src = f"v1/weather?cities={','.join(c.id for c in options.cities)}&lang={options.lang}"
    body, csp = widget_page(document, options, src,
                            options.refresh or ctx.widget.refresh_seconds,
                            ctx.widget.frame_ancestors)
    observations = [o for c in options.cities if (o := snapshot.observation(c.id))]
    return prepare(200, HTML, body, version=stored.version,
                   extra=(("Content-Security-Policy", csp), *WIDGET_EXTRA),
                   variant="widget?" + request.query, last_modified=snapshot.updated_at,
                   next_refresh=ctx.next_refresh(request.now),
                   expires_at=None if snapshot.sample
                   else ctx.freshness.next_change(observations, request.now))


def embed_script(ctx: WebContext, stored: StoredSnapshot | None, request: Request) -> Prepared:
    """``/embed.js``: the loader; the same bytes whatever the snapshot."""
    return prepare(200, JAVASCRIPT, asset("embed.js").encode(), version=0,
                   variant="embed.js", fixed_cache_control=STATIC_CACHE)


def openapi(ctx: WebContext, stored: StoredSnapshot | None, request: Request) -> Prepared:
    """``/openapi.json``: the API description; the same bytes whatever the snapshot."""
    return prepare(200, JSON, json_bytes(openapi_document()), version=0,
                   extra=CORS_HEADERS,
                   variant="openapi", fixed_cache_control=STATIC_CACHE)
