"""The one route table: it drives the fast path, Flask's routes, metric labels and OpenAPI.

A route answered by a ``builder`` is prepared once per snapshot version and variant and
served by the fast path; one answered by a ``view`` is handled by Flask on each request.
The route types and the router that matches paths are in ``ticker.web.http.routing``.
"""

from __future__ import annotations

from ticker.core.catalogue import STATION_ID_PATTERN
from ticker.core.documents import (
    CityDocument,
    ErrorDocument,
    HistoryDocument,
    WeatherDocument,
)
from ticker.core.station_documents import SetsDocument, StationsDocument
from ticker.core.strips import SET_NAME
from ticker.core.warning_documents import WarningsDocument
from ticker.state.store import StoredSnapshot
from ticker.web import status
from ticker.web.api import responses as api
from ticker.web.api.openapi import openapi_document
from ticker.web.api.params import LANGS, MAX_IDS
from ticker.web.configurator.demo import demo
from ticker.web.context import WebContext
from ticker.web.http.prepared import Prepared
from ticker.web.http.routing import Answer, Param, Route
from ticker.web.http.variant import VariantKey
from ticker.web.status import StatusDocument
from ticker.web.widget import responses as widget
from ticker.web.widget.options import (
    COLOR_PARAMS,
    MAX_FONT_CHARS,
    MAX_LINK_CHARS,
    MOTIONS,
    REFRESH_MAX,
    REFRESH_MIN,
    SHOW,
    SIZES,
    SPEEDS,
    THEMES,
    WARNINGS,
)

HTML, JS, TEXT = ("text/html", "text/javascript", "text/plain")


_ID = STATION_ID_PATTERN.pattern
CITIES = Param("cities", {"type": "string", "pattern": f"^{_ID}(,{_ID}){{0,{MAX_IDS - 1}}}$"},
               "Station ids from /v1/stations, comma-separated, each at most once, in display "
               "order (at most 100); default: the configured strip")
SET = Param("set", {"type": "string", "pattern": f"^{SET_NAME.pattern}$"},
            "A named strip from /v1/sets (instead of cities)")
LANG = Param("lang", {"type": "string", "enum": list(LANGS)}, "Language of texts")
CITY_ID = Param("city_id", {"type": "string", "maxLength": 64},
                "A station id from /v1/stations", where="path")
WIDGET_PARAMS = (
    CITIES, SET, LANG,
    Param("theme", {"type": "string", "enum": list(THEMES)}, "Colour theme"),
    Param("speed", {"type": "string", "enum": list(SPEEDS)}, "Scroll speed"),
    Param("size", {"type": "string", "enum": list(SIZES)}, "Font size"),
    *(Param(name, {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}, f"{name} colour")
      for name in COLOR_PARAMS),
    Param("refresh", {"type": "integer", "minimum": REFRESH_MIN, "maximum": REFRESH_MAX},
          "Seconds between polls"),
    Param("parent", {"type": "string", "pattern": r"^https?://\S+$", "maxLength": 512},
          "Origin of the embedding page (scheme, host and port; IPv6 in brackets)"),
    Param("show", {"type": "string", "pattern": "^(({0})(,({0})){{0,{1}}})?$".format(
        "|".join(SHOW), len(SHOW) - 1)},
          "Extras, comma-separated, each at most once: icon (a weather icon before the "
          "condition, day or night by the station's sun), and after each temperature feels "
          "(feels-like, 체감), minmax (today's low and high from hourly readings), air "
          "(fine dust's grade, 미세먼지 보통, from AirKorea), trend (a sparkline of the last "
          "24 hours); default: none"),
    Param("warnings", {"type": "string", "enum": list(WARNINGS)},
          "Weather warnings (기상특보) in force as a badge before each city: on (default) "
          "or off"),
    Param("motion", {"type": "string", "enum": list(MOTIONS)},
          "auto (default): the strip scrolls only when its cities overflow it, and never "
          "under reduced motion; static: it never scrolls, the reader pages through it"),
    Param("link", {"type": "string", "pattern": r"^https?://\S+$", "maxLength": MAX_LINK_CHARS},
          "An absolute http(s) URL the strip opens in the top window (the site's weather "
          "page); default: the strip is no link"),
    Param("font", {"type": "string", "pattern": r"^[A-Za-z0-9 ,-]*$",
                   "maxLength": MAX_FONT_CHARS},
          "Font family names, comma-separated (up to 8; letters, digits, spaces, hyphens), "
          "used if installed, nothing loaded; default: the system's sans-serif"),
)

