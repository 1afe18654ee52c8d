"""What the service serves of the warnings as JSON: /v1/warnings, prepared and cached like the
other routes, and the cities' `warnings`, whose pre-rendered pieces and prepared variants are
rebuilt when an upcoming warning takes effect and when the warnings turn too old."""

from __future__ import annotations

from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from support.clock import NOW, Clock
from support.counted_routes import CountedRoutes
from support.snapshots import snapshot
from support.stations import CATALOGUE, CITIES
from support.warning_snapshots import BUSAN, MARINE, SEOUL_NW, SEOUL_SW, warning, with_warnings
from werkzeug.test import Client

from ticker.core.documents import document_bytes
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot
from ticker.core.warning_documents import warnings_document
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

FETCHED = NOW - timedelta(minutes=4)
TAKES_EFFECT = NOW + timedelta(minutes=10)
# Station 108's zone has a cold-wave advisory, and a heavy-snow warning from TAKES_EFFECT on;
# another Seoul zone a warning; Busan nothing; a marine zone high seas.
ROWS = [warning(SEOUL_NW, "한파", "주의"), warning(SEOUL_SW, "한파", "경보"),
        warning(SEOUL_NW, "대설", "경보", NOW - timedelta(minutes=20), TAKES_EFFECT),
        warning(MARINE, "풍랑", "주의")]


def held(rows: list = ROWS, next_refresh: timedelta = timedelta(minutes=1)) -> Snapshot:
    """The rows as fetched at FETCHED, the feed's next fetch ``next_refresh`` after NOW."""
    state = with_warnings(snapshot(-8.0), rows, updated_at=FETCHED)
    assert state.warnings is not None
    return state.model_copy(update={"warnings": state.warnings.model_copy(
        update={"next_refresh_at": NOW + next_refresh})})


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    store.put(held())
    return store


@pytest.fixture
def counted() -> CountedRoutes:
    return CountedRoutes()


@pytest.fixture
def client(store: FileStore, clock: Clock, counted: CountedRoutes) -> Client:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock)
    return create_app(ctx, version_poll_seconds=0, routes=counted.routes).test_client()


def seoul(client: Client, path: str = "/v1/weather") -> object:
    document = client.get(path).get_json()
    city = document if "id" in document else next(
        c for c in document["cities"] if c["id"] == "seoul")
    warnings = city["warnings"]
    return warnings if warnings is None else [(w["type"], w["level"]) for w in warnings]


def test_the_document_is_the_country_s_warnings(client: Client, store: FileStore) -> None:
    response = client.get("/v1/warnings")
    assert response.status_code == 200
    assert response.content_type == "application/json; charset=utf-8"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    stored = store.get()
    assert stored is not None
    assert response.data == document_bytes(warnings_document(
        stored.snapshot, CATALOGUE.stations, "ko", NOW, Freshness()))
    document = response.get_json()
    assert document["updated_at"] == "2025-12-01T09:26:00+09:00"
    assert [(w["zone"], w["type_text"] + w["level_text"], w["status"], w["stations"])
            for w in document["warnings"]] == [
        ("서울서남권", "한파경보", "in_force", []),
        ("서울서북권", "한파주의보", "in_force", ["seoul"]),
        ("제주도남쪽먼바다", "풍랑주의보", "in_force", []),
        ("서울서북권", "대설경보", "upcoming", ["seoul"])]
    english = client.get("/v1/warnings?lang=en").get_json()["warnings"]
    assert [w["type_text"] for w in english] == ["Cold wave", "Cold wave", "High seas",
                                                 "Heavy snow"]


