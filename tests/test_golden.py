"""The public bytes do not move: the JSON, table and widget of fixed snapshots, against files
recorded before the package was restructured (tests/golden)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from ticker.app.refresh import Refresher
from ticker.app.table import text_table
from ticker.core.cities import CITIES
from ticker.core.conditions import Condition
from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.app import create_app
from ticker.web.context import WebContext

GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2025, 12, 1, 9, 30, tzinfo=KST)


def client(store: FileStore) -> FlaskClient:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
    return create_app(ctx).test_client()


@pytest.fixture
def sample_store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock=lambda: NOW).run()
    return store


@pytest.fixture
def live_store(tmp_path: Path) -> FileStore:
    """Busan stale, Daegu withheld, Jeju missing, Ulsan from the fallback, Seoul at −9.0 ℃."""
    ages = {"busan": timedelta(hours=2), "daegu": timedelta(hours=7)}

    def observation(city_id: str) -> Observation:
        return Observation(
            city_id=city_id, temperature_c=-9.0 if city_id == "seoul" else 5.25,
            condition=Condition.MIST if city_id == "daegu" else Condition.PARTLY_CLOUDY,
            observed_at=NOW - ages.get(city_id, timedelta(minutes=30)),
            source="vilage" if city_id == "ulsan" else "asos")

    store = FileStore(tmp_path)
    store.put(Snapshot(source="asos,vilage", sample=False, updated_at=NOW,
                       observations=tuple(observation(c.id) for c in CITIES if c.id != "jeju")))
    return store


@pytest.mark.parametrize(("golden", "url"), [
    ("weather_sample.json", "/v1/weather"),
    ("weather_sample_en_subset.json", "/v1/weather?cities=busan,seoul,jeju&lang=en"),
    ("city_sample_seoul.json", "/v1/weather/seoul"),
    ("widget_sample.html", "/widget"),
    ("widget_sample_dark_en.html", "/widget?lang=en&theme=dark&size=l&cities=seoul,daegu"),
])
def test_sample_snapshot_bytes_are_unchanged(sample_store: FileStore, golden: str,
                                             url: str) -> None:
    response = client(sample_store).get(url)
    assert response.status_code == 200
    assert response.data == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize(("golden", "url"), [
    ("weather_live.json", "/v1/weather"),
    ("weather_live_en.json", "/v1/weather?lang=en&cities=jeju,daegu,busan,seoul"),
    ("widget_live.html", "/widget?cities=jeju,daegu,busan,seoul"),
])
def test_live_snapshot_bytes_are_unchanged(live_store: FileStore, golden: str, url: str) -> None:
    response = client(live_store).get(url)
    assert response.status_code == 200
    assert response.data == (GOLDEN / golden).read_bytes()


def test_fetch_table_is_unchanged(sample_store: FileStore) -> None:
    stored = sample_store.get()
    assert stored is not None
    document = weather_document(stored.snapshot, CITIES, "ko", NOW, Freshness())
    expected = (GOLDEN / "table_sample.txt").read_text(encoding="utf-8")
    assert text_table(document) + "\n" == expected
