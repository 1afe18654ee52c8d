"""The public documents as typed models, and the pure renderer from a snapshot to them.

These models are the JSON API v1 contract: the JSON bytes, the widget, ``ticker fetch``'s
table and the OpenAPI schemas all come from them. Field order is the order on the wire.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, Field

from ticker.core.air_documents import AirDocument, air_attribution, station_air
from ticker.core.catalogue import Station
from ticker.core.conditions import Condition, condition_label
from ticker.core.document_model import DocumentModel as _Document
from ticker.core.feels_like import feels_like
from ticker.core.forecast_documents import ForecastDocument, station_forecast
from ticker.core.freshness import Freshness
from ticker.core.history import recent, today_range
from ticker.core.observations import HourReading, Observation, Snapshot, missing_observation
from ticker.core.warning_documents import WarningDocument, station_warnings

SCHEMA_VERSION: Final = 1
ATTRIBUTION = {"ko": "기상청 제공", "en": "Korea Meteorological Administration",
               "ja": "韓国気象庁提供", "zh": "韩国气象厅提供"}


class CityDocument(_Document):
    """One city of ``/v1/weather``, and the whole answer of ``/v1/weather/{city_id}``."""

    id: str = Field(description="Stable city id")
    name: str = Field(description="Official Korean station name, whatever the language")
    name_en: str = Field(description="English name, whatever the language")
    name_ja: str = Field(description="Japanese name (ソウル, 済州), whatever the language")
    name_zh: str = Field(description="Simplified Chinese name (首尔, 济州), whatever the language")
    station: int = Field(description="KMA ASOS station number")
    temperature_c: float | None = Field(description="Air temperature in ℃; null when "
                                                    "missing or withheld as too old")
    condition: Condition = Field(description="Stable condition code; key icons on it")
    condition_text: str = Field(description="Condition in the requested language "
                                            "(empty when unknown)")
    observed_at: datetime | None = Field(description="Observation time (KST)")
    stale: bool = Field(description="True when the observation is older than the stale limit")
    source: str = Field(description="The source the value came from")
    feels_like_c: float | None = Field(
        default=None, description="Feels-like temperature (체감온도) in ℃ by KMA's formulas: "
        "wind chill October–April, the wet-bulb summer formula May–September; null when the "
        "temperature is null")
    today_min_c: float | None = Field(
        default=None, description="Today's (KST) lowest hourly reading so far, in ℃: the "
        "spot values of the hours the service holds, not KMA's daily minimum; null when none")
    today_max_c: float | None = Field(
        default=None, description="Today's (KST) highest hourly reading so far, in ℃: the "
        "spot values of the hours the service holds, not KMA's daily maximum; null when none")
    warnings: tuple[WarningDocument, ...] | None = Field(
        default=None, description="Weather warnings (기상특보) in force in the station's own "
        "warning zone, the most severe first; null when unknown: the warnings feed failed "
        "past its limit (freshness.warnings_withhold_after_minutes), never ran, or the "
        "station has no zone; [] when none is in force")
    air: AirDocument | None = Field(
        default=None, description="Fine dust (미세먼지) from AirKorea's nearest measuring "
        "station with a value; null when unknown: no key, the feed failed past its limit "
        "(freshness.air_withhold_after_minutes), or no station within range")
    forecast: ForecastDocument | None = Field(
        default=None, description="KMA's short-term forecast (단기예보) for the station's "
        "grid cell: today's and tomorrow's low, high, chance of precipitation and morning "
        "and afternoon condition; null when unknown: no data.go.kr key, the forecast feed "
        "never ran, or its newest issuance for the cell is older than "
        "freshness.forecast_withhold_after_minutes")


class HourDocument(_Document):
    """One hour of a station's history."""

    observed_at: datetime
    temperature_c: float | None
    condition: Condition
    condition_text: str
    feels_like_c: float | None


class HistoryDocument(_Document):
    """``/v1/weather/{city_id}/history``: the last 24 hours held, oldest first (gaps omitted)."""

    id: str
    name: str = Field(description="Official Korean station name")
    hours: tuple[HourDocument, ...]


