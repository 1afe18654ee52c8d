"""The JSON API's prepared responses, built from the stored snapshot.

One function per route; each is called once per snapshot version and variant (or when a
city's freshness changes), never per request.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from pydantic import BaseModel

from ticker.core.catalogue import Station
from ticker.core.documents import (
    city_documents,
    document_bytes,
    error_bytes,
    history_document,
    json_bytes,
)
from ticker.core.kst import hour_of
from ticker.core.last_change import changed_since, warnings_changed_since
from ticker.core.station_documents import sets_document, stations_document
from ticker.core.warning_documents import warnings_document
from ticker.state.store import StoredSnapshot
from ticker.web.api.params import ParamError, parse_cities, parse_lang
from ticker.web.context import WebContext
from ticker.web.http.headers import CORS_HEADERS, JSON
from ticker.web.http.prepared import Prepared, prepare
from ticker.web.http.variant import VariantKey

RETRY_SECONDS = 30
HISTORY_WINDOW = timedelta(hours=24)
STATIC_CACHE = "public, max-age=3600"


def json_error(code: int, error: str, message: str, version: int = 0,
               extra: tuple[tuple[str, str], ...] = ()) -> Prepared:
    """An error answer in the one error shape, with CORS so scripts can read it."""
    return prepare(code, JSON, error_bytes(error, message), version=version,
                   extra=(*CORS_HEADERS, *extra))


def no_snapshot() -> Prepared:
    """503 before the first refresh has stored anything."""
    return json_error(503, "no_data", "no snapshot yet: the first refresh is pending", 0,
                      (("Retry-After", str(RETRY_SECONDS)),))


def json_document(ctx: WebContext, stored: StoredSnapshot, key: VariantKey,
                  document: BaseModel | bytes, city_ids: list[str], variant: str,
                  last_modified: datetime | None = None) -> Prepared:
    """A cacheable JSON answer for one variant of one snapshot version; Last-Modified is
    when its body last changed (``last_modified`` when the caller knows a later one)."""
    snapshot = stored.snapshot
    body = document if isinstance(document, bytes) else document_bytes(document)
    changed = changed_since(ctx.freshness, snapshot, city_ids, key.now)
    return prepare(200, JSON, body, version=stored.version, extra=CORS_HEADERS,
                   variant=variant, last_modified=max(changed, last_modified or changed),
                   next_refresh=snapshot.next_refresh_at,
                   expires_at=ctx.freshness.expires_at(snapshot, city_ids, key.now))


def static_json(document: BaseModel | dict[str, object], variant: str) -> Prepared:
    """A JSON answer whose bytes never depend on the snapshot."""
    body = document_bytes(document) if isinstance(document, BaseModel) else json_bytes(document)
    return prepare(200, JSON, body, version=0, extra=CORS_HEADERS, variant=variant,
                   fixed_cache_control=STATIC_CACHE)


def weather(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/weather``: every requested city."""
    version = stored.version if stored else 0
    try:
        args = key.args()
        cities = parse_cities(args, ctx.strips)
        lang = parse_lang(args)
    except ParamError as error:
        return json_error(400, "invalid_parameter", str(error), version)
    if stored is None:
        return no_snapshot()
    body = ctx.fragments.weather_bytes(stored, cities, lang, key.now, ctx.freshness)
    ids = [c.id for c in cities]
    # Station ids and languages come from allow-lists: nothing here needs quoting.
    return json_document(ctx, stored, key, body, ids,
                         f"weather?cities={','.join(ids)}&lang={lang}")


def _station(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey
             ) -> tuple[StoredSnapshot, Station, str] | Prepared:
    """The snapshot, station and language a one-station route answers for, or its error."""
    version = stored.version if stored else 0
    city = ctx.catalogue.by_id(key.path_params["city_id"])
    try:
        lang = parse_lang(key.args())
    except ParamError as error:
        return json_error(400, "invalid_parameter", str(error), version)
    if city is None:
        return json_error(404, "unknown_city", "no such station; see /v1/stations for the ids",
                          version)
    if stored is None:
        return no_snapshot()
    return stored, city, lang


def one_city(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/weather/<id>``: one station's object, 404 for an id not in the catalogue."""
    asked = _station(ctx, stored, key)
    if isinstance(asked, Prepared):
        return asked
    stored, city, lang = asked
    [document] = city_documents(stored.snapshot, [city], lang, key.now, ctx.freshness)
    return json_document(ctx, stored, key, document, [city.id],
                         f"city/{city.id}?lang={lang}")


def stations(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/stations``: every station a request may name, with the sets that show it."""
    return static_json(stations_document(ctx.strips), "stations")


def sets(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/sets``: the default strip and every named set, with their station ids."""
    return static_json(sets_document(ctx.strips), "sets")


def history(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/weather/<id>/history``: the station's last 24 hours held, oldest first."""
    asked = _station(ctx, stored, key)
    if isinstance(asked, Prepared):
        return asked
    stored, city, lang = asked
    document = history_document(stored.snapshot, city, lang, key.now)
    # An hour leaves the window on the hour: the body may have changed at the last one.
    prepared = json_document(ctx, stored, key, document, [city.id],
                             f"history/{city.id}?lang={lang}",
                             None if stored.snapshot.sample else hour_of(key.now))
    if stored.snapshot.sample or not document.hours:
        return prepared
    # The oldest hour leaves the window 24 hours after it was observed.
    leaves = document.hours[0].observed_at + HISTORY_WINDOW
    expires = prepared.expires_at
    return replace(prepared, expires_at=leaves if expires is None else min(expires, leaves))


def warnings(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
    """``/v1/warnings``: every warning in force or upcoming across the country."""
    try:
        lang = parse_lang(key.args())
    except ParamError as error:
        return json_error(400, "invalid_parameter", str(error), stored.version if stored else 0)
    if stored is None:
        return no_snapshot()
    snapshot = stored.snapshot
    document = warnings_document(snapshot, ctx.catalogue.stations, lang, key.now,
                                 ctx.freshness)
    # No next refresh: an unchanged list is not stored again at every fetch, so the feed's
    # own next_refresh_at goes by unchanged; max-age takes its cap (300 s, the feed's cadence).
    return prepare(200, JSON, document_bytes(document), version=stored.version,
                   extra=CORS_HEADERS, variant=f"warnings?lang={lang}",
                   last_modified=warnings_changed_since(
                       ctx.freshness, snapshot, document.updated_at or snapshot.updated_at,
                       key.now),
                   next_refresh=None,
                   expires_at=ctx.freshness.warnings_change(snapshot, key.now))
