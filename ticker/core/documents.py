"""The public documents as typed models, and the pure renderer from a snapshot to them.

These models are the JSON API v1 contract: the JSON bytes, the widget, ``ticker fetch``'s
table and the OpenAPI schemas all come from them. Field order is the order on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ticker.core.cities import City
from ticker.core.conditions import Condition, condition_label
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot, missing_observation
from ticker.core.strips import Strips

SCHEMA_VERSION = 1
ATTRIBUTION = {"ko": "기상청 제공", "en": "Korea Meteorological Administration"}


class _Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CityDocument(_Document):
    """One city of ``/v1/weather``, and the whole answer of ``/v1/weather/{city_id}``."""

    id: str = Field(description="Stable city id")
    name: str = Field(description="Official Korean station name, whatever the language")
    name_en: str = Field(description="English name, whatever the language")
    station: int = Field(description="KMA ASOS station number")
    temperature_c: float | None = Field(description="Air temperature in ℃; null when "
                                                    "missing or withheld as too old")
    condition: Condition = Field(description="Stable condition code; key icons on it")
    condition_text: str = Field(description="Condition in the requested language "
                                            "(empty when unknown)")
    observed_at: datetime | None = Field(description="Observation time (KST)")
    stale: bool = Field(description="True when the observation is older than the stale limit")
    source: str = Field(description="The source the value came from")


class WeatherDocument(_Document):
    """``/v1/weather``: every requested city, in display order."""

    schema_version: Literal[1] = Field(default=SCHEMA_VERSION,
                                       description="1 until a change breaks clients")
    source: str = Field(description="The configured source chain")
    sample: bool = Field(description="True when the data is the bundled sample recording")
    attribution: str = Field(description="The attribution to show: 기상청 제공")
    updated_at: datetime = Field(description="When the snapshot was last refreshed (KST)")
    cities: tuple[CityDocument, ...]


class StationDocument(_Document):
    """One station of ``/v1/stations``: any of these ids may be asked for."""

    id: str
    name: str = Field(description="Official Korean station name")
    name_en: str
    station: int = Field(description="KMA ASOS station number")
    province: str | None
    lat: float
    lon: float
    sets: tuple[str, ...] = Field(description="The named sets that show this station")


class StationsDocument(_Document):
    """``/v1/stations``: every station the service holds, in catalogue order."""

    stations: tuple[StationDocument, ...]


class SetDocument(_Document):
    """One named strip: its name and station ids in display order."""

    name: str
    ids: tuple[str, ...]


class SetsDocument(_Document):
    """``/v1/sets``: the default strip and the named sets."""

    default: tuple[str, ...] = Field(description="The strip shown when no cities or set is asked")
    sets: tuple[SetDocument, ...]


class ErrorDetail(_Document):
    """What went wrong: a stable code and a message that never repeats a sent value."""

    code: str
    message: str


class ErrorDocument(_Document):
    """The one error body of every JSON route."""

    error: ErrorDetail


def document_bytes(document: BaseModel) -> bytes:
    """Compact UTF-8 JSON of a document, Hangul left readable, fields in model order."""
    return json_bytes(document.model_dump(mode="json"))


def json_bytes(value: object) -> bytes:
    """Compact UTF-8 JSON of plain data, Hangul left readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def error_bytes(code: str, message: str) -> bytes:
    """The error body ``{"error": {"code": ..., "message": ...}}``."""
    return document_bytes(ErrorDocument(error=ErrorDetail(code=code, message=message)))


def city_document(city: City, observation: Observation, stale: bool, lang: str) -> CityDocument:
    """One city object of the public JSON contract."""
    return CityDocument(
        id=city.id, name=city.name_ko, name_en=city.name_en, station=city.station,
        temperature_c=observation.temperature_c, condition=observation.condition,
        condition_text=condition_label(observation.condition, lang),
        observed_at=observation.observed_at, stale=stale, source=observation.source)


def city_documents(snapshot: Snapshot, cities: Sequence[City], lang: str, now: datetime,
                   freshness: Freshness) -> tuple[CityDocument, ...]:
    """City objects for ``cities`` in that order; a city without data is still present."""
    documents = []
    for city in cities:
        observation = snapshot.observation(city.id) or missing_observation(city.id, snapshot.source)
        shown, stale = freshness.shown(observation, now, snapshot.sample)
        documents.append(city_document(city, shown, stale, lang))
    return tuple(documents)


def weather_document(snapshot: Snapshot, cities: Sequence[City], lang: str, now: datetime,
                     freshness: Freshness) -> WeatherDocument:
    """The whole ``/v1/weather`` document."""
    return WeatherDocument(
        source=snapshot.source, sample=snapshot.sample,
        attribution=ATTRIBUTION["en" if lang == "en" else "ko"],
        updated_at=snapshot.updated_at,
        cities=city_documents(snapshot, cities, lang, now, freshness))


def stations_document(strips: Strips) -> StationsDocument:
    """Every catalogue station, with the sets it is in."""
    return StationsDocument(stations=tuple(
        StationDocument(id=s.id, name=s.name_ko, name_en=s.name_en, station=s.station,
                        province=s.province, lat=s.lat, lon=s.lon, sets=strips.sets_of(s.id))
        for s in strips.catalogue))


def sets_document(strips: Strips) -> SetsDocument:
    """The default strip and the named sets, as ids."""
    return SetsDocument(default=tuple(s.id for s in strips.default), sets=tuple(
        SetDocument(name=name, ids=tuple(s.id for s in stations))
        for name, stations in strips.sets.items()))


def format_temperature(value: float | None) -> str:
    """``3.8℃`` with one decimal, or an em dash when there is no value."""
    return "—" if value is None else f"{value:.1f}℃"