class WeatherDocument(_Document):
    """``/v1/weather``: every requested city, in display order."""

    schema_version: Literal[1] = Field(default=SCHEMA_VERSION,
                                       description="1 until a change breaks clients")
    source: str = Field(description="The configured source chain")
    sample: bool = Field(description="True when the data is the bundled sample recording")
    attribution: str = Field(description="The attribution to show: 기상청 제공")
    air_attribution: str | None = Field(
        default=None, description="The fine dust attribution to show beside it, 한국환경공단 "
        "에어코리아, whenever any city's air is not null; else null")
    updated_at: datetime = Field(description="When the snapshot was last refreshed (KST)")
    cities: tuple[CityDocument, ...]


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


def feels_like_of(reading: Observation | HourReading) -> float | None:
    """The feels-like temperature of an observation or hourly reading, in its month."""
    if reading.observed_at is None:
        return None
    return feels_like(reading.temperature_c, reading.wind_ms, reading.humidity_pct,
                      reading.observed_at.month)


def city_document(city: Station, observation: Observation, stale: bool, lang: str,
                  today: tuple[float | None, float | None] = (None, None),
                  warnings: tuple[WarningDocument, ...] | None = None,
                  air: AirDocument | None = None,
                  forecast: ForecastDocument | None = None) -> CityDocument:
    """One city object of the public JSON contract; ``today`` is its (low, high)."""
    return CityDocument(
        id=city.id, name=city.name_ko, name_en=city.name_en, name_ja=city.name_ja,
        name_zh=city.name_zh, station=city.station, temperature_c=observation.temperature_c,
        condition=observation.condition,
        condition_text=condition_label(observation.condition, lang),
        observed_at=observation.observed_at, stale=stale, source=observation.source,
        feels_like_c=feels_like_of(observation), today_min_c=today[0], today_max_c=today[1],
        warnings=warnings, air=air, forecast=forecast)


def city_documents(snapshot: Snapshot, cities: Sequence[Station], lang: str, now: datetime,
                   freshness: Freshness) -> tuple[CityDocument, ...]:
    """City objects for ``cities`` in that order; a city without data is still present."""
    documents = []
    held = snapshot.by_city()
    for city in cities:
        observation = held.get(city.id) or missing_observation(city.id, snapshot.source)
        shown, stale = freshness.shown(observation, now, snapshot.sample)
        # A recording's "today" is the day it was recorded: it is served exactly as recorded.
        day_of = (observation.observed_at or now) if snapshot.sample else now
        today = today_range(snapshot.history.get(city.id, ()), day_of)
        documents.append(city_document(
            city, shown, stale, lang, today,
            station_warnings(snapshot, city, lang, now, freshness),
            station_air(snapshot, city, lang, now, freshness),
            station_forecast(snapshot, city, lang, now, freshness)))
    return tuple(documents)


def weather_document(snapshot: Snapshot, cities: Sequence[Station], lang: str, now: datetime,
                     freshness: Freshness) -> WeatherDocument:
    """The whole ``/v1/weather`` document."""
    documents = city_documents(snapshot, cities, lang, now, freshness)
    return WeatherDocument(
        source=snapshot.source, sample=snapshot.sample,
        attribution=ATTRIBUTION[lang],
        air_attribution=air_attribution(any(c.air is not None for c in documents), lang),
        updated_at=snapshot.updated_at, cities=documents)


def history_document(snapshot: Snapshot, city: Station, lang: str, now: datetime
                     ) -> HistoryDocument:
    """The hours held for one station within the last 24 hours, oldest first."""
    readings = snapshot.history.get(city.id, ())
    hours = readings if snapshot.sample else recent(readings, now)
    return HistoryDocument(id=city.id, name=city.name_ko, hours=tuple(
        HourDocument(observed_at=r.observed_at, temperature_c=r.temperature_c,
                     condition=r.condition, condition_text=condition_label(r.condition, lang),
                     feels_like_c=feels_like_of(r)) for r in hours))


def format_temperature(value: float | None) -> str:
    """``3.8℃`` with one decimal, or an em dash when there is no value."""
    return "—" if value is None else f"{value:.1f}℃"
