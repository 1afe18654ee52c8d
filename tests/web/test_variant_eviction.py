"""The variant cache under a client that floods new variants: the configured strips' variants
stay cached, a variant in use outlives a flood in its own segment, and rendering one-off
misses is bounded by a budget of serving time (503 with Retry-After beyond it)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from support.clock import NOW, Clock
from support.counted_routes import CountedRoutes

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import load_catalogue
from ticker.core.cities import CITIES
from ticker.core.freshness import Freshness
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.http.prepared import prepare
from ticker.web.http.variantcache import RenderBudget, VariantCache
from ticker.web.site import WebApp, create_app

CATALOGUE = load_catalogue()
IDS = [station.id for station in CATALOGUE.stations]
SETS = {"south": CATALOGUE.select(("busan", "ulsan", "jeju"))}
CONFIGURED = ["/widget", "/widget?show=trend", "/widget?set=south&lang=en", "/v1/weather",
              "/v1/weather?set=south", "/v1/weather/seoul", "/embed.js"]


@pytest.fixture
def counted() -> CountedRoutes:
    return CountedRoutes()


@pytest.fixture
def app(tmp_path: Path, counted: CountedRoutes) -> WebApp:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CATALOGUE.stations, clock=lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW,
                     sets=SETS)
    return create_app(ctx, version_poll_seconds=60, routes=counted.routes)


def random_orderings(count: int) -> list[str]:
    """``count`` distinct one-off JSON variants: random orderings of random stations."""
    rng = random.Random(23)
    return [f"/v1/weather?cities={','.join(rng.sample(IDS, 6))}" for _ in range(count)]


def test_one_off_variants_do_not_evict_the_configured_strips(app: WebApp,
                                                              counted: CountedRoutes) -> None:
    app.fast_path.budget = RenderBudget(share=1.0, burst=3600.0)  # this test is about eviction
    client = app.test_client()
    for path in CONFIGURED:
        assert client.get(path).status_code == 200
    flood = random_orderings(1000)
    for path in flood:
        assert client.get(path).status_code == 200
    builds = counted.builds
    assert builds == len(CONFIGURED) + len(flood)
    for path in CONFIGURED:
        assert client.get(path).status_code == 200
    assert counted.builds == builds  # every configured variant was still a hit


def test_a_variant_in_use_outlives_a_flood_in_its_own_segment() -> None:
    cache = VariantCache(max_entries=10)
    cache.put(("/widget", ""), prepare(200, "text/html", b"default", version=1))
    for n in range(200):
        if n % 5 == 0:
            assert cache.get(("/widget", "")) is not None, n
        cache.put(("/widget", f"bg=%23{n:06x}"), prepare(200, "text/html", b"x", version=1))
    assert len(cache) <= 10
    # Unused, it goes in its turn.
    for n in range(10):
        cache.put(("/widget", f"fg=%23{n:06x}"), prepare(200, "text/html", b"x", version=1))
    assert cache.get(("/widget", "")) is None


def test_one_off_misses_beyond_the_budget_get_503_and_hits_are_still_served(
        app: WebApp, counted: CountedRoutes) -> None:
    client = app.test_client()
    cached = "/widget?cities=seoul,busan&show=trend"
    assert client.get(cached).status_code == 200
    app.fast_path.budget = RenderBudget(share=0.0, burst=0.0)  # spent, and not refilling
    builds = counted.builds
    refused = client.get("/widget?cities=busan,seoul&show=trend")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.get_json()["error"]["code"] == "busy"
    assert counted.builds == builds  # nothing rendered for it
    assert client.get(cached).status_code == 200  # a hit costs no rendering
    for path in CONFIGURED:  # nor are the configured strips' misses budgeted
        assert client.get(path).status_code == 200
    assert counted.builds == builds + len(CONFIGURED)


def test_the_budget_refills_at_its_share_of_time_up_to_its_burst(clock: Clock) -> None:
    budget = RenderBudget(share=0.25, burst=0.1, clock=clock.monotonic)
    assert budget.available()
    budget.spend(0.3)  # one long render may overdraw it
    assert not budget.available()
    clock.advance(0.8)  # 0.2 s back: still 0.1 s short
    assert not budget.available()
    clock.advance(0.8)
    assert budget.available()
    clock.advance(3600)  # idle for long: no more than the burst
    budget.available()
    budget.spend(0.1)
    assert not budget.available()
