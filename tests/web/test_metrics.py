"""/metrics state gauges: sample data is marked as such and has no ages; live data has both
its ages and ``ticker_snapshot_sample 0``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from support.clock import NOW
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.app.server.metrics import MULTIPROC_ENV, Metrics, render
from ticker.core.conditions import Condition
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore

# A year after the recording: what a demo server sees, and why its ages were ~364 days.


@pytest.fixture(autouse=True)
def single_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counters in this process's registry, not in a multiprocess directory."""
    monkeypatch.delenv(MULTIPROC_ENV, raising=False)


def scrape(store: FileStore) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Every sample of the exposition: metric name -> labels -> value."""
    text = render(Metrics(), store, None, lambda: NOW).decode()
    values: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values.setdefault(sample.name, {})[tuple(sorted(sample.labels.items()))] = (
                sample.value)
    return values


def test_sample_data_is_marked_and_has_no_ages(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    assert Refresher(sample_source(), store, CITIES, lambda: NOW).run().version == 1
    values = scrape(store)
    assert values["ticker_snapshot_sample"] == {(): 1.0}
    assert values["ticker_snapshot_version"] == {(): 1.0}
    assert "ticker_snapshot_age_seconds" not in values


def test_live_data_has_ages_and_is_not_sample(tmp_path: Path) -> None:
    observed = NOW.replace(minute=0)
    observations = tuple(Observation(city_id=city.id, temperature_c=1.0,
                                     condition=Condition.CLEAR, observed_at=observed,
                                     source="asos") for city in CITIES)
    store = FileStore(tmp_path)
    store.put(Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations))
    values = scrape(store)
    assert values["ticker_snapshot_sample"] == {(): 0.0}
    ages = values["ticker_snapshot_age_seconds"]
    assert len(ages) == len(CITIES)
    assert ages[(("city", "seoul"),)] == timedelta(minutes=30).total_seconds()


def test_an_empty_store_is_neither(tmp_path: Path) -> None:
    values = scrape(FileStore(tmp_path))
    assert values["ticker_snapshot_sample"] == {(): 0.0}
    assert values["ticker_snapshot_version"] == {(): 0.0}
    assert "ticker_snapshot_age_seconds" not in values


def test_an_observation_dated_in_the_future_has_age_zero(tmp_path: Path) -> None:
    """A writer whose clock runs ahead never makes an age negative (an alert would misfire)."""
    ahead = Observation(city_id="seoul", temperature_c=1.0, condition=Condition.CLEAR,
                        observed_at=NOW + timedelta(minutes=5), source="asos")
    store = FileStore(tmp_path)
    store.put(Snapshot(source="asos", sample=False, updated_at=NOW, observations=(ahead,)))
    assert scrape(store)["ticker_snapshot_age_seconds"] == {(("city", "seoul"),): 0.0}
