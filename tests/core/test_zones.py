"""Which zone each station is in (``station_zones``), from the parsed cases table and the
bundled sample table, and what that gives the default strip with the cases recording."""

from __future__ import annotations

from support.stations import CATALOGUE, CITIES, by_id
from support.warning_payloads import CASES_MOMENT, WRN_CASES, ZONES_CASES, fixture_cp949

from ticker.core.warnings import in_force_in, title
from ticker.core.zones import StationZone, ZoneRow, station_zones
from ticker.upstream.apihub.warnings import parse_warnings, parse_zone_table
from ticker.upstream.sample import load_sample_warnings, load_sample_zone_table

TABLE = parse_zone_table(fixture_cp949(ZONES_CASES))
ROWS = parse_warnings(fixture_cp949(WRN_CASES))


def test_a_station_in_the_table_takes_its_own_zone_by_number() -> None:
    zones = station_zones(CITIES, TABLE)
    assert zones["seoul"] == StationZone(zone_id="L1100400", zone="서울서북권")
    assert zones["gangneung"] == StationZone(zone_id="L1022510", zone="강릉시평지")


def test_a_station_missing_from_the_table_takes_its_nearest_neighbours_zone() -> None:
    # 금산 (238) is left out of the cases table on purpose; the constructed AWS row 998 금산읍,
    # less than a kilometre away, is its nearest, not 대전 (133) some 30 km north.
    assert 238 not in {row.station for row in TABLE}
    zones = station_zones(CITIES, TABLE)
    assert zones["geumsan"] == StationZone(zone_id="L1030600", zone="금산군", nearest=True)
    assert not any(zone.nearest for station_id, zone in zones.items() if station_id != "geumsan")


def test_matching_is_by_number_never_by_name() -> None:
    # A row named like a catalogue station but numbered otherwise gives that station nothing.
    seoul = by_id("seoul")
    impostor = ZoneRow(station=999, name="서울", lon=129.0, lat=35.1, zone_id="L1082700",
                       zone="부산서부")
    own = ZoneRow(station=108, name="종로", lon=seoul.lon, lat=seoul.lat, zone_id="L1100400",
                  zone="서울서북권")
    assert station_zones([seoul], [impostor, own])["seoul"].zone_id == "L1100400"


def test_an_empty_table_gives_no_station_a_zone() -> None:
    assert station_zones(CITIES, []) == {}


def test_no_station_is_in_a_marine_zone() -> None:
    zones = station_zones(CATALOGUE.stations, TABLE)
    assert all(zone.zone_id.startswith("L") for zone in zones.values())


def test_the_default_strip_carries_exactly_its_own_zones_warnings() -> None:
    zones = station_zones(CITIES, TABLE)
    shown = {city.id: [title(w, "ko") for w in in_force_in(zones[city.id].zone_id, ROWS,
                                                           CASES_MOMENT)]
             for city in CITIES}
    assert shown == {
        "dongducheon": [], "gangneung": ["폭염주의보"], "seoul": ["열대야주의보", "폭염주의보"],
        "daejeon": ["가뭄주의보"], "daegu": ["폭염중대경보"], "ulsan": ["폭염경보"],
        "gwangju": ["호우주의보"], "busan": [], "gochang": [], "jeju": ["황사관심"],
        "ganghwa": ["폭염주의보"], "boeun": [], "geumsan": ["폭염주의보"], "gangjin": [],
        "gyeongju": ["폭염경보"], "geoje": [],
    }


def test_the_sample_table_gives_every_catalogue_station_its_own_row() -> None:
    table = parse_zone_table(load_sample_zone_table())
    assert sorted(row.station for row in table) == sorted(s.station for s in CATALOGUE)
    zones = station_zones(CATALOGUE.stations, table)
    assert len(zones) == len(CATALOGUE)
    assert not any(zone.nearest for zone in zones.values())
    assert zones["seoul"].zone_id == "L1100400"


def test_the_sample_warnings_fall_on_some_stations_of_the_default_strip() -> None:
    # The sample recording's moment: 2025-12-01 09:00 KST, as the observations.
    moment = CASES_MOMENT.replace(year=2025, month=12, day=1, hour=9)
    rows = parse_warnings(load_sample_warnings())
    zones = station_zones(CITIES, parse_zone_table(load_sample_zone_table()))
    shown = {city.id: [title(w, "ko") for w in in_force_in(zones[city.id].zone_id, rows, moment)]
             for city in CITIES}
    assert shown["gangneung"] == ["건조경보", "강풍주의보"]
    assert shown["dongducheon"] == ["한파주의보"]
    assert shown["busan"] == []  # its 건조주의보 was lifted at 06:00
    assert {city for city, titles in shown.items() if titles} == {
        "dongducheon", "gangneung", "daegu", "ulsan", "gyeongju"}
