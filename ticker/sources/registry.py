"""The one registry of sources: name, settings section, environment variables, builder.

Settings, the environment mapping, the provider names, secret redaction and the fallback
chain are all read from ``SOURCES``; adding a source is adding an entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests

from ticker.core.freshness import Freshness
from ticker.core.health import Health
from ticker.core.quota import QuotaLedger
from ticker.sources.access import AccessSettings, ApiHubSettings, DataGoKrSettings
from ticker.sources.asos import AsosSource, sample_source
from ticker.sources.base import Source
from ticker.sources.chain import CallCounter, ChainSource, Link, link_health
from ticker.sources.vilage import VilageSource
from ticker.upstream.apihub.client import ApiHubClient
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.datagokr.client import DataGoKrClient
from ticker.upstream.datagokr.envelope import normalize_service_key

SAMPLE = "sample"

# (access settings, session, call counter, refresh budget, the link's health) -> the source
Builder = Callable[[AccessSettings, requests.Session, CallCounter, RefreshBudget, Health], Source]


@dataclass(frozen=True)
class SourceSpec:
    """One upstream source and everything the rest of the service needs to know of it."""

    name: str
    # The settings section with its URL, key and limits, and the model of that section.
    settings_key: str
    settings_model: type[AccessSettings]
    key_variable: str
    url_variable: str
    build: Builder
    # Calls one run makes for this many stations (the quota ledger paces runs with it).
    planned_calls: Callable[[int], int]
    # Every form the key takes on the wire, for redaction.
    key_forms: Callable[[str], list[str]]


def _asos(access: AccessSettings, session: requests.Session, counter: CallCounter,
          budget: RefreshBudget, health: Health) -> Source:
    client = ApiHubClient(session, access.url, _key(access), access.timeouts(),
                          on_call=counter, max_bytes=access.max_body_bytes, budget=budget,
                          health=health)
    return AsosSource(fetch_text=client.sfctm2)


def _vilage(access: AccessSettings, session: requests.Session, counter: CallCounter,
            budget: RefreshBudget, health: Health) -> Source:
    assert isinstance(access, DataGoKrSettings)
    client = DataGoKrClient(session, access.url, _key(access), access.timeouts(),
                            on_call=counter, max_bytes=access.max_body_bytes, budget=budget,
                            health=health)
    return VilageSource(client, ncst_minute=access.ncst_available_minute,
                        fcst_minute=access.fcst_available_minute)


def _key(access: AccessSettings) -> str:
    assert access.key is not None
    return access.key.get_secret_value()


SOURCES: tuple[SourceSpec, ...] = (
    # One call for every station; up to two more when the newest hour is not yet published.
    SourceSpec("asos", "kma_apihub", ApiHubSettings, "KMA_APIHUB_KEY", "KMA_APIHUB_URL",
               _asos, planned_calls=lambda stations: 1, key_forms=lambda key: [key]),
    # A nowcast and a forecast call per station (grid cell).
    SourceSpec("vilage", "data_go_kr", DataGoKrSettings, "DATA_GO_KR_KEY", "DATA_GO_KR_URL",
               _vilage, planned_calls=lambda stations: 2 * stations,
               key_forms=lambda key: [key, normalize_service_key(key)]),
)
SOURCE_BY_NAME: dict[str, SourceSpec] = {spec.name: spec for spec in SOURCES}
PROVIDER_NAMES: tuple[str, ...] = (*SOURCE_BY_NAME, SAMPLE)


def secret_forms(accesses: Mapping[str, AccessSettings]) -> list[str]:
    """Every configured key in every form it is sent, for redaction."""
    return [form for spec in SOURCES
            if (key := accesses[spec.name].key) is not None
            for form in spec.key_forms(key.get_secret_value())]


def build_source(provider: tuple[str, ...], accesses: Mapping[str, AccessSettings],
                 budget_seconds: float, freshness: Freshness, session: requests.Session,
                 ledger: QuotaLedger,
                 on_attempt: Callable[[str, str | None], None] | None = None
                 ) -> tuple[Source, list[str]]:
    """The configured fallback chain, and notices about sources left out or sample data."""
    if provider == (SAMPLE,):
        return sample_source(), ["TICKER_PROVIDER=sample: using the bundled SAMPLE data"]
    links: list[Link] = []
    notices: list[str] = []
    for name in provider:
        spec, access = SOURCE_BY_NAME[name], accesses[name]
        if access.key is None:
            notices.append(f"{name} skipped: no {spec.key_variable} configured")
            continue
        counter = CallCounter()
        # One per link, all started together by the chain at each fetch: the same deadline.
        budget = RefreshBudget(budget_seconds)
        health = link_health(name)
        links.append(Link(source=spec.build(access, session, counter, budget, health),
                          counter=counter, planned_calls=spec.planned_calls, budget=budget,
                          shared_health=health))
    if not links:
        keys = " or ".join(SOURCE_BY_NAME[name].key_variable for name in provider)
        return sample_source(), [f"no API key configured (set {keys}): using the bundled "
                                 "SAMPLE data, not live observations"]
    return ChainSource(links, freshness, ledger, on_attempt), notices
