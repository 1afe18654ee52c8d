"""Pure renderers: a snapshot -> the public JSON document (schema v1) and a text table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ticker.core.cities import City
from ticker.core.conditions import Condition, condition_label
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot, missing_observation

SCHEMA_VERSION = 1
ATTRIBUTION = {"ko": "기상청 제공", "en": "Korea Meteorological Administration"}


def visible_observation(observation: Observation, now: datetime, freshness: Freshness,
                        sample: bool) -> tuple[Observation, bool]:
    """The observation as it may be shown, and whether it is stale.

    Sample data is served exactly as recorded: never stale, never withheld.
    """
    if sample:
        return observation, False
    stale = freshness.is_stale(observation, now)
    if freshness.is_withheld(observation, now):
        observation = observation.model_copy(
            update={"temperature_c": None, "condition": Condition.UNKNOWN})
    return observation, stale


def city_document(city: City, observation: Observation, stale: bool, lang: str) -> dict[str, Any]:
    """One city object of the public JSON contract."""
    observed_at = observation.observed_at
    return {
        "id": city.id,
        "name": city.name_ko,
        "name_en": city.name_en,
        "station": city.station,
        "temperature_c": observation.temperature_c,
        "condition": observation.condition.value,
        "condition_text": condition_label(observation.condition, lang),
        "observed_at": observed_at.isoformat() if observed_at else None,
        "stale": stale,
        "source": observation.source,
    }


def city_documents(snapshot: Snapshot, cities: Sequence[City], lang: str, now: datetime,
                   freshness: Freshness) -> list[dict[str, Any]]:
    """City objects for ``cities`` in that order; a city without data is still present."""
    documents = []
    for city in cities:
        observation = snapshot.observation(city.id) or missing_observation(city.id, snapshot.source)
        shown, stale = visible_observation(observation, now, freshness, snapshot.sample)
        documents.append(city_document(city, shown, stale, lang))
    return documents


def weather_document(snapshot: Snapshot, cities: Sequence[City], lang: str, now: datetime,
                     freshness: Freshness) -> dict[str, Any]:
    """The whole ``/v1/weather`` document."""
    return {
        "schema_version": SCHEMA_VERSION,
        "source": snapshot.source,
        "sample": snapshot.sample,
        "attribution": ATTRIBUTION["en" if lang == "en" else "ko"],
        "updated_at": snapshot.updated_at.isoformat(),
        "cities": city_documents(snapshot, cities, lang, now, freshness),
    }


def format_temperature(value: float | None) -> str:
    """``3.8℃`` with one decimal, or an em dash when there is no value."""
    return "—" if value is None else f"{value:.1f}℃"

