"""The bundled sample reproduces the news-site ticker's 16 values exactly, and its warnings
and zone table are of the same winter moment."""

from __future__ import annotations

from datetime import datetime

from support.payloads import seed_rows
from support.stations import CITIES

from ticker.app.refresh.refresher import fetch_snapshot
from ticker.core.catalogue import load_catalogue
from ticker.core.conditions import condition_label
from ticker.core.kst import KST
from ticker.core.warnings import WarningStatus, current, title
from ticker.sources.asos import sample_source
from ticker.upstream.apihub.warnings import parse_warnings, parse_zone_table
from ticker.upstream.sample import load_sample_warnings, load_sample_zone_table


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


def test_sample_warnings_are_of_the_recordings_moment() -> None:
    moment = datetime(2025, 12, 1, 9, 0, tzinfo=KST)
    rows = parse_warnings(load_sample_warnings())
    assert all(row.issued_at <= moment for row in rows)
    found = current(rows, moment)
    assert [(w.zone, title(w, "ko")) for w, status in found
            if status is WarningStatus.UPCOMING] == [("울릉도.독도", "강풍예비특보")]
    in_force = {title(w, "ko") for w, status in found if status is WarningStatus.IN_FORCE}
    assert in_force == {"한파주의보", "건조경보", "건조주의보", "강풍주의보", "대설주의보",
                        "풍랑주의보", "풍랑경보"}
    assert any(w.marine for w, _ in found)


def test_sample_zone_table_names_each_catalogue_station_as_the_catalogue_does() -> None:
    table = parse_zone_table(load_sample_zone_table())
    names = {station.station: station.name_ko for station in load_catalogue()}
    assert len(table) == len(names)
    assert {row.station: row.name for row in table} == names
