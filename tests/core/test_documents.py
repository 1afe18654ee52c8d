"""The typed documents are the one description of the JSON: the widget's script reads only
fields they define, and the OpenAPI schemas are theirs."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from pydantic import ValidationError

from ticker.core.documents import (
    CityDocument,
    WeatherDocument,
    document_bytes,
    error_bytes,
)
from ticker.core.kst import KST
from ticker.web.api.openapi import openapi_document
from ticker.web.routes import ROUTES
from ticker.web.widget.page import asset


def _fields_read(script: str, name: str) -> set[str]:
    return set(re.findall(rf"\b{name}\.([a-z_]+)\b", script))


def test_the_widget_script_reads_only_fields_of_the_documents() -> None:
    script = asset("widget.js")
    city_fields, document_fields = _fields_read(script, "city"), _fields_read(script, "doc")
    assert city_fields, "the script reads city fields as city.<name>"
    assert city_fields <= set(CityDocument.model_fields)
    assert document_fields <= set(WeatherDocument.model_fields) | {"cities"}


def test_openapi_schemas_are_the_models() -> None:
    schemas = openapi_document(ROUTES)["components"]["schemas"]
    assert schemas["CityDocument"]["required"] == list(CityDocument.model_fields)
    assert set(schemas["WeatherDocument"]["properties"]) == set(WeatherDocument.model_fields)
    assert "ErrorDocument" in schemas and "Condition" in schemas


def test_documents_are_frozen_and_strict() -> None:
    city = CityDocument(id="seoul", name="서울", name_en="Seoul", name_ja="ソウル",
                        name_zh="首尔", station=108,
                        temperature_c=-9.0, condition="clear", condition_text="맑음",
                        observed_at=datetime(2025, 12, 1, 9, tzinfo=KST), stale=False,
                        source="asos")
    with pytest.raises(ValidationError):
        city.stale = True  # type: ignore[misc]
    with pytest.raises(ValidationError):
        CityDocument.model_validate({**city.model_dump(), "extra": 1})
    assert document_bytes(city).startswith(b'{"id":"seoul","name":"\xec\x84\x9c\xec\x9a\xb8",')
    assert b'"temperature_c":-9.0,' in document_bytes(city)


def test_the_error_body_has_one_shape() -> None:
    assert error_bytes("x", "y") == b'{"error":{"code":"x","message":"y"}}'
