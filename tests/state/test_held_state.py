"""Snapshot files another process wrote: an older one with values we no longer hold, a newer
one with fields and codes we do not know yet. Both load, and every route answers from them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from support.clock import NOW
from support.stations import CITIES

from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.observations import HourReading, Observation, Snapshot
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
