"""The station catalogue: the bundled KMA list, lookups, and stations a deployment adds."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError
from support.stations import CITIES

import ticker
from ticker.core.catalogue import (
    Catalogue,
    StationSpec,
    load_catalogue,
    parse_catalogue,
    station_from_spec,
)

CATALOGUE = load_catalogue()


def _bundled_text() -> str:
    from importlib import resources
    return resources.files("ticker.core").joinpath("stations_asos.csv").read_text("utf-8")


def _spec(**overrides: object) -> StationSpec:
    fields: dict[str, object] = {
        "id": "guide-example", "station": 999, "name_ko": "가이드", "name_en": "Guide",
        "lat": 37.488201, "lon": 126.929810}
    fields.update(overrides)
    return StationSpec.model_validate(fields)


def test_the_bundled_list_holds_every_asos_station_once() -> None:
    assert len(CATALOGUE) == 95
    assert len(set(CATALOGUE.ids)) == 95
    assert len({station.station for station in CATALOGUE}) == 95
    # The file is in KMA's station-number order, and the catalogue keeps it.
    numbers = [station.station for station in CATALOGUE]
    assert numbers == sorted(numbers)
    assert (numbers[0], numbers[-1]) == (90, 295)
    assert all(station.province for station in CATALOGUE)


SEED_STATIONS = Path(__file__).parent.parent / "fixtures" / "stations_16.csv"


def test_the_default_strip_is_the_seed_tickers_stations_unchanged() -> None:
    """The 16 stations of the seed (ids, numbers, names, positions, confirmed grid cells)."""
    with SEED_STATIONS.open(encoding="utf-8") as handle:
        seed = list(csv.DictReader(handle))
    assert [city.id for city in CITIES] == [row["id"] for row in seed]
    for city, row in zip(CITIES, seed, strict=True):
        assert (city.station, city.name_ko, city.name_en, city.nx, city.ny) == (
            int(row["stn"]), row["name_ko"], row["name_en"], int(row["nx"]), int(row["ny"]))
        assert (city.lat, city.lon) == (float(row["lat"]), float(row["lon"]))
        assert CATALOGUE.by_number(city.station) == city


@pytest.mark.parametrize(("number", "name_ko", "station_id"), [
    (104, "북강릉", "bukgangneung"),  # not 강릉 (105)
    (105, "강릉", "gangneung"),
    (217, "정선군", "jeongseon-gun"),
    (172, "고창", "gochang"),  # the ticker's 고창 …
    (251, "고창군", "gochang-gun"),  # … is not 고창군
    (253, "김해시", "gimhae-si"),
    (259, "강진군", "gangjin"),
    (283, "경주시", "gyeongju"),
    (102, "백령도", "baengnyeongdo"),
])
def test_korean_names_are_exactly_kmas(number: int, name_ko: str, station_id: str) -> None:
    station = CATALOGUE.by_number(number)
    assert station is not None
    assert (station.name_ko, station.id) == (name_ko, station_id)


@pytest.mark.parametrize("names", [
    ("춘천", "원주", "속초", "철원", "대관령"),  # 강원일보
    ("제주", "서귀포", "성산", "고산"),  # 제주일보
    ("부산", "김해시", "양산시", "통영", "거제"),  # 부산일보
])
def test_the_regional_strips_of_the_issue_exist(names: tuple[str, ...]) -> None:
    by_name = {station.name_ko: station for station in CATALOGUE}
    assert all(name in by_name for name in names)


# Imports every ticker module (but the ``python -m`` entry point, which runs the CLI) with
# file opens traced, and prints each path opened.
IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
import ticker
for module in pkgutil.walk_packages(ticker.__path__, "ticker."):
    if not module.name.endswith(".__main__"):
        importlib.import_module(module.name)
print("\\n".join(opened))
"""


def test_loading_is_cached() -> None:
    assert load_catalogue() is CATALOGUE


