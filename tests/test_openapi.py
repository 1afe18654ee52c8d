"""The OpenAPI 3.1 document describes every route, and the app conforms to it (schemathesis)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ticker.app.refresh import Refresher
from ticker.core.cities import CITIES
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.app import WebApp, create_app
from ticker.web.context import WebContext
from ticker.web.routes import ROUTES

NOW = datetime(2025, 12, 1, 9, 30, tzinfo=KST)


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
