"""The one registry of feeds beside the observations: name, cadence, upstream, builders.

Settings (the ``feeds:`` section), the scheduler's jobs, the quota ledger's lines and the
log names are all read from ``FEEDS``; adding a feed is a client and parser, a Feed, an entry
here and a field of the snapshot and the documents (ARCHITECTURE.md, "Adding a feed").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Protocol, TypeVar

import requests
from pydantic import AfterValidator, Field

from ticker.core.config_types import Strict
from ticker.core.health import Health
from ticker.sources.access import AccessSettings, DataGoKrSettings
from ticker.sources.air import (
    DEFAULT_AVAILABLE_MINUTE,
    AirFeed,
    AirStationsFeed,
    sample_air_feed,
    sample_air_stations_feed,
)
from ticker.sources.base import Feed
from ticker.sources.chain import CallCounter
from ticker.sources.forecast import ForecastFeed, sample_forecast_feed
from ticker.sources.warnings import (
    WarningsFeed,
    ZonesFeed,
    sample_warnings_feed,
    sample_zones_feed,
)
from ticker.upstream.apihub.client import ApiHubClient
from ticker.upstream.datagokr.airkorea import AirKoreaClient
from ticker.upstream.datagokr.client import DataGoKrClient
from ticker.upstream.transport import Timeouts

Client = TypeVar("Client", covariant=True)


class ClientKind(Protocol[Client]):
    """An upstream client's constructor, as every client in ``upstream/`` takes it."""

    def __call__(self, session: requests.Session, base_url: str, key: str,
                 timeouts: Timeouts | None = None, on_call: Callable[[], None] | None = None,
                 *, max_bytes: int = ..., health: Health | None = None) -> Client:
        """A client over one upstream."""
        ...


# (access settings, session, call counter, the feed's health) -> the live feed
LiveBuilder = Callable[[AccessSettings, requests.Session, CallCounter, Health], Feed]


@dataclass(frozen=True)
class FeedSpec:
    """One feed and everything the rest of the service needs to know of it."""

    name: str
    # Minutes between runs unless configured: aligned to how often the upstream changes.
    every_minutes: float
    # The source whose access (URL, key, limits) it uses, by registry name.
    access: str
    live: LiveBuilder
    sample: Callable[[], Feed]
    # Fetched for the stations some strip shows only (per-station calls), not the catalogue.
    watched_only: bool = False


def _client(kind: ClientKind[Client], access: AccessSettings, session: requests.Session,
            counter: CallCounter, health: Health) -> Client:
    """An upstream client of ``kind`` over a feed's access, counting its calls on ``counter``
    and sharing the feed's health (a Retry-After is kept once)."""
    assert access.key is not None
    return kind(session, access.url, access.key.get_secret_value(), access.timeouts(),
                on_call=counter, max_bytes=access.max_body_bytes, health=health)


def _minute(access: AccessSettings, name: str, default: int) -> int:
    """A data.go.kr publication minute setting (its default for another access)."""
    return getattr(access, name) if isinstance(access, DataGoKrSettings) else default


def _warnings(access: AccessSettings, session: requests.Session, counter: CallCounter,
              health: Health) -> Feed:
    return WarningsFeed(_client(ApiHubClient, access, session, counter, health).warnings_text)


def _zones(access: AccessSettings, session: requests.Session, counter: CallCounter,
           health: Health) -> Feed:
    return ZonesFeed(_client(ApiHubClient, access, session, counter, health).zone_table_text)


def _air(access: AccessSettings, session: requests.Session, counter: CallCounter,
         health: Health) -> Feed:
    client = _client(AirKoreaClient, access, session, counter, health)
    return AirFeed(client.values_page, available_minute=_minute(
        access, "air_available_minute", DEFAULT_AVAILABLE_MINUTE))


def _air_stations(access: AccessSettings, session: requests.Session, counter: CallCounter,
                  health: Health) -> Feed:
    return AirStationsFeed(_client(AirKoreaClient, access, session, counter,
                                   health).stations_page)


