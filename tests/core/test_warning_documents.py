"""The warnings' documents: each station carries exactly its own zone's warnings in force, null
when unknown and [] when none; /v1/warnings lists the country's, in force before upcoming."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.clock import NOW
from support.snapshots import snapshot
from support.stations import CATALOGUE, CITIES, by_id
from support.warning_snapshots import (
    BUSAN,
    GANGNEUNG,
    JEJU,
    MARINE,
    SEOUL_NW,
    SEOUL_SW,
    warning,
    with_warnings,
)

from ticker.core.documents import CityDocument, document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot
from ticker.core.warning_documents import (
    CountryWarningDocument,
    WarningDocument,
    WarningsDocument,
    station_warnings,
    warnings_document,
)

FRESHNESS = Freshness()
SEOUL = by_id("seoul")
# 2026-07-29 in Seoul: 경보 in three zones, 주의보 in station 108's (서북권).
HEAT = [warning(SEOUL_SW, "폭염", "경보"), warning(SEOUL_NW, "폭염", "주의")]


def seoul_warnings(held: Snapshot, lang: str = "ko") -> list[str] | None:
    found = station_warnings(held, SEOUL, lang, NOW, FRESHNESS)
    return None if found is None else [f"{w.type_text}{w.level_text}" for w in found]


def test_a_station_carries_its_own_zone_s_warnings_only() -> None:
    held = with_warnings(snapshot(30.0), HEAT)
    assert seoul_warnings(held) == ["폭염주의보"]
    [found] = station_warnings(held, SEOUL, "ko", NOW, FRESHNESS) or ()
    assert found == WarningDocument(
        type="heat_wave", type_text="폭염", level="advisory", level_text="주의보",
        zone_id="L1100400", zone="서울서북권", issued_at=HEAT[1].issued_at,
        effective_at=HEAT[1].effective_at)


def test_the_fields_come_in_the_documented_order_and_warnings_is_the_city_s_last() -> None:
    assert list(WarningDocument.model_fields) == [
        "type", "type_text", "level", "level_text", "zone_id", "zone", "issued_at",
        "effective_at"]
    assert list(CountryWarningDocument.model_fields) == [  # the order: by zone
        "zone_id", "zone", "type", "type_text", "level", "level_text", "status", "issued_at",
        "effective_at", "stations"]
    assert list(WarningsDocument.model_fields) == ["updated_at", "warnings"]
    # Then fine dust's `air` (issue #25) and the forecast (#26) came after it.
    assert list(CityDocument.model_fields)[-3:] == ["warnings", "air", "forecast"]


def test_english_texts_and_stable_codes() -> None:
    held = with_warnings(snapshot(-12.0), [warning(SEOUL_NW, "한파", "주의"),
                                           warning(SEOUL_NW, "대설", "경보")])
    found = station_warnings(held, SEOUL, "en", NOW, FRESHNESS) or ()
    assert [(w.type, w.type_text, w.level, w.level_text) for w in found] == [
        ("heavy_snow", "Heavy snow", "warning", "warning"),
        ("cold_wave", "Cold wave", "advisory", "advisory")]


def test_several_in_one_zone_come_most_severe_first() -> None:
    held = with_warnings(snapshot(31.0), [
        warning(SEOUL_NW, "열대야", "주의"), warning(SEOUL_NW, "폭염", "중대경보"),
        warning(SEOUL_NW, "강풍", "경보")])
    assert seoul_warnings(held) == ["폭염중대경보", "강풍경보", "열대야주의보"]


def test_an_unknown_kind_or_level_is_kept_in_kma_s_words() -> None:
    held = with_warnings(snapshot(5.0), [warning(SEOUL_NW, "우박", "심각")])
    [found] = station_warnings(held, SEOUL, "en", NOW, FRESHNESS) or ()
    assert (found.type, found.type_text, found.level, found.level_text) == (
        "other", "우박", "unknown", "심각")


def test_none_in_force_is_an_empty_list_not_null() -> None:
    assert seoul_warnings(with_warnings(snapshot(5.0), [])) == []
    lifted = warning(SEOUL_NW, "한파", "주의", NOW - timedelta(minutes=20), command="해제")
    held = with_warnings(snapshot(5.0), [warning(SEOUL_NW, "한파", "주의"), lifted])
    assert seoul_warnings(held) == []


def test_an_upcoming_warning_is_not_in_force_until_it_takes_effect() -> None:
    later = NOW + timedelta(minutes=30)
    held = with_warnings(snapshot(5.0), [
        warning(SEOUL_NW, "대설", "주의", NOW - timedelta(minutes=10), later),
        warning(SEOUL_NW, "강풍", "예비")])
    assert seoul_warnings(held) == []
    found = station_warnings(held, SEOUL, "ko", later, FRESHNESS)
    assert found is not None and [w.type_text + w.level_text for w in found] == ["대설주의보"]


@pytest.mark.parametrize("case", [
    "never fetched", "too old", "dated in the future", "other kind of data", "no zone table",
    "zone table of the other kind", "station without a zone"])
def test_unknown_is_null(case: str) -> None:
    live = snapshot(5.0)
    held = {
        "never fetched": live,
        "too old": with_warnings(live, HEAT, updated_at=NOW - timedelta(minutes=31)),
        "dated in the future": with_warnings(live, HEAT, updated_at=NOW + timedelta(minutes=5)),
        "other kind of data": with_warnings(live, HEAT, sample=True),
        "no zone table": with_warnings(live, HEAT, zones=None),
        "zone table of the other kind": with_warnings(live, HEAT).model_copy(update={
            "warning_zones": with_warnings(live, HEAT, sample=True).warning_zones}),
        "station without a zone": with_warnings(live, HEAT, zones={"busan": BUSAN}),
    }[case]
    assert seoul_warnings(held) is None
    city = weather_document(held, [SEOUL], "ko", NOW, FRESHNESS).cities[0]
    assert city.warnings is None
    assert document_bytes(city).endswith(b',"warnings":null,"air":null,"forecast":null}')


def test_the_stale_limit_is_the_freshness_setting() -> None:
    held = with_warnings(snapshot(5.0), HEAT, updated_at=NOW - timedelta(minutes=30))
    assert seoul_warnings(held) == ["폭염주의보"]
    assert station_warnings(held, SEOUL, "ko", NOW, Freshness(
        warnings_withhold_after_minutes=10)) is None


def test_a_recording_is_judged_at_its_own_time() -> None:
    recorded = snapshot(5.0).model_copy(update={"sample": True})
    held = with_warnings(recorded, [warning(SEOUL_NW, "한파", "주의")], sample=True)
    assert seoul_warnings(held) == ["한파주의보"]
    found = station_warnings(held, SEOUL, "ko", NOW + timedelta(days=3), FRESHNESS)
    assert found is not None and [w.type for w in found] == ["cold_wave"]


def test_each_city_object_of_the_weather_document_carries_its_warnings() -> None:
    held = with_warnings(snapshot(5.0), [*HEAT, warning(BUSAN, "강풍", "주의")])
    cities = weather_document(held, CITIES, "ko", NOW, FRESHNESS).cities
    by_city = {c.id: c.warnings for c in cities}
    assert by_city["seoul"] is not None and len(by_city["seoul"]) == 1
    assert by_city["busan"] is not None and by_city["busan"][0].type == "wind"
    assert by_city["jeju"] == ()
    assert by_city["daegu"] is None  # no zone in this table


def country(held: Snapshot, lang: str = "ko") -> WarningsDocument:
    return warnings_document(held, CATALOGUE.stations, lang, NOW, FRESHNESS)


def test_the_country_s_warnings_in_force_first_most_severe_first_with_their_stations() -> None:
    held = with_warnings(snapshot(5.0), [
        *HEAT, warning(GANGNEUNG, "건조", "주의"), warning(MARINE, "풍랑", "경보"),
        warning(JEJU, "강풍", "예비"),
        warning(BUSAN, "호우", "경보", NOW - timedelta(minutes=5), NOW + timedelta(hours=1))],
        updated_at=NOW - timedelta(minutes=3))
    document = country(held)
    assert document.updated_at == NOW - timedelta(minutes=3)
    assert document.warnings is not None
    assert [(w.zone, w.type_text + w.level_text, w.status, w.stations)
            for w in document.warnings] == [
        ("서울서남권", "폭염경보", "in_force", ()),
        ("제주도남쪽먼바다", "풍랑경보", "in_force", ()),
        ("강릉평지", "건조주의보", "in_force", ("bukgangneung", "gangneung")),
        ("서울서북권", "폭염주의보", "in_force", ("seoul",)),
        ("부산중부", "호우경보", "upcoming", ("busan",)),
        ("제주도북부", "강풍예비특보", "upcoming", ("jeju",))]
    preliminary = document.warnings[-1]
    assert (preliminary.level, preliminary.level_text) == ("unknown", "예비특보")
    body = document_bytes(document)
    assert body.startswith(b'{"updated_at":"2025-12-01T09:27:00+09:00","warnings":[{"zone_id":')
    assert b'"status":"in_force","issued_at":' in body
    assert b'"effective_at":"2025-12-01T07:30:00+09:00","stations":[]}' in body


def test_the_country_document_is_null_when_unknown_and_empty_when_none() -> None:
    assert country(snapshot(5.0)) == WarningsDocument(updated_at=None, warnings=None)
    old = with_warnings(snapshot(5.0), HEAT, updated_at=NOW - timedelta(hours=1))
    assert country(old) == WarningsDocument(updated_at=None, warnings=None)
    assert country(with_warnings(snapshot(5.0), [])).warnings == ()


def test_without_a_zone_table_the_stations_are_unknown_but_the_warnings_are_not() -> None:
    held = with_warnings(snapshot(5.0), [HEAT[0], warning(MARINE, "풍랑", "주의")], zones=None)
    document = country(held, "en")
    assert document.warnings is not None
    assert [(w.type_text, w.stations) for w in document.warnings] == [
        ("Heat wave", None), ("High seas", ())]
