"""Sources of observations: the Source protocol, ASOS through any fetcher, and the sample."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Protocol

from ticker.cities import City
from ticker.kma.apihub import BODY_ENCODING
from ticker.kma.asos import FetchText, fetch_observations
from ticker.models import Observation

SAMPLE_RESOURCE = "sample_kma_sfctm2.txt"


class Source(Protocol):
    """Anything that can report current observations for a set of cities."""

    name: str
    sample: bool

    def fetch(self, cities: Sequence[City], now: datetime) -> dict[str, Observation]:
        """Observations keyed by city id; cities it has nothing for are left out."""
        ...


@dataclass
class AsosSource:
    """ASOS hourly observations through any sfctm2 text fetcher."""

    fetch_text: FetchText
    name: str = "asos"
    sample: bool = False

    def fetch(self, cities: Sequence[City], now: datetime) -> dict[str, Observation]:
        """Observations keyed by city id, stepping back for stations not yet published."""
        return fetch_observations(self.fetch_text, cities, now, self.name)


def load_sample_text() -> str:
    """The bundled sfctm2 recording, decoded exactly as live bodies are."""
    data = resources.files("ticker.data").joinpath(SAMPLE_RESOURCE).read_bytes()
    return data.decode(BODY_ENCODING)


def sample_source() -> AsosSource:
    """A source that replays the bundled recording of the seed ticker (2025-12-01 09:00)."""
    text = load_sample_text()

    def replay(stations: Sequence[int], hour: datetime) -> str:
        return text

    return AsosSource(fetch_text=replay, name="sample", sample=True)
