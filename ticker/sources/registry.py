"""Wiring sources from settings: the configured fallback chain, or the sample data."""

from __future__ import annotations

from collections.abc import Callable

import requests

from ticker.app.settings import ApiHubSettings, DataGoKrSettings, Settings
from ticker.core.quota import QuotaLedger
from ticker.sources.asos import AsosSource, sample_source
from ticker.sources.base import Source
from ticker.sources.chain import CallCounter, ChainSource, Link
from ticker.sources.vilage import VilageSource
from ticker.upstream.apihub.client import ApiHubClient
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.datagokr.client import DataGoKrClient
from ticker.upstream.transport import Timeouts

KEY_VARIABLES = {"asos": "KMA_APIHUB_KEY", "vilage": "DATA_GO_KR_KEY"}


def _timeouts(access: ApiHubSettings | DataGoKrSettings) -> Timeouts:
    return Timeouts(connect=access.connect_timeout, read=access.read_timeout,
                    total=access.total_timeout)


def _budget(settings: Settings) -> RefreshBudget:
    # One per link, all started together by the chain at each fetch: the same deadline.
    return RefreshBudget(settings.schedule.refresh_budget_seconds)


def _asos_link(settings: Settings, session: requests.Session) -> Link | None:
    api = settings.kma_apihub
    if api.key is None:
        return None
    counter = CallCounter()
    budget = _budget(settings)
    client = ApiHubClient(session, api.url, api.key.get_secret_value(), _timeouts(api),
                          on_call=counter, max_bytes=api.max_body_bytes, budget=budget)
    # One call for every city; up to two more when the newest hour is not yet published.
    return Link(source=AsosSource(fetch_text=client.sfctm2), counter=counter,
                planned_calls=lambda cities: 1, budget=budget)


def _vilage_link(settings: Settings, session: requests.Session) -> Link | None:
    portal = settings.data_go_kr
    if portal.key is None:
        return None
    counter = CallCounter()
    budget = _budget(settings)
    client = DataGoKrClient(session, portal.url, portal.key.get_secret_value(),
                            _timeouts(portal), on_call=counter,
                            max_bytes=portal.max_body_bytes, budget=budget)
    source = VilageSource(client, ncst_minute=portal.ncst_available_minute,
                          fcst_minute=portal.fcst_available_minute)
    # A nowcast and a forecast call per city.
    return Link(source=source, counter=counter, planned_calls=lambda cities: 2 * cities,
                budget=budget)


_LINK_BUILDERS = {"asos": _asos_link, "vilage": _vilage_link}


def build_source(settings: Settings, session: requests.Session, ledger: QuotaLedger,
                 on_attempt: Callable[[str, str | None], None] | None = None
                 ) -> tuple[Source, list[str]]:
    """The configured fallback chain, and notices about sources left out or sample data."""
    if settings.provider == ("sample",):
        return sample_source(), ["TICKER_PROVIDER=sample: serving the bundled SAMPLE data"]
    links: list[Link] = []
    notices: list[str] = []
    for name in settings.provider:
        link = _LINK_BUILDERS[name](settings, session)
        if link is None:
            notices.append(f"{name} skipped: no {KEY_VARIABLES[name]} configured")
        else:
            links.append(link)
    if not links:
        keys = " or ".join(KEY_VARIABLES[name] for name in settings.provider)
        return sample_source(), [f"no API key configured (set {keys}): serving the bundled "
                                 "SAMPLE data, not live observations"]
    return ChainSource(links, settings.freshness.freshness(), ledger, on_attempt), notices
