"""Pure renderers: a snapshot -> the public JSON document (schema v1) and a text table."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ticker.cities import City
from ticker.freshness import Freshness
from ticker.models import Condition, Observation, Snapshot, condition_label, missing_observation

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


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def text_table(document: dict[str, Any]) -> str:
    """A readable, aligned table of a weather document for terminals."""
    en = document["attribution"] == ATTRIBUTION["en"]
    rows = []
    for city in document["cities"]:
        condition = city["condition_text"] or "—"
        name = city["name_en"] if en else city["name"]
        observed = city["observed_at"][:16].replace("T", " ") if city["observed_at"] else "—"
        flags = " (stale)" if city["stale"] else ""
        rows.append((condition, name, format_temperature(city["temperature_c"]),
                     observed + flags))
    widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
    lines = [f"{document['attribution']} · source: {document['source']}"]
    if document["sample"]:
        lines.append("SAMPLE DATA: a bundled recording, not live observations")
    for condition, name, temperature, observed in rows:
        lines.append("  ".join([_pad(condition, widths[0]), _pad(name, widths[1]),
                                temperature.rjust(widths[2]), observed]))
    return "\n".join(lines)