def _forecast(access: AccessSettings, session: requests.Session, counter: CallCounter,
              health: Health) -> Feed:
    client = _client(DataGoKrClient, access, session, counter, health)
    return ForecastFeed(client.vilage_fcst, available_minute=_minute(
        access, "forecast_available_minute", 10))


FEEDS: tuple[FeedSpec, ...] = (
    # Warnings are issued, changed and lifted at any minute; one call covers the country.
    FeedSpec("warnings", 5, "asos", _warnings, sample_warnings_feed),
    # Which zone each station is in changes rarely: at start, then once a day.
    FeedSpec("warning_zones", 24 * 60, "asos", _zones, sample_zones_feed),
    # Fine dust is hourly: asked every 10 minutes, resting once the hour is held (AirFeed.due);
    # one AirKorea operation per feed, so each has its own quota line (500 a day each).
    FeedSpec("air", 10, "vilage", _air, sample_air_feed),
    # Which measuring stations each station may read: at start, then once a day.
    FeedSpec("air_stations", 24 * 60, "vilage", _air_stations, sample_air_stations_feed),
    # The short-term forecast is issued every 3 hours; the job looks every 10 minutes and
    # calls only when a newer issuance is out, per grid cell of the stations some strip shows.
    FeedSpec("forecast", 10, "vilage", _forecast, sample_forecast_feed,
             watched_only=True),
)
FEED_BY_NAME: dict[str, FeedSpec] = {spec.name: spec for spec in FEEDS}


class FeedSettings(Strict):
    """One feed's section: whether it runs, and how often (its registry cadence if unset)."""

    enabled: bool = True
    # Down to 3 s for tests and demos; the quota ledger still paces a short cadence.
    every_minutes: float | None = Field(default=None, ge=0.05, le=7 * 24 * 60)


def known_feeds(value: dict[str, FeedSettings]) -> dict[str, FeedSettings]:
    """The ``feeds:`` section's check: every subsection names a registered feed."""
    unknown = [name for name in value if name not in FEED_BY_NAME]
    if unknown:
        raise ValueError(f"unknown feed {unknown[0]!r}; feeds: " + ", ".join(FEED_BY_NAME))
    return value


# The ``feeds:`` section: one optional subsection per registered feed, by name.
FeedsSettings = Annotated[dict[str, FeedSettings], AfterValidator(known_feeds)]


def default_feeds() -> dict[str, FeedSettings]:
    """Every registered feed on, at its own cadence."""
    return {spec.name: FeedSettings() for spec in FEEDS}


def feed_settings(settings: Mapping[str, FeedSettings], name: str) -> FeedSettings:
    """One feed's settings (the defaults when its subsection is absent)."""
    return settings.get(name) or FeedSettings()


def every_minutes(settings: Mapping[str, FeedSettings], name: str) -> float:
    """How often a feed runs: as configured, else its registry cadence."""
    return feed_settings(settings, name).every_minutes or FEED_BY_NAME[name].every_minutes


def build_feeds(settings: Mapping[str, FeedSettings], accesses: Mapping[str, AccessSettings],
                sample: bool, session: requests.Session, health_of: Callable[[str], Health]
                ) -> tuple[list[tuple[Feed, CallCounter]], list[str]]:
    """The enabled feeds with their call counters, and notices about feeds left out.

    With sample observations every feed replays its recording; with live ones a feed whose
    upstream has no key stays off (a recording never joins live data).
    """
    feeds: list[tuple[Feed, CallCounter]] = []
    notices: list[str] = []
    for spec in FEEDS:
        if not feed_settings(settings, spec.name).enabled:
            continue
        counter = CallCounter()
        if sample:
            feeds.append((spec.sample(), counter))
            continue
        access = accesses[spec.access]
        if access.key is None:
            notices.append(f"feed {spec.name} off: its upstream ({spec.access}) has no key")
            continue
        feeds.append((spec.live(access, session, counter, health_of(spec.name)), counter))
    return feeds, notices
