"""The OpenAPI 3.1 description of every route, built from the same allow-lists the code uses."""

from __future__ import annotations

from typing import Any

from ticker import __version__
from ticker.core.cities import DEFAULT_CITY_IDS
from ticker.core.conditions import Condition
from ticker.web.params import LANGS
from ticker.web.widget_options import REFRESH_MAX, REFRESH_MIN, SIZES, SPEEDS, THEMES

_REF = "#/components/schemas/"
_JSON = "application/json"


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {_JSON: {"schema": {"$ref": _REF + schema}}}}


def _text(media: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": {"type": "string"}}}}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


_ID = "(" + "|".join(DEFAULT_CITY_IDS) + ")"
CITIES = _query("cities", {"type": "string", "pattern": f"^{_ID}(,{_ID})*$"},
                "Comma-separated city ids, each at most once, in display order")
LANG = _query("lang", {"type": "string", "enum": list(LANGS)}, "Language of texts")
NOT_MODIFIED = {"description": "Not modified since the ETag sent in If-None-Match"}
BAD = _json("Error", "A parameter is invalid; the message names it")
NOT_READY = _json("Error", "No snapshot yet: the first refresh is pending")

_CITY: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "name_en", "station", "temperature_c", "condition",
                 "condition_text", "observed_at", "stale", "source"],
    "properties": {
        "id": {"type": "string", "enum": list(DEFAULT_CITY_IDS)},
        "name": {"type": "string"}, "name_en": {"type": "string"},
        "station": {"type": "integer"},
        "temperature_c": {"type": ["number", "null"]},
        "condition": {"type": "string", "enum": [c.value for c in Condition]},
        "condition_text": {"type": "string"},
        "observed_at": {"type": ["string", "null"], "format": "date-time"},
        "stale": {"type": "boolean"},
        "source": {"type": "string"},
    },
}
_WEATHER: dict[str, Any] = {
    "type": "object",
    "required": ["schema_version", "source", "sample", "attribution", "updated_at", "cities"],
    "properties": {
        "schema_version": {"const": 1},
        "source": {"type": "string"}, "sample": {"type": "boolean"},
        "attribution": {"type": "string"},
        "updated_at": {"type": "string", "format": "date-time"},
        "cities": {"type": "array", "items": {"$ref": _REF + "City"}},
    },
}
_ERROR: dict[str, Any] = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"],
                             "properties": {"code": {"type": "string"},
                                            "message": {"type": "string"}}}},
}
_STATUS: dict[str, Any] = {
    "type": "object", "required": ["status"],
    "properties": {"status": {"type": "string"}, "reason": {"type": "string"}},
    "additionalProperties": True,
}


def _get(summary: str, responses: dict[str, Any],
         parameters: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"get": {"summary": summary, "parameters": parameters or [],
                    "responses": responses}}


def openapi_document() -> dict[str, Any]:
    """The whole OpenAPI 3.1 document."""
    widget_params = [
        CITIES, LANG,
        _query("theme", {"type": "string", "enum": list(THEMES)}, "Colour theme"),
        _query("speed", {"type": "string", "enum": list(SPEEDS)}, "Scroll speed"),
        _query("size", {"type": "string", "enum": list(SIZES)}, "Font size"),
        *(_query(name, {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}, f"{name} colour")
          for name in ("bg", "fg", "accent")),
        _query("refresh", {"type": "integer", "minimum": REFRESH_MIN, "maximum": REFRESH_MAX},
               "Seconds between polls"),
        _query("parent", {"type": "string",
                          "pattern": r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$"},
               "Origin of the embedding page"),
    ]
    city_id = {"name": "city_id", "in": "path", "required": True,
               "schema": {"type": "string", "maxLength": 64}, "description": "A city id"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ticker", "version": __version__,
                 "description": "Korean weather ticker from KMA observations (기상청 제공)."},
        "paths": {
            "/v1/weather": _get("Every requested city", {
                "200": _json("Weather", "The cities in display order"), "304": NOT_MODIFIED,
                "400": BAD, "503": NOT_READY}, [CITIES, LANG]),
            "/v1/weather/{city_id}": _get("One city", {
                "200": _json("City", "The city"), "304": NOT_MODIFIED, "400": BAD,
                "404": _json("Error", "No such city"), "503": NOT_READY}, [city_id, LANG]),
            "/widget": _get("The embeddable ticker strip", {
                "200": _text("text/html", "The strip"), "304": NOT_MODIFIED,
                "400": _text("text/html", "An invalid option, named"),
                "503": _text("text/html", "No snapshot yet")}, widget_params),
            "/embed.js": _get("The script that embeds widgets", {
                "200": _text("text/javascript", "The loader"), "304": NOT_MODIFIED}),
            "/": _get("A demo page with copy-paste snippets", {
                "200": _text("text/html", "The demo")}),
            "/healthz": _get("Liveness", {"200": _json("Status", "The process is up")}),
            "/readyz": _get("Readiness", {
                "200": _json("Status", "Serving recent data"),
                "503": _json("Status", "Not ready, with the reason")}),
            "/metrics": _get("Prometheus metrics", {
                "200": _text("text/plain", "Text exposition"),
                "404": _json("Error", "Metrics are not enabled")}),
            "/openapi.json": _get("This document", {
                "200": {"description": "OpenAPI 3.1", "content": {_JSON: {"schema": {
                    "type": "object"}}}}}),
        },
        "components": {"schemas": {"City": _CITY, "Weather": _WEATHER, "Error": _ERROR,
                                   "Status": _STATUS}},
    }
