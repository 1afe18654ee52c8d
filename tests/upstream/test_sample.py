"""The bundled sample reproduces the news-site ticker's 16 values exactly."""

from __future__ import annotations

from datetime import datetime

from support.payloads import seed_rows
from support.stations import CITIES

from ticker.app.refresh.refresher import fetch_snapshot
from ticker.core.conditions import condition_label
from ticker.core.kst import KST
from ticker.sources.asos import sample_source


def test_sample_reproduces_the_seed_ticker_in_order() -> None:
    snapshot = fetch_snapshot(sample_source(), CITIES, datetime(2026, 1, 1, tzinfo=KST))
    got = [(obs.city_id, condition_label(obs.condition), f"{obs.temperature_c:.1f}")
           for obs in snapshot.observations]
    want = [(r["id"], r["condition_ko"], r["temperature_c"]) for r in seed_rows()]
    assert got == want


def test_sample_is_flagged_and_keeps_its_recorded_time() -> None:
    snapshot = fetch_snapshot(sample_source(), CITIES, datetime(2026, 1, 1, tzinfo=KST))
    assert snapshot.sample is True
    assert snapshot.source == "sample"
    assert {obs.observed_at for obs in snapshot.observations} == {
        datetime(2025, 12, 1, 9, 0, tzinfo=KST)}


def test_city_table_follows_the_seed_order_and_names() -> None:
    assert [(c.id, c.name_ko) for c in CITIES] == [(r["id"], r["name_ko"]) for r in seed_rows()]
