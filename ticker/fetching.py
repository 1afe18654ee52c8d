"""One fetch: ask a source for every configured city and build a snapshot."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import requests

from ticker.cities import City
from ticker.config import Settings
from ticker.errors import NoDataError
from ticker.kma.apihub import Timeouts
from ticker.models import Snapshot, missing_observation
from ticker.sources import Source, asos_source, sample_source

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


def fetch_snapshot(source: Source, cities: Sequence[City], now: datetime) -> Snapshot:
    """Fetch every city once; raise NoDataError when nothing usable came back."""
    found = source.fetch(cities, now)
    observations = tuple(found.get(city.id) or missing_observation(city.id, source.name)
                         for city in cities)
    if not any(observation.usable for observation in observations):
        raise NoDataError("the upstream returned no usable value for any city")
    return Snapshot(source=source.name, sample=source.sample, updated_at=now.replace(microsecond=0),
                    observations=observations)
