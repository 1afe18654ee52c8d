"""The OpenAPI 3.1 document describes every route, and the app conforms to it (schemathesis)."""

from __future__ import annotations

import gzip
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from support.clock import NOW
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.app.server.settings import ServerSettings
from ticker.core.freshness import Freshness
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.routes import ROUTES
from ticker.web.site import WebApp, create_app


def _app() -> WebApp:
    # Module level: schemathesis needs the schema when tests are collected.
    import tempfile

    store = FileStore(Path(tempfile.mkdtemp(prefix="ticker-openapi-")))
    Refresher(sample_source(), store, CITIES, lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW,
                     metrics=lambda: b"# metrics\n")
    return create_app(ctx, version_poll_seconds=0)


APP = _app()
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP)


def test_every_route_is_described() -> None:
    document = APP.test_client().get("/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    served = {rule.rule.replace("<", "{").replace(">", "}")
              for rule in APP.flask.url_map.iter_rules() if rule.endpoint != "static"}
    described = set(document["paths"])
    assert served <= described
    assert {route.path for route in ROUTES} == described
    assert {"/v1/weather", "/v1/weather/{city_id}", "/widget", "/embed.js"} <= described


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_app_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # Every default check — no server errors, documented status codes and content types,
    # bodies matching the response schemas — except one: JSON Schema cannot say "each id at
    # most once" of a comma-separated string, so a repeated id is schema-valid yet a 400.
    # The in-process WSGI transport does not decompress; gzip has its own tests.
    case.call_and_validate(headers={"Accept-Encoding": "identity"},
                           excluded_checks=[positive_data_acceptance])


def test_every_operation_suits_sdk_generators() -> None:
    document = APP.test_client().get("/openapi.json").get_json()
    operations = [path["get"] for path in document["paths"].values()]
    ids = [operation["operationId"] for operation in operations]
    assert len(set(ids)) == len(ids) == len(ROUTES)
    assert document["security"] == [] and document["servers"][0]["url"]
    assert document["info"]["license"]["url"].startswith("https://")
    for operation in operations:
        assert operation["summary"]
        codes = set(operation["responses"])
        assert any(code.startswith("2") for code in codes)
        if operation["operationId"] not in ("getHealth", "getReadiness"):
            assert any(code.startswith("4") for code in codes), operation["operationId"]


def test_servers_name_the_public_url_when_configured(tmp_path: Path) -> None:
    ctx = WebContext(store=FileStore(tmp_path), cities=CITIES, freshness=Freshness(),
                     clock=lambda: NOW,
                     server=ServerSettings(public_url="https://weather.example.com"))
    document = create_app(ctx).test_client().get("/openapi.json").get_json()
    assert document["servers"] == [{"url": "https://weather.example.com",
                                    "description": "This service"}]


def test_robots_allows_everything_and_the_demo_page_is_compressed() -> None:
    client = APP.test_client()
    robots = client.get("/robots.txt")
    assert (robots.status_code, robots.data) == (200, b"User-agent: *\nAllow: /\n")
    demo = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert demo.headers["Content-Encoding"] == "gzip"
    assert b"<main" in gzip.decompress(demo.data)
    assert "gzip" not in client.get("/").headers.get("Content-Encoding", "")


def test_the_conditional_headers_and_their_304_are_described() -> None:
    paths = APP.test_client().get("/openapi.json").get_json()["paths"]
    for path, methods in paths.items():
        operation = methods["get"]
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        if "304" not in operation["responses"]:
            assert not headers, path
            continue
        assert "If-Modified-Since" in operation["responses"]["304"]["description"]
        validators = set(operation["responses"]["200"]["headers"])
        if path in ("/v1/stations", "/v1/sets", "/embed.js", "/openapi.json", "/robots.txt"):
            assert (headers, validators) == ({"If-None-Match"}, {"ETag"}), path
        else:
            assert (headers, validators) == ({"If-None-Match", "If-Modified-Since"},
                                             {"ETag", "Last-Modified"}), path
