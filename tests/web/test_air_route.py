"""What the service serves of fine dust as JSON: each city's `air` on /v1/weather and
/v1/weather/<id>, the document's air attribution, joined from cached pieces byte for byte as
the whole document renders, and rebuilt when a station's hour turns too old."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest
from support.air_snapshots import HOUR, with_air
from support.clock import NOW, Clock
from support.snapshots import snapshot
from support.stations import CITIES, by_ids
from support.widget_pages import client_for
from werkzeug.test import Client

from ticker.core.documents import document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot

HELD = with_air(snapshot(3.0))
LIMIT = timedelta(minutes=Freshness().air_withhold_after_minutes)


def make_client(tmp_path: Path, clock: Clock, state: Snapshot = HELD) -> Client:
    return client_for(state, tmp_path, clock, version_poll_seconds=0)


@pytest.fixture
def client(tmp_path: Path, clock: Clock) -> Client:
    return make_client(tmp_path, clock)


def test_each_city_carries_its_air_before_the_forecast_and_the_document_credits_airkorea(
        client: Client) -> None:
    document = client.get("/v1/weather?cities=daegu,seoul&lang=en").get_json()
    assert list(document)[3:5] == ["attribution", "air_attribution"]
    assert document["air_attribution"] == "AirKorea, Korea Environment Corporation"
    daegu, seoul = document["cities"]
    assert list(seoul)[-2:] == ["air", "forecast"] and daegu["air"] is None
    assert seoul["air"] == {"pm10": 41, "pm25": 27, "pm10_grade": "moderate",
                            "pm25_grade": "moderate", "grade": "moderate",
                            "grade_text": "moderate", "station": "종로구",
                            "measured_at": HOUR.isoformat()}
    # Cities without air: the attribution is null, the field present.
    assert client.get("/v1/weather?cities=daegu").get_json()["air_attribution"] is None


def test_a_single_city_carries_its_air(client: Client) -> None:
    city = client.get("/v1/weather/jeju").get_json()
    assert (city["air"]["grade"], city["air"]["grade_text"]) == ("very_bad", "매우나쁨")
    assert "air_attribution" not in city
    assert client.get("/v1/weather/daegu").get_json()["air"] is None


def test_joined_pieces_are_byte_for_byte_the_whole_render_with_and_without_air(
        client: Client) -> None:
    rng = random.Random(25)
    with_some = [c for c in CITIES if c.id in {"seoul", "busan", "jeju", "gangneung"}]
    without = [c for c in CITIES if c not in with_some]
    cases = [without[:3], with_some[:1], without[:2] + with_some[1:2], without[:3]]
    cases += [rng.sample(CITIES, rng.randint(1, 8)) for _ in range(30)]
    for chosen in cases:
        for lang in ("ko", "en"):
            query = f"cities={','.join(c.id for c in chosen)}&lang={lang}"
            expected = document_bytes(weather_document(HELD, chosen, lang, NOW, Freshness()))
            assert client.get(f"/v1/weather?{query}").data == expected, query


def test_a_station_s_hour_turning_too_old_rebuilds_its_piece_and_the_head(
        client: Client, clock: Clock) -> None:
    url = "/v1/weather?cities=daegu,seoul"
    assert client.get(url).get_json()["air_attribution"] == "한국환경공단 에어코리아"
    clock.now = HOUR + LIMIT
    assert client.get(url).get_json()["cities"][1]["air"] is not None
    clock.now = HOUR + LIMIT + timedelta(seconds=1)
    document = client.get(url).get_json()
    assert document["cities"][1]["air"] is None and document["air_attribution"] is None
    assert client.get(url).data == document_bytes(weather_document(
        HELD, by_ids(["daegu", "seoul"]), "ko", clock.now, Freshness()))


def test_openapi_documents_air_and_its_attribution(client: Client) -> None:
    schemas = client.get("/openapi.json").get_json()["components"]["schemas"]
    air = schemas["AirDocument"]
    assert list(air["properties"]) == ["pm10", "pm25", "pm10_grade", "pm25_grade", "grade",
                                       "grade_text", "station", "measured_at"]
    assert "air" in schemas["CityDocument"]["properties"]
    assert "air_attribution" in schemas["WeatherDocument"]["properties"]
    assert "good" in str(air["properties"]["grade"]) and "very_bad" in str(air)
