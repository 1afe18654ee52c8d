"""Sources of observations: the live KMA API Hub and the bundled sample recording."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Protocol

import requests

from ticker.cities import City
from ticker.config import Settings
from ticker.kma.apihub import BODY_ENCODING, ApiHubClient, Timeouts
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


def asos_source(session: requests.Session, base_url: str, key: str,
                timeouts: Timeouts) -> AsosSource:
    """A source that calls the KMA API Hub."""
    client = ApiHubClient(session, base_url, key, timeouts)
    return AsosSource(fetch_text=client.sfctm2)


NO_KEY_NOTICE = ("no KMA API Hub key configured (set KMA_APIHUB_KEY): "
                 "serving the bundled SAMPLE data, not live observations")


def build_source(settings: Settings, session: requests.Session) -> tuple[Source, str | None]:
    """The configured source, and a notice to show when sample data stands in for it."""
    first = settings.provider[0]
    if first == "sample":
        return sample_source(), "TICKER_PROVIDER=sample: serving the bundled SAMPLE data"
    key = settings.kma_apihub.key
    if key is None:
        return sample_source(), NO_KEY_NOTICE
    timeouts = Timeouts(connect=settings.kma_apihub.connect_timeout,
                        read=settings.kma_apihub.read_timeout)
    return asos_source(session, settings.kma_apihub.url, key.get_secret_value(), timeouts), None