@pytest.mark.parametrize("query", ["lang=fr", "lang=ko&lang=en", "lang="])
def test_a_bad_lang_is_a_400_naming_it(client: Client, query: str) -> None:
    response = client.get(f"/v1/warnings?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_parameter"
    assert "parameter 'lang'" in response.get_json()["error"]["message"]
    assert "fr" not in response.get_data(as_text=True)


def test_before_any_snapshot_it_is_503_no_data(tmp_path: Path, clock: Clock) -> None:
    ctx = WebContext(store=FileStore(tmp_path), cities=CITIES, freshness=Freshness(),
                     clock=clock)
    response = create_app(ctx).test_client().get("/v1/warnings")
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "no_data"
    assert response.headers["Retry-After"] == "30"


def test_etag_and_last_modified_follow_the_warnings_feed_and_max_age_its_cadence(
        client: Client, counted: CountedRoutes) -> None:
    response = client.get("/v1/warnings")
    etag = response.headers["ETag"]
    assert etag.startswith('"')
    assert client.get("/v1/warnings", headers={"If-None-Match": etag}).status_code == 304
    assert parsedate_to_datetime(response.headers["Last-Modified"]) == FETCHED
    # An unchanged list is not stored at every fetch, so its next_refresh_at (a minute from
    # now here) is no promise: max-age takes its cap, the feed's 5-minute cadence.
    assert response.headers["Cache-Control"].startswith("public, max-age=300,")
    builds = counted.builds
    for _ in range(3):
        assert client.get("/v1/warnings").data == response.data
    assert counted.builds == builds
    assert client.get("/v1/warnings?lang=en").headers["ETag"] != etag


def test_an_upcoming_warning_taking_effect_rebuilds_every_answer(
        client: Client, clock: Clock, counted: CountedRoutes) -> None:
    paths = ("/v1/warnings", "/v1/weather", "/v1/weather/seoul", "/v1/weather?cities=seoul",
             "/v1/weather?lang=en")
    before = {path: client.get(path).data for path in paths}
    assert seoul(client) == [("cold_wave", "advisory")]
    clock.now = TAKES_EFFECT - timedelta(seconds=1)
    builds = counted.builds
    assert {path: client.get(path).data for path in paths} == before
    assert counted.builds == builds
    clock.now = TAKES_EFFECT
    for path in ("/v1/weather", "/v1/weather/seoul", "/v1/weather?cities=seoul"):
        assert seoul(client, path) == [("heavy_snow", "warning"), ("cold_wave", "advisory")]
    statuses = [w["status"] for w in client.get("/v1/warnings").get_json()["warnings"]]
    assert statuses == ["in_force"] * 4
    assert client.get("/v1/weather?lang=en").data != before["/v1/weather?lang=en"]


def test_warnings_too_old_turn_null_without_a_new_snapshot(client: Client,
                                                          clock: Clock) -> None:
    assert seoul(client) == [("cold_wave", "advisory")]
    assert client.get("/v1/warnings").get_json()["warnings"]
    clock.now = FETCHED + timedelta(minutes=30)  # the limit, and after TAKES_EFFECT
    assert seoul(client, "/v1/weather/seoul") == [("heavy_snow", "warning"),
                                                  ("cold_wave", "advisory")]
    clock.now = FETCHED + timedelta(minutes=30, seconds=1)
    for path in ("/v1/weather", "/v1/weather/seoul", "/v1/weather?cities=seoul,busan"):
        assert seoul(client, path) is None
    assert client.get("/v1/warnings").get_json() == {"updated_at": None, "warnings": None}


def test_a_new_fetch_is_served_at_once(client: Client, store: FileStore) -> None:
    assert seoul(client) == [("cold_wave", "advisory")]
    store.put(held([*ROWS, warning(SEOUL_NW, "한파", "주의", NOW - timedelta(minutes=1),
                                   command="해제"), warning(BUSAN, "강풍", "주의")]))
    assert seoul(client) == []
    busan = client.get("/v1/weather/busan").get_json()["warnings"]
    assert [w["type_text"] for w in busan] == ["강풍"]


def test_openapi_documents_the_route_and_the_field(client: Client) -> None:
    document = client.get("/openapi.json").get_json()
    operation = document["paths"]["/v1/warnings"]["get"]
    assert operation["operationId"] == "listWarnings"
    assert [p["name"] for p in operation["parameters"]] == [
        "lang", "If-None-Match", "If-Modified-Since"]
    assert set(operation["responses"]) == {"200", "304", "400", "503"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WarningsDocument"}
    schemas = document["components"]["schemas"]
    # Fine dust (#25) and the forecast (#26) came after it.
    assert schemas["CityDocument"]["required"][-3:] == ["warnings", "air", "forecast"]
    assert "null when unknown" in schemas["CityDocument"]["properties"]["warnings"]["description"]
    assert schemas["CountryWarningDocument"]["required"] == [
        "zone_id", "zone", "type", "type_text", "level", "level_text", "status", "issued_at",
        "effective_at", "stations"]
