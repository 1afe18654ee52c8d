"""The public bytes do not move: the JSON, table and widget of fixed snapshots, against files
recorded before the package was restructured (tests/golden).

Changed deliberately: JSON v1 gained feels_like_c, today_min_c and today_max_c at the end of
every city object (additive; schema_version stays 1), and the table a feels-like column; then
`warnings` as the city object's last field (null here: these snapshots hold no warnings feed);
then `air` after it and the document's `air_attribution` after `attribution` (null here: no
fine dust feed), then `forecast` (null here too: no forecast feed);
the widget pages only inside their inline style and script (inlined without their comments;
the warning badges' rules and code; then issue #28's still strip when the cities fit (.fit),
the temperature's weight and the wider edge fade).
``PYTHONPATH=tests python tests/web/test_golden.py``
rewrites the files from the current code.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.clock import NOW
from support.stations import CITIES

from ticker.app.cli.table import text_table
from ticker.app.refresh.refresher import Refresher
from ticker.core.conditions import Condition
from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.core.history import with_observations
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

GOLDEN = Path(__file__).parent.parent / "golden"


def client(store: FileStore) -> FlaskClient:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
    return create_app(ctx).test_client()


def make_sample_store(directory: Path) -> FileStore:
    """The bundled sample, refreshed at NOW."""
    store = FileStore(directory)
    Refresher(sample_source(), store, CITIES, clock=lambda: NOW).run()
    return store


def make_live_store(directory: Path) -> FileStore:
    """Busan stale, Daegu withheld, Jeju missing, Ulsan from the fallback, Seoul at −9.0 ℃
    in a 5 m/s wind, with two earlier hours held for Seoul (today's low and high)."""
    ages = {"busan": timedelta(hours=2), "daegu": timedelta(hours=7)}

    def observation(city_id: str, at: datetime | None = None,
                    temperature: float | None = None) -> Observation:
        return Observation(
            city_id=city_id, temperature_c=temperature if temperature is not None
            else -9.0 if city_id == "seoul" else 5.25,
            condition=Condition.MIST if city_id == "daegu" else Condition.PARTLY_CLOUDY,
            observed_at=at or NOW - ages.get(city_id, timedelta(minutes=30)),
            source="vilage" if city_id == "ulsan" else "asos",
            wind_ms=5.0 if city_id == "seoul" else None, humidity_pct=70.0)

    now = [observation(c.id) for c in CITIES if c.id != "jeju"]
    earlier = [observation("seoul", NOW.replace(hour=hour, minute=0), temperature)
               for hour, temperature in ((7, -11.5), (8, -10.1))]
    store = FileStore(directory)
    store.put(Snapshot(source="asos,vilage", sample=False, updated_at=NOW,
                       observations=tuple(now),
                       history=with_observations({}, [*earlier, *now], NOW)))
    return store


@pytest.fixture
def sample_store(tmp_path: Path) -> FileStore:
    return make_sample_store(tmp_path)


@pytest.fixture
def live_store(tmp_path: Path) -> FileStore:
    return make_live_store(tmp_path)


SAMPLE_CASES = [
    ("weather_sample.json", "/v1/weather"),
    ("weather_sample_en_subset.json", "/v1/weather?cities=busan,seoul,jeju&lang=en"),
    ("city_sample_seoul.json", "/v1/weather/seoul"),
    ("widget_sample.html", "/widget"),
    ("widget_sample_dark_en.html", "/widget?lang=en&theme=dark&size=l&cities=seoul,daegu"),
]
LIVE_CASES = [
    ("weather_live.json", "/v1/weather"),
    ("weather_live_en.json", "/v1/weather?lang=en&cities=jeju,daegu,busan,seoul"),
    ("widget_live.html", "/widget?cities=jeju,daegu,busan,seoul"),
]


@pytest.mark.parametrize(("golden", "url"), SAMPLE_CASES)
def test_sample_snapshot_bytes_are_unchanged(sample_store: FileStore, golden: str,
                                             url: str) -> None:
    response = client(sample_store).get(url)
    assert response.status_code == 200
    assert response.data == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize(("golden", "url"), LIVE_CASES)
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


def _rewrite() -> None:
    """Write every golden file from the current code (run by hand, then review the diff)."""
    import tempfile

    for make, cases in ((make_sample_store, SAMPLE_CASES), (make_live_store, LIVE_CASES)):
        web = client(make(Path(tempfile.mkdtemp())))
        for golden, url in cases:
            (GOLDEN / golden).write_bytes(web.get(url).data)
    stored = make_sample_store(Path(tempfile.mkdtemp())).get()
    assert stored is not None
    document = weather_document(stored.snapshot, CITIES, "ko", NOW, Freshness())
    (GOLDEN / "table_sample.txt").write_text(text_table(document) + "\n", encoding="utf-8")


if __name__ == "__main__":
    _rewrite()
