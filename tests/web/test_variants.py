"""Prepared variants under hostile queries: cache-busters share the plain URL's entry, a
missed variant is joined from pre-rendered pieces (byte for byte the full render), gzip is
made when first asked for, and the cache is bounded by bytes as well as entries. Under a
flood of new variants, the configured strips' variants stay cached, a variant in use outlives
a flood in its own segment, and rendering one-off misses is bounded by a budget of serving
time (503 with Retry-After beyond it)."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from support.clock import NOW, Clock
from support.counted_routes import CountedRoutes
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import load_catalogue
from ticker.core.documents import document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.http.prepared import prepare
from ticker.web.http.variantcache import RenderBudget, VariantCache
from ticker.web.site import WebApp, create_app

IDS = [station.id for station in load_catalogue().stations]
SETS = {"south": load_catalogue().select(("busan", "ulsan", "jeju"))}
CONFIGURED = ["/widget", "/widget?show=trend", "/widget?set=south&lang=en", "/v1/weather",
              "/v1/weather?set=south", "/v1/weather/seoul", "/embed.js"]


@pytest.fixture
def counted() -> CountedRoutes:
    return CountedRoutes()


@pytest.fixture
def app(tmp_path: Path, counted: CountedRoutes) -> WebApp:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, load_catalogue().stations, clock=lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW,
                     sets=SETS)
    return create_app(ctx, version_poll_seconds=60, routes=counted.routes)


def test_cache_busters_and_unknown_parameters_share_the_plain_entry(
        app: WebApp, counted: CountedRoutes) -> None:
    client = app.test_client()
    plain = client.get("/v1/weather")
    builds = counted.builds
    assert builds == 1
    for n in range(200):
        busted = client.get(f"/v1/weather?_={n}&callback=x{n}&utm_source=feed")
        assert busted.data == plain.data and busted.headers["ETag"] == plain.headers["ETag"]
    assert counted.builds == builds
    # The same valid variant, parameters in another order or beside a buster: one entry.
    first = client.get("/v1/weather?lang=en&cities=seoul,busan")
    builds = counted.builds
    assert client.get("/v1/weather?cities=seoul,busan&_=1&lang=en").data == first.data
    assert counted.builds == builds


def test_a_bad_value_is_still_refused_beside_a_buster(app: WebApp) -> None:
    response = app.test_client().get("/v1/weather?_=1&lang=xx")
    assert response.status_code == 400
    assert "'lang'" in response.get_data(as_text=True)


def test_a_missed_variant_is_byte_for_byte_the_full_render(app: WebApp) -> None:
    client = app.test_client()
    store = app.fast_path.ctx.store
    stored = store.get()
    assert stored is not None
    rng = random.Random(7)
    stations = load_catalogue().stations
    for _ in range(40):
        chosen = rng.sample(stations, rng.randint(1, 12))
        lang = rng.choice(["ko", "en"])
        query = f"cities={','.join(s.id for s in chosen)}&lang={lang}"
        expected = document_bytes(weather_document(stored.snapshot, chosen, lang, NOW,
                                                   Freshness()))
        assert client.get(f"/v1/weather?{query}").data == expected


def test_gzip_is_made_when_first_asked_for(app: WebApp) -> None:
    client = app.test_client()
    plain = client.get("/v1/weather?lang=en")
    zipped = client.get("/v1/weather?lang=en", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(plain.data)


def test_the_variant_cache_is_bounded_by_bytes_too() -> None:
    cache = VariantCache(max_entries=100, max_bytes=20_000)
    for n in range(50):
        cache.put(("/w", str(n)), prepare(200, "text/plain", b"x" * 1000, version=1))
    assert 0 < len(cache) <= 20_000 // 2000
    assert cache.get(("/w", "49")) is not None and cache.get(("/w", "0")) is None


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
    refused = client.get("/v1/weather?cities=busan,seoul")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["Cache-Control"] == "no-store"
    assert refused.get_json()["error"]["code"] == "busy"
    assert counted.builds == builds  # nothing rendered for it
    assert client.get(cached).status_code == 200  # a hit costs no rendering
    for path in CONFIGURED:  # nor are the configured strips' misses budgeted
        assert client.get(path).status_code == 200
    assert counted.builds == builds + len(CONFIGURED)


def test_a_refused_widget_is_a_page_that_reloads_itself(app: WebApp) -> None:
    app.fast_path.budget = RenderBudget(share=0.0, burst=0.0)
    refused = app.test_client().get("/widget?cities=busan,seoul")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<meta http-equiv="refresh" content="1">' in refused.data
    assert "frame-ancestors" in refused.headers["Content-Security-Policy"]


def test_a_list_asked_for_before_is_rendered_for_each_new_version_whatever_the_budget(
        tmp_path: Path, counted: CountedRoutes) -> None:
    store = FileStore(tmp_path)
    refresher = Refresher(sample_source(), store, load_catalogue().stations, clock=lambda: NOW)
    refresher.run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
    app = create_app(ctx, version_poll_seconds=0, routes=counted.routes)
    client = app.test_client()
    embedded = "/widget?cities=jeju,seoul"
    first = client.get(embedded)
    assert first.status_code == 200
    app.fast_path.budget = RenderBudget(share=0.0, burst=0.0)
    # A new version (as a refresh with new values stores; the same values store none):
    # every variant is rendered again when next asked.
    store.put(store.get().snapshot)  # type: ignore[union-attr]
    builds = counted.builds
    again = client.get(embedded)
    assert again.status_code == 200 and again.headers["ETag"] != first.headers["ETag"]
    assert counted.builds == builds + 1
    assert client.get("/widget?cities=seoul,jeju").status_code == 503  # a new list waits


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