NOT_MODIFIED = Answer(304, "Not modified: If-None-Match holds the ETag of the form this "
                           "request would get (plain or gzip), or, without If-None-Match, "
                           "the body has not changed since If-Modified-Since", media="")
BAD_PARAMETER = Answer(400, "A parameter is invalid, or the Host is not served; the message "
                            "names which", model=ErrorDocument)
BAD_HOST = Answer(400, "The Host is not one of server.trusted_hosts", model=ErrorDocument)
NOT_READY = Answer(503, "No snapshot yet: the first refresh is pending (no_data); or, for a "
                        "new cities list, too many new ones at once (busy, with Retry-After)",
                   model=ErrorDocument)


def _openapi(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/openapi.json``: this table, documented."""
    return api.static_json(openapi_document(ROUTES, ctx.server.public_url), "openapi")


ROUTES: tuple[Route, ...] = (
    Route("/v1/weather", "getWeather", "Every requested city", (
        Answer(200, "The cities in display order", model=WeatherDocument), NOT_MODIFIED,
        BAD_PARAMETER, NOT_READY), (CITIES, SET, LANG), builder=api.weather),
    Route("/v1/weather/{city_id}", "getCity", "One city", (
        Answer(200, "The city", model=CityDocument), NOT_MODIFIED, BAD_PARAMETER,
        Answer(404, "No such city", model=ErrorDocument), NOT_READY), (CITY_ID, LANG),
        builder=api.one_city, label="/v1/weather/<id>"),
    Route("/v1/weather/{city_id}/history", "getCityHistory", "One station's last 24 hours", (
        Answer(200, "The hours held, oldest first, at most 24 (an hour the station did not "
                    "report is left out)", model=HistoryDocument), NOT_MODIFIED, BAD_PARAMETER,
        Answer(404, "No such station", model=ErrorDocument), NOT_READY), (CITY_ID, LANG),
        builder=api.history, label="/v1/weather/<id>/history"),
    Route("/v1/warnings", "listWarnings", "Every weather warning in force or upcoming", (
        Answer(200, "The warnings, in force first, the most severe first; null when unknown",
               model=WarningsDocument), NOT_MODIFIED, BAD_PARAMETER,
        Answer(503, "No snapshot yet: the first refresh is pending (no_data)",
               model=ErrorDocument)), (LANG,),
        builder=api.warnings),
    Route("/v1/stations", "listStations", "Every station a request may name", (
        Answer(200, "The stations, with the sets that show them", model=StationsDocument),
        NOT_MODIFIED, BAD_HOST), builder=api.stations, static=True),
    Route("/v1/sets", "listSets", "The default strip and the named sets", (
        Answer(200, "The strips' station ids", model=SetsDocument), NOT_MODIFIED, BAD_HOST),
        builder=api.sets, static=True),
    Route("/widget", "getWidget", "The embeddable ticker strip", (
        Answer(200, "The strip", HTML), NOT_MODIFIED,
        Answer(400, "An invalid option, named", HTML),
        Answer(503, "No snapshot yet; or, for a new cities list, too many new ones at once "
                    "(a page that reloads itself after Retry-After)", HTML)),
        WIDGET_PARAMS, builder=widget.widget, busy=widget.busy),
    Route("/embed.js", "getEmbedScript", "The script that embeds widgets", (
        Answer(200, "The loader", JS), NOT_MODIFIED, BAD_HOST),
        builder=widget.embed_script, static=True),
    Route("/openapi.json", "getOpenApi", "This document", (
        Answer(200, "OpenAPI 3.1"), NOT_MODIFIED, BAD_HOST), builder=_openapi, static=True),
    Route("/robots.txt", "getRobots", "Crawling rules: everything may be fetched", (
        Answer(200, "robots.txt", TEXT), NOT_MODIFIED, BAD_HOST), builder=widget.robots,
        static=True),
    Route("/", "getDemoPage", "A demo page with copy-paste snippets", (
        Answer(200, "The demo", HTML),
        Answer(400, "An invalid option of the configurator, named", HTML)), view=demo),
    Route("/healthz", "getHealth", "Liveness", (
        Answer(200, "The process is up", model=StatusDocument),), view=status.healthz,
        any_host=True),
    Route("/readyz", "getReadiness", "Readiness", (
        Answer(200, "Serving recent data", model=StatusDocument),
        Answer(503, "Not ready, with the reason", model=StatusDocument)),
        view=status.readyz, any_host=True),
    Route("/metrics", "getMetrics", "Prometheus metrics", (
        Answer(200, "Text exposition", TEXT), BAD_HOST,
        Answer(404, "Metrics are not enabled", model=ErrorDocument)), view=status.metrics),
)

