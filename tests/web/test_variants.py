"""Prepared variants under hostile queries: cache-busters share the plain URL's entry, a
missed variant is joined from pre-rendered pieces (byte for byte the full render), gzip is
made when first asked for, and the cache is bounded by bytes as well as entries."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from support.clock import NOW
from support.counted_routes import CountedRoutes

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import load_catalogue
from ticker.core.cities import CITIES
from ticker.core.documents import document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.http.prepared import prepare
from ticker.web.http.variantcache import VariantCache
from ticker.web.site import WebApp, create_app


@pytest.fixture
def counted() -> CountedRoutes:
    return CountedRoutes()


@pytest.fixture
def app(tmp_path: Path, counted: CountedRoutes) -> WebApp:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, load_catalogue().stations, clock=lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
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
