"""HTTP done right on the served app: prepared responses, caching headers, CORS, security
headers on every response, methods. Runs through the same WSGI entry Granian serves."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from support.clock import NOW, Clock
from support.counted_routes import CountedRoutes
from support.stations import CITIES
from werkzeug.test import Client

from ticker.app.server.settings import ServerSettings
from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.http.routing import Route
from ticker.web.routes import ROUTES as ROUTE_TABLE
from ticker.web.settings import WidgetSettings
from ticker.web.site import WebApp, create_app

NEXT_REFRESH = NOW + timedelta(minutes=2)
ROUTES = ["/v1/weather", "/v1/weather/seoul", "/widget", "/embed.js", "/openapi.json", "/",
          "/healthz", "/readyz", "/metrics", "/nope"]


def snapshot(temperature: float, next_refresh: datetime = NEXT_REFRESH) -> Snapshot:
    observations = tuple(
        Observation(city_id=c.id, temperature_c=temperature, condition=Condition.CLEAR,
                    observed_at=NOW.replace(minute=0), source="asos") for c in CITIES)
    return Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations,
                    next_refresh_at=next_refresh)


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    store.put(snapshot(3.8))
    return store


def make_app(store: FileStore, clock: Clock, server: ServerSettings | None = None,
             routes: Sequence[Route] = ROUTE_TABLE) -> WebApp:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock,
                     widget=WidgetSettings(frame_ancestors=("https://news.example.com",)),
                     server=server or ServerSettings(), metrics=lambda: b"# none\n")
    return create_app(ctx, version_poll_seconds=0, routes=routes)


@pytest.fixture
def counted() -> CountedRoutes:
    return CountedRoutes()


@pytest.fixture
def app(store: FileStore, clock: Clock, counted: CountedRoutes) -> WebApp:
    return make_app(store, clock, routes=counted.routes)


@pytest.fixture
def client(app: WebApp) -> Client:
    return app.test_client()


@pytest.mark.parametrize("path", ["/v1/weather", "/v1/weather/busan", "/widget"])
def test_a_cache_hit_renders_nothing(client: Client, counted: CountedRoutes, path: str) -> None:
    first = client.get(path)
    builds = counted.builds
    assert builds == 1
    for _ in range(5):
        again = client.get(path, headers={"Accept-Encoding": "gzip"})
        body = again.get_data()
        if again.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        assert body == first.get_data()
    assert counted.builds == builds


def test_a_new_snapshot_version_is_served_at_once(app: WebApp, client: Client,
                                                  store: FileStore) -> None:
    before = client.get("/v1/weather")
    store.put(snapshot(-9.0))
    after = client.get("/v1/weather")
    assert after.get_json()["cities"][0]["temperature_c"] == -9.0
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_city_turning_stale_rebuilds_without_a_new_version(app: WebApp, client: Client,
                                                             clock: Clock) -> None:
    assert not client.get("/v1/weather").get_json()["cities"][0]["stale"]
    clock.now = NOW.replace(minute=0) + timedelta(minutes=91)
    assert client.get("/v1/weather").get_json()["cities"][0]["stale"]


def test_strong_etag_and_conditional_requests(client: Client) -> None:
    response = client.get("/v1/weather")
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    for candidate in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        conditional = client.get("/v1/weather", headers={"If-None-Match": candidate})
        assert conditional.status_code == 304, candidate
        assert conditional.get_data() == b""
        assert conditional.headers["ETag"] == etag
        assert conditional.headers["Cache-Control"] == response.headers["Cache-Control"]
    assert client.get("/v1/weather", headers={"If-None-Match": '"other"'}).status_code == 200


def test_variants_have_their_own_etags(client: Client) -> None:
    tags = {client.get(path).headers["ETag"] for path in (
        "/v1/weather", "/v1/weather?lang=en", "/v1/weather?cities=seoul", "/widget",
        "/widget?theme=dark")}
    assert len(tags) == 5


def test_cache_headers(client: Client) -> None:
    response = client.get("/v1/weather")
    assert response.headers["Cache-Control"] == (
        "public, max-age=120, stale-while-revalidate=60, stale-if-error=86400")
    assert parsedate_to_datetime(response.headers["Last-Modified"]) == NOW
    assert response.headers.getlist("Vary") == ["Accept-Encoding"]


def test_max_age_is_capped_and_counts_down(store: FileStore, clock: Clock) -> None:
    store.put(snapshot(3.8, next_refresh=NOW + timedelta(hours=1)))
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock)
    client = create_app(ctx, version_poll_seconds=0).test_client()
    assert "max-age=300," in client.get("/v1/weather").headers["Cache-Control"]


def test_gzip_only_when_accepted(client: Client) -> None:
    plain = client.get("/widget")
    assert "Content-Encoding" not in plain.headers
    zipped = client.get("/widget", headers={"Accept-Encoding": "br, gzip;q=0.8"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert int(zipped.headers["Content-Length"]) < len(plain.get_data()) / 2
    assert gzip.decompress(zipped.get_data()) == plain.get_data()


@pytest.mark.parametrize("path", ROUTES)
def test_head_works_everywhere(client: Client, path: str) -> None:
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.get_data() == b""
    assert head.headers.get("Content-Type") == get.headers.get("Content-Type")


def test_cors_for_json_never_echoes_origin_nor_allows_credentials(client: Client) -> None:
    response = client.get("/v1/weather", headers={"Origin": "https://evil.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "evil.example" not in str(response.headers)


def test_preflight_is_answered(client: Client) -> None:
    response = client.options("/v1/weather", headers={
        "Origin": "https://news.example.com", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_no_jsonp(client: Client) -> None:
    plain = client.get("/v1/weather")
    padded = client.get("/v1/weather?callback=alert")
    assert padded.get_data() == plain.get_data()
    assert padded.content_type == "application/json; charset=utf-8"


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_security_headers_on_every_response(client: Client, path: str,
                                            method: str) -> None:
    response = client.open(path, method=method)
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    if path == "/widget" and method == "GET":
        assert "frame-ancestors https://news.example.com" in csp
        assert headers["X-Robots-Tag"] == "noindex"
    else:
        assert "frame-ancestors 'none'" in csp
        assert "X-Robots-Tag" not in headers
    assert "Set-Cookie" not in headers
    assert headers.get("Server", "ticker") == "ticker"
    if method in ("POST", "PUT", "DELETE", "PATCH"):
        assert response.status_code == 405
        assert headers["Allow"] == "GET, HEAD, OPTIONS"


def test_headers_on_304_too(client: Client) -> None:
    etag = client.get("/widget").headers["ETag"]
    response = client.get("/widget", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors" in response.headers["Content-Security-Policy"]


def test_trusted_hosts(store: FileStore, clock: Clock) -> None:
    client = make_app(store, clock,
                      ServerSettings(trusted_hosts=("ticker.example",))).test_client()
    assert client.get("/v1/weather", base_url="http://ticker.example:8080").status_code == 200
    refused = client.get("/v1/weather", base_url="http://attacker.example")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "bad_host"
    # Load balancers and watchdogs ask the health routes by address: any Host will do.
    for path in ("/healthz", "/readyz"):
        assert client.get(path, base_url="http://10.0.0.7:8080").status_code == 200
    assert client.get("/metrics", base_url="http://10.0.0.7:8080").status_code == 400


def test_prepared_cache_is_bounded(app: WebApp, client: Client) -> None:
    for n in range(700):
        client.get(f"/v1/weather?_={n}")
    assert len(app.fast_path.cache) <= 512
