"""The OpenAPI 3.1 document, generated: paths from the routes given, schemas from the models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from ticker import __version__
from ticker.web.http.headers import JSON_MEDIA
from ticker.web.http.routing import Answer, Param, Route

REF = "#/components/schemas/{model}"
# KMA's open data is published under the Korea Open Government License, type 1: free use,
# the source named (기상청 제공).
LICENSE = {"name": "KOGL Type 1 (공공누리 제1유형): data by KMA, shown as 기상청 제공",
           "url": "https://www.kogl.or.kr/info/licenseType1.do"}


class _Schemas:
    """The components/schemas section, filled as models are referenced."""

    def __init__(self) -> None:
        self.found: dict[str, Any] = {}

    def ref(self, model: type[BaseModel]) -> dict[str, str]:
        schema = model.model_json_schema(ref_template=REF, mode="serialization")
        self.found.update(schema.pop("$defs", {}))
        self.found[model.__name__] = schema
        return {"$ref": REF.format(model=model.__name__)}


# The conditional request headers of every route that answers 304 (RFC 9110 §13).
IF_NONE_MATCH = Param(
    "If-None-Match", {"type": "string"},
    "ETags the client holds (the ETag of a 200 as sent: the gzip form has its own, ending in "
    "-gz); one matching the form this request would get is a 304. Takes precedence over "
    "If-Modified-Since", where="header")
IF_MODIFIED_SINCE = Param(
    "If-Modified-Since", {"type": "string"},
    "An HTTP date, as the Last-Modified of a 200 (when the body last changed, to the "
    "second); without If-None-Match, a body not changed since is a 304", where="header")
VALIDATORS = {
    "ETag": {"description": "Strong; the gzip form's differs from the plain one's",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the body last changed: a new value stored, or "
                                     "one turning stale or unknown",
                      "schema": {"type": "string"}},
}


def _parameter(param: Param) -> dict[str, Any]:
    return {"name": param.name, "in": param.where, "required": param.where == "path",
            "schema": param.schema, "description": param.description}


def _response(answer: Answer, schemas: _Schemas) -> dict[str, Any]:
    response: dict[str, Any] = {"description": answer.description}
    if answer.media:
        schema = schemas.ref(answer.model) if answer.model else (
            {"type": "object"} if answer.media == JSON_MEDIA else {"type": "string"})
        response["content"] = {answer.media: {"schema": schema}}
    return response


def _operation(route: Route, schemas: _Schemas) -> dict[str, Any]:
    responses = {str(answer.status): _response(answer, schemas) for answer in route.answers}
    params = route.params
    if "304" in responses:
        # Static answers carry no Last-Modified: only their ETag is compared.
        params += (IF_NONE_MATCH,) if route.static else (IF_NONE_MATCH, IF_MODIFIED_SINCE)
        responses["200"]["headers"] = {name: header for name, header in VALIDATORS.items()
                                       if name == "ETag" or not route.static}
    return {"get": {
        "operationId": route.operation_id, "summary": route.summary,
        "parameters": [_parameter(param) for param in params], "responses": responses}}


# JSON on purpose: an OpenAPI document is a JSON object by definition, served as it is built.
def openapi_document(routes: Sequence[Route], public_url: str | None = None) -> dict[str, Any]:
    """The whole OpenAPI 3.1 document for these routes."""
    schemas = _Schemas()
    paths = {route.path: _operation(route, schemas) for route in routes}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ticker", "version": __version__, "license": LICENSE,
                 "description": "Korean weather ticker from KMA observations (기상청 제공)."},
        "servers": [{"url": public_url or "/",
                     "description": "This service" if public_url else "The serving origin"}],
        "security": [],
        "paths": paths,
        "components": {"schemas": dict(sorted(schemas.found.items()))},
    }
