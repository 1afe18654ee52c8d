"""Snapshot files another process wrote: an older one with values we no longer hold, a newer
one with fields and codes we do not know yet. Both load, and every route answers from them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from support.clock import NOW
from support.redisfix import RedisServer
from support.stations import CITIES

from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.observations import HourReading, Observation, Snapshot, read_snapshot
from ticker.state.redis_store import RedisStore
from ticker.state.store import SNAPSHOT_FILE, FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

HOUR = NOW.replace(minute=0)
READ_BY_EVERY_ROUTE = ("/v1/weather", "/v1/weather/seoul", "/v1/weather/seoul/history",
                       "/widget?show=feels,minmax,trend", "/readyz")


def written(observation: dict[str, Any], hour: dict[str, Any]) -> dict[str, Any]:
    """A stored snapshot's JSON with Seoul's observation and one history hour changed."""
    seoul = Observation(city_id="seoul", temperature_c=3.8, condition=Condition.CLEAR,
                        observed_at=HOUR, source="asos", wind_ms=2.0, humidity_pct=50.0)
    reading = HourReading(observed_at=HOUR, temperature_c=3.8, condition=Condition.CLEAR)
    snapshot = Snapshot(source="asos", sample=False, updated_at=NOW, observations=(seoul,),
                        history={"seoul": (reading,)})
    document = {"version": 7, "snapshot": snapshot.model_dump(mode="json")}
    document["snapshot"]["observations"][0].update(observation)
    document["snapshot"]["history"]["seoul"][0].update(hour)
    return document


def load(tmp_path: Path, document: dict[str, Any]) -> FileStore:
    # json.dumps writes NaN and Infinity as bare words, as an older Python writer did.
    (tmp_path / SNAPSHOT_FILE).write_text(json.dumps(document, ensure_ascii=False),
                                          encoding="utf-8")
    return FileStore(tmp_path)


def statuses(store: FileStore) -> list[int]:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(),
                     clock=lambda: NOW + timedelta(minutes=5))
    client = create_app(ctx).test_client()
    return [client.get(path).status_code for path in READ_BY_EVERY_ROUTE]


def test_implausible_values_written_by_an_older_process_load_as_missing(tmp_path: Path) -> None:
    store = load(tmp_path, written(
        {"temperature_c": float("nan"), "wind_ms": -4.0, "humidity_pct": 150.0},
        {"temperature_c": 1e308, "wind_ms": float("inf"), "humidity_pct": float("-inf")}))
    stored = store.get()
    assert stored is not None and stored.version == 7
    seoul = stored.snapshot.observation("seoul")
    assert seoul is not None
    assert (seoul.temperature_c, seoul.wind_ms, seoul.humidity_pct) == (None, None, None)
    assert seoul.condition is Condition.CLEAR
    [hour] = stored.snapshot.history["seoul"]
    assert (hour.temperature_c, hour.wind_ms, hour.humidity_pct) == (None, None, None)
    assert statuses(store) == [200] * len(READ_BY_EVERY_ROUTE)


def test_an_out_of_range_temperature_in_the_history_is_not_todays_high(tmp_path: Path) -> None:
    store = load(tmp_path, written({}, {"temperature_c": 120.5}))
    client = create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(),
                                   clock=lambda: NOW)).test_client()
    seoul = client.get("/v1/weather/seoul").get_json()
    assert (seoul["temperature_c"], seoul["today_max_c"]) == (3.8, None)


# Item 7: a file a newer version wrote (a rollback, an old web node in a rolling upgrade).

def test_unknown_fields_at_every_level_are_ignored_and_the_version_kept(tmp_path: Path) -> None:
    document = written({"gust_ms": 12.0}, {"dew_point_c": -2.0})
    document["written_by"] = "ticker 9"
    document["snapshot"]["alerts"] = []
    store = load(tmp_path, document)
    stored = store.get()
    assert stored is not None
    assert stored.version == 7
    assert stored.snapshot.observation("seoul") == Observation(
        city_id="seoul", temperature_c=3.8, condition=Condition.CLEAR, observed_at=HOUR,
        source="asos", wind_ms=2.0, humidity_pct=50.0)
    assert stored.snapshot.history["seoul"][0].temperature_c == 3.8
    assert statuses(store) == [200] * len(READ_BY_EVERY_ROUTE)
    # The next write goes on from the version held: nothing starts again at 1.
    assert store.put(stored.snapshot) == 8


def test_an_unknown_condition_code_is_unknown_for_that_city_only(tmp_path: Path) -> None:
    document = written({"condition": "volcanic_ash"}, {"condition": "volcanic_ash"})
    busan = {**document["snapshot"]["observations"][0], "city_id": "busan",
             "condition": "rain"}
    document["snapshot"]["observations"].append(busan)
    stored = load(tmp_path, document).get()
    assert stored is not None
    conditions = {o.city_id: o.condition for o in stored.snapshot.observations}
    assert conditions == {"seoul": Condition.UNKNOWN, "busan": Condition.RAIN}
    assert stored.snapshot.history["seoul"][0].condition is Condition.UNKNOWN
    assert stored.snapshot.observation("seoul").temperature_c == 3.8  # type: ignore[union-attr]


def test_what_we_build_ourselves_stays_exact() -> None:
    with pytest.raises(ValidationError):
        Observation(city_id="seoul", temperature_c=1.0, condition=Condition.CLEAR,
                    observed_at=HOUR, source="asos", gust_ms=3.0)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        HourReading.model_validate({"observed_at": HOUR, "temperature_c": 1.0,
                                    "condition": "volcanic_ash"})
    with pytest.raises(ValidationError):
        Snapshot.model_validate_json('{"source": "a", "sample": false, "observations": [],'
                                     ' "updated_at": "2025-12-01T09:30:00+09:00", "x": 1}')


def test_the_shared_loader_reads_a_newer_writers_snapshot_body() -> None:
    body = json.dumps(written({"gust_ms": 1.0, "condition": "volcanic_ash"}, {})["snapshot"]
                      | {"alerts": []})
    snapshot = read_snapshot(body)
    assert snapshot.observation("seoul").condition is Condition.UNKNOWN  # type: ignore[union-attr]


def test_the_redis_store_reads_a_newer_writers_snapshot(redis_server: RedisServer) -> None:
    writer = RedisStore(redis_server.client())
    version = writer.put(Snapshot(source="asos", sample=False, updated_at=NOW, observations=()))
    body = json.dumps(written({"gust_ms": 1.0, "condition": "volcanic_ash"}, {})["snapshot"]
                      | {"alerts": []})
    redis_server.client().hset(writer.snapshot_key, "body", body)
    stored = RedisStore(redis_server.client()).get()
    assert stored is not None
    assert stored.version == version
    assert stored.snapshot.observation("seoul").condition is Condition.UNKNOWN  # type: ignore[union-attr]


def test_a_snapshot_dated_in_the_future_is_not_fresh(tmp_path: Path) -> None:
    document = written({}, {})
    document["snapshot"]["updated_at"] = (NOW + timedelta(days=1)).isoformat()
    store = load(tmp_path, document)
    stored = store.get()
    assert stored is not None
    assert not Freshness().is_current(stored.snapshot, NOW)
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
    ready = create_app(ctx).test_client().get("/readyz")
    assert ready.status_code == 503
    assert ready.get_json()["age_seconds"] == 0
    assert "future" in ready.get_json()["reason"]


def test_an_observation_dated_in_the_future_is_stale() -> None:
    ahead = Observation(city_id="seoul", temperature_c=1.0, condition=Condition.CLEAR,
                        observed_at=NOW + timedelta(hours=3), source="asos")
    assert Freshness().is_stale(ahead, NOW)


def test_a_clock_a_few_seconds_behind_the_writer_still_reads_it_as_fresh() -> None:
    # Nodes of a shared store read what another host wrote; its clock may be a little ahead.
    snapshot = Snapshot(source="asos", sample=False, updated_at=NOW, observations=())
    assert Freshness().is_current(snapshot, NOW - timedelta(seconds=5))


def test_a_snapshot_written_before_feeds_existed_loads_with_every_part_unknown(
        tmp_path: Path) -> None:
    document = written({}, {})
    for part in ("warnings", "warning_zones"):  # exactly what the version before wrote
        del document["snapshot"][part]
    (tmp_path / SNAPSHOT_FILE).write_text(json.dumps(document), encoding="utf-8")
    store = FileStore(tmp_path)
    stored = store.get()
    assert stored is not None and stored.version == 7
    assert stored.snapshot.warnings is None and stored.snapshot.warning_zones is None
    client = create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(),
                                   clock=lambda: NOW)).test_client()
    for path in (*READ_BY_EVERY_ROUTE, "/v1/warnings"):
        assert client.get(path).status_code == 200, path
    assert client.get("/v1/weather/seoul").get_json()["warnings"] is None
    assert client.get("/v1/warnings").get_json() == {"updated_at": None, "warnings": None}
