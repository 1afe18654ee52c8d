"""The JSON API v1 contract, parameters and health endpoints, on the Flask app itself."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.clock import NOW, Clock
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

CONTRACT_KEYS = {"id", "name", "name_en", "station", "temperature_c", "condition",
                 "condition_text", "observed_at", "stale"}


def make_client(store: FileStore, clock: Clock) -> FlaskClient:
    app = create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock))
    return app.test_client()


@pytest.fixture
def live_store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    observations = tuple(
        Observation(city_id=c.id, temperature_c=-9.0 if c.id == "seoul" else 5.0,
                    condition=Condition.PARTLY_CLOUDY,
                    observed_at=NOW.replace(minute=0), source="asos")
        for c in CITIES if c.id != "jeju")
    store.put(Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations))
    return store


def test_weather_document_follows_the_contract(live_store: FileStore, clock: Clock) -> None:
    response = make_client(live_store, clock).get("/v1/weather")
    assert response.status_code == 200
    assert response.content_type == "application/json; charset=utf-8"
    document = response.get_json()
    assert {k: document[k] for k in ("schema_version", "source", "sample", "attribution")} == {
        "schema_version": 1, "source": "asos", "sample": False, "attribution": "기상청 제공"}
    assert document["updated_at"] == "2025-12-01T09:30:00+09:00"
    assert [c["id"] for c in document["cities"]] == [c.id for c in CITIES]
    seoul = document["cities"][2]
    assert set(seoul) >= CONTRACT_KEYS
    assert seoul == {**seoul, "id": "seoul", "name": "서울", "name_en": "Seoul", "station": 108,
                     "temperature_c": -9.0, "condition": "partly_cloudy",
                     "condition_text": "구름조금", "observed_at": "2025-12-01T09:00:00+09:00",
                     "stale": False}


def test_a_city_without_data_is_present_as_null_and_unknown(live_store: FileStore,
                                                            clock: Clock) -> None:
    cities = make_client(live_store, clock).get("/v1/weather").get_json()["cities"]
    jeju = next(c for c in cities if c["id"] == "jeju")
    assert (jeju["temperature_c"], jeju["condition"], jeju["condition_text"]) == (
        None, "unknown", "")


def test_cities_selects_and_orders(live_store: FileStore, clock: Clock) -> None:
    cities = make_client(live_store, clock).get("/v1/weather?cities=busan,seoul").get_json()
    assert [c["id"] for c in cities["cities"]] == ["busan", "seoul"]


def test_lang_en_gives_english_text_and_attribution(live_store: FileStore, clock: Clock) -> None:
    document = make_client(live_store, clock).get("/v1/weather?lang=en").get_json()
    assert document["attribution"] == "Korea Meteorological Administration"
    assert document["cities"][0]["condition_text"] == "Partly cloudy"
    assert document["cities"][0]["name"] == "동두천"  # contract field stays Korean
    assert document["cities"][0]["name_en"] == "Dongducheon"


@pytest.mark.parametrize(("query", "parameter"), [
    ("cities=seoul,atlantis", "cities"), ("cities=", "cities"), ("cities=seoul,,busan", "cities"),
    ("cities=seoul,seoul", "cities"), ("lang=fr", "lang"), ("lang=ko&lang=en", "lang"),
    ("cities=<script>alert(1)</script>", "cities"), ("lang=" + "x" * 600, "lang"),
])
def test_bad_parameters_get_400_naming_them_without_echo(live_store: FileStore, clock: Clock,
                                                         query: str, parameter: str) -> None:
    response = make_client(live_store, clock).get(f"/v1/weather?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter"
    assert f"'{parameter}'" in error["message"]
    assert "<script>" not in response.get_data(as_text=True)
    assert "atlantis" not in error["message"]


def test_unknown_parameters_are_ignored(live_store: FileStore, clock: Clock) -> None:
    assert make_client(live_store, clock).get("/v1/weather?_=12345").status_code == 200


def test_one_city_and_unknown_city(live_store: FileStore, clock: Clock) -> None:
    client = make_client(live_store, clock)
    busan = client.get("/v1/weather/busan?lang=en").get_json()
    assert (busan["id"], busan["condition_text"]) == ("busan", "Partly cloudy")
    missing = client.get("/v1/weather/%3Cb%3Enope")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "unknown_city"
    assert "<b>" not in missing.get_data(as_text=True)


def test_unknown_path_and_method_are_json_errors(live_store: FileStore, clock: Clock) -> None:
    client = make_client(live_store, clock)
    assert client.get("/nope").get_json()["error"]["code"] == "not_found"
    response = client.post("/v1/weather")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_healthz_and_readyz_without_a_snapshot(tmp_path: Path, clock: Clock) -> None:
    client = make_client(FileStore(tmp_path), clock)
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["reason"] == "no snapshot yet"
    assert client.get("/v1/weather").status_code == 503


def test_readyz_turns_unready_when_the_last_refresh_is_too_old(live_store: FileStore,
                                                               clock: Clock) -> None:
    client = make_client(live_store, clock)
    assert client.get("/readyz").get_json()["status"] == "ready"
    clock.now = NOW + timedelta(minutes=91)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "stale limit" in response.get_json()["reason"]


def test_one_silent_city_does_not_make_the_service_unready(live_store: FileStore,
                                                          clock: Clock) -> None:
    # jeju has never reported in live_store; the last refresh itself is recent.
    assert make_client(live_store, clock).get("/readyz").status_code == 200


def test_sample_data_is_always_ready(tmp_path: Path, clock: Clock) -> None:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock).run()
    clock.now = NOW + timedelta(days=30)
    response = make_client(store, clock).get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["sample"] is True


def test_readyz_body_is_byte_stable_with_quota_counts(live_store: FileStore, tmp_path: Path,
                                                      clock: Clock) -> None:
    # The published shape: facts in this order, the reason last, the sources beside "day",
    # and an unlimited source's nulls kept while facts that do not apply are left out.
    quota = FileQuotaLedger(tmp_path / "quota", {"vilage": 10_000, "asos": None})
    quota.record("vilage", 34, NOW)
    app = create_app(WebContext(store=live_store, cities=CITIES, freshness=Freshness(),
                                clock=clock, quota=quota))
    clock.now = NOW + timedelta(minutes=91)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.data == (
        b'{"status":"unready","version":1,"sample":false,"source":"asos",'
        b'"updated_at":"2025-12-01T09:30:00+09:00","age_seconds":5460,'
        b'"upstream_calls_today":{"day":"2025-12-01",'
        b'"asos":{"calls":0,"limit":null,"remaining":null},'
        b'"vilage":{"calls":34,"limit":10000,"remaining":9966}},'
        b'"reason":"last successful refresh is older than the stale limit (90 min)"}')