@pytest.mark.e2e
def test_importing_the_package_reads_no_data_file(tmp_path: Path) -> None:
    """The catalogue, the sample, templates and settings are read when asked for, not at import."""
    result = subprocess.run([sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True,
                            text=True, check=True, cwd=tmp_path)
    package = Path(ticker.__file__).parent
    opened = [Path(line) for line in result.stdout.splitlines() if line]
    code = [path for path in opened if path.suffix in (".py", ".pyc")]
    ours = [path for path in opened if path.is_relative_to(package) and path not in code]
    data = [path for path in opened
            if path.suffix in (".csv", ".json", ".yaml", ".yml", ".html", ".css", ".js")]
    assert ours == [] and data == []
    assert package / "core" / "catalogue.py" in code  # the trace saw the imports


def test_lookups() -> None:
    assert CATALOGUE.by_id("nowhere") is None
    assert CATALOGUE.by_number(1) is None
    assert "seoul" in CATALOGUE and "nowhere" not in CATALOGUE
    assert [s.id for s in CATALOGUE.select(["jeju", "seoul", "sokcho"])] == [
        "jeju", "seoul", "sokcho"]
    with pytest.raises(KeyError):
        CATALOGUE.select(["seoul", "nowhere"])


@pytest.mark.parametrize(("typed", "expected"), [
    ("gangnung", "gangneung"), ("Seul", "seoul"), ("daegwalryeong", "daegwallyeong"),
    ("서귀포", "seogwipo"), ("Gimhae", "gimhae-si"),
])
def test_nearest_ids_by_id_or_name(typed: str, expected: str) -> None:
    assert CATALOGUE.nearest_ids(typed)[0] == expected


def test_nearest_ids_of_nonsense_is_empty() -> None:
    assert CATALOGUE.nearest_ids("qqqqqq") == ()


def test_an_added_station_gets_its_cell_from_the_grid_formula() -> None:
    # KMA's guide: 126.929810 E, 37.488201 N is cell (59, 125).
    extended = CATALOGUE.extended([_spec(province="서울")])
    station = extended.by_id("guide-example")
    assert station is not None
    assert (station.nx, station.ny, station.province) == (59, 125, "서울")
    assert extended.by_number(999) == station
    assert extended.stations[:95] == CATALOGUE.stations
    assert len(CATALOGUE) == 95  # the original is untouched


def test_an_added_name_is_stripped_and_nfc() -> None:
    decomposed = "\u1109\u1165\u110b\u116e\u11af"  # 서울 typed as NFD jamo
    assert _spec(name_ko=f" {decomposed} ").name_ko == "서울"


@pytest.mark.parametrize(("overrides", "message"), [
    ({"id": "seoul"}, "item 0: id is already station 108 서울 (seoul)"),
    ({"station": 108}, "item 0: station number is already station 108 서울 (seoul)"),
    ({"lat": 35.68, "lon": 139.69}, "item 0: lat/lon lie outside KMA's grid"),  # Tokyo
    ({"lat": 89.9, "lon": 126.9}, "item 0: lat/lon lie outside KMA's grid"),
    ({"lat": -37.5, "lon": 126.9}, "item 0: lat/lon lie outside KMA's grid"),
])
def test_an_addition_that_clashes_or_lies_off_the_grid_is_refused(
        overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        CATALOGUE.extended([_spec(**overrides)])


def test_two_additions_may_not_clash_with_each_other() -> None:
    first = _spec()
    with pytest.raises(ValueError, match="item 1: id is already station 999 가이드"):
        CATALOGUE.extended([first, _spec(station=998)])
    with pytest.raises(ValueError, match="item 1: station number is already station 999"):
        CATALOGUE.extended([first, _spec(id="other")])


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"id": "Seoul!!"}, "id", "must match"),
    ({"id": "9seoul"}, "id", "must match"),
    ({"id": "a" * 33}, "id", "must match"),
    ({"station": 0}, "station", "greater than or equal to 1"),
    ({"station": 1000}, "station", "less than or equal to 999"),
    ({"name_ko": "   "}, "name_ko", "must not be empty"),
    ({"name_en": "x" * 41}, "name_en", "at most 40"),
    ({"name_en": "Bad\u0000Name"}, "name_en", "control characters"),
    ({"province": ""}, "province", "must not be empty"),
    ({"lat": float("nan")}, "lat", "finite"),
    ({"lon": float("inf")}, "lon", "finite"),
    ({"nx": 1}, "nx", "Extra inputs are not permitted"),
])
def test_a_bad_addition_names_the_field_and_never_the_value(
        overrides: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _spec(**overrides)
    [error] = caught.value.errors()
    assert error["loc"] == (field,)
    assert message in error["msg"]
    text = str(caught.value)
    assert "Seoul!!" not in text and "Bad\u0000Name" not in text and "input_value" not in text


def test_the_grid_reference_point_is_its_origin_cell() -> None:
    station = station_from_spec(_spec(lat=38.0, lon=126.0))
    assert (station.nx, station.ny) == (43, 136)  # the grid's reference point


def _replace_line(text: str, number: int, line: str) -> str:
    lines = text.splitlines()
    lines[number - 1] = line
    return "\n".join(lines) + "\n"


def test_parse_catalogue_reads_the_bundled_text() -> None:
    assert parse_catalogue(_bundled_text()) == CATALOGUE


@pytest.mark.parametrize(("line_number", "line", "message"), [
    (1, "id,stn,name_ko,name_en,lat,lon,nx,ny", "the header must be"),
    (2, "sokcho,90,속초,Sokcho,束草,束草,38.25085,128.56473,강원,87",
     "line 2: expected 11 columns"),
    (2, "sokcho,90,속초,Sokcho,束草,束草,38.25085,128.56473,강원,87,141", "line 2: nx/ny differ"),
    (3, "sokcho,93,북춘천,Bukchuncheon,北春川,北春川,37.94738,127.75443,강원,73,135",
     "an id twice"),
    (3, "bukchuncheon,90,북춘천,Bukchuncheon,北春川,北春川,37.94738,127.75443,강원,73,135",
     "a station number twice"),
    (4, "Cheorwon,95,철원,Cheorwon,鉄原,铁原,38.14787,127.30420,강원,65,139",
     "line 4: id: id must"),
    (4, "cheorwon,95,철원,Cheorwon,鉄原,铁原,north,127.30420,강원,65,139", "line 4: lat: "),
    (4, "cheorwon,95,철원,Cheorwon,鉄原,铁原,38.14787,127.30420,강원,x,139",
     "line 4: nx must be a whole number"),
])
def test_a_broken_catalogue_file_is_refused_naming_the_line(
        line_number: int, line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_catalogue(_replace_line(_bundled_text(), line_number, line))


def test_an_empty_catalogue_file_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        parse_catalogue("")


def test_a_catalogue_is_immutable() -> None:
    with pytest.raises(AttributeError):
        CATALOGUE.stations = ()  # type: ignore[misc]
    assert isinstance(CATALOGUE, Catalogue)
