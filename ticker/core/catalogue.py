"""The station catalogue: every KMA ASOS station, from the bundled ``stations_asos.csv``.

The file lists the 95 stations KMA publishes: our id, station number, the official Korean name
exactly as KMA writes it (북강릉 is not 강릉; 정선군 keeps its suffix; 고창 172 and 고창군 251
are two stations), an English name, a Japanese and a Simplified Chinese name as those
countries' newspapers write Korean places (docs/languages.md), position, province and
data.go.kr grid cell. A deployment may add stations the file lacks (``StationSpec``); their
grid cells are computed, never typed.
"""

from __future__ import annotations

import csv
import difflib
import functools
import io
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from pydantic import ValidationError

from ticker.core.station import STATION_ID_PATTERN as STATION_ID_PATTERN
from ticker.core.station import Station as Station
from ticker.core.station import StationSpec as StationSpec
from ticker.core.station import station_from_spec as station_from_spec

CATALOGUE_FILE = "stations_asos.csv"
CSV_COLUMNS = ("id", "stn", "name_ko", "name_en", "name_ja", "name_zh", "lat", "lon", "province",
               "nx", "ny")

@dataclass(frozen=True)
class Catalogue:
    """Stations in a fixed order, with lookups by id and by station number."""

    stations: tuple[Station, ...]
    _by_id: dict[str, Station] = field(init=False, repr=False, compare=False)
    _by_number: dict[int, Station] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_id = {station.id: station for station in self.stations}
        by_number = {station.station: station for station in self.stations}
        if len(by_id) != len(self.stations):
            raise ValueError("the catalogue lists an id twice")
        if len(by_number) != len(self.stations):
            raise ValueError("the catalogue lists a station number twice")
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_number", by_number)

    def __len__(self) -> int:
        return len(self.stations)

    def __iter__(self) -> Iterator[Station]:
        return iter(self.stations)

    def __contains__(self, station_id: object) -> bool:
        return station_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        """Every station id, in catalogue order."""
        return tuple(self._by_id)

    def by_id(self, station_id: str) -> Station | None:
        """The station with our id ``station_id``, or None."""
        return self._by_id.get(station_id)

    def by_number(self, number: int) -> Station | None:
        """The station with KMA station number ``number``, or None."""
        return self._by_number.get(number)

    def select(self, station_ids: Iterable[str]) -> tuple[Station, ...]:
        """The stations for ``station_ids`` in the order given; KeyError for an unknown id."""
        return tuple(self._by_id[station_id] for station_id in station_ids)

    def nearest_ids(self, unknown: str, limit: int = 3) -> tuple[str, ...]:
        """Known ids whose id or name reads most like ``unknown``, best first (for messages)."""
        keys: dict[str, str] = {}
        for station in self.stations:
            for key in (station.id, station.name_en.lower(), station.name_ko):
                keys.setdefault(key, station.id)
        query = unicodedata.normalize("NFC", unknown.strip()).lower()
        matches = difflib.get_close_matches(query, list(keys), n=limit * 3, cutoff=0.6)
        return tuple(dict.fromkeys(keys[match] for match in matches))[:limit]

    def extended(self, specs: Sequence[StationSpec]) -> Catalogue:
        """This catalogue with ``specs`` appended; ValueError names the item (0-based) at fault."""
        added: list[Station] = []
        ids = dict(self._by_id)
        numbers = dict(self._by_number)
        for index, spec in enumerate(specs):
            if spec.id in ids:
                raise ValueError(f"item {index}: id is already {_describe(ids[spec.id])}")
            if spec.station in numbers:
                raise ValueError(f"item {index}: station number is already "
                                 f"{_describe(numbers[spec.station])}")
            try:
                station = station_from_spec(spec)
            except ValueError as exc:
                raise ValueError(f"item {index}: {exc}") from None
            added.append(station)
            ids[station.id] = numbers[station.station] = station
        return Catalogue((*self.stations, *added))


def _describe(station: Station) -> str:
    return f"station {station.station} {station.name_ko} ({station.id})"


def _whole(text: str, name: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"{name} must be a whole number")
    return int(text)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


def parse_catalogue(text: str) -> Catalogue:
    """The catalogue in ``text`` (the CSV layout); ValueError names the line at fault.

    Each row is validated as an added station would be, and its ``nx``/``ny`` columns must be
    what the grid formula gives, so a hand edit to the file cannot skew a cell unnoticed.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != CSV_COLUMNS:
        raise ValueError(f"catalogue: the header must be {','.join(CSV_COLUMNS)}")
    stations = []
    for line, row in enumerate(reader, start=2):
        if len(row) != len(CSV_COLUMNS):
            raise ValueError(f"catalogue line {line}: expected {len(CSV_COLUMNS)} columns")
        value = dict(zip(CSV_COLUMNS, row, strict=True))
        try:
            spec = StationSpec.model_validate({
                "id": value["id"], "station": value["stn"], "name_ko": value["name_ko"],
                "name_en": value["name_en"], "name_ja": value["name_ja"],
                "name_zh": value["name_zh"], "lat": value["lat"], "lon": value["lon"],
                "province": value["province"] or None})
            station = station_from_spec(spec)
            listed = (_whole(value["nx"], "nx"), _whole(value["ny"], "ny"))
        except ValidationError as exc:
            raise ValueError(f"catalogue line {line}: {_first_error(exc)}") from None
        except ValueError as exc:
            raise ValueError(f"catalogue line {line}: {exc}") from None
        if listed != (station.nx, station.ny):
            raise ValueError(f"catalogue line {line}: nx/ny differ from the grid formula's")
        stations.append(station)
    return Catalogue(tuple(stations))


@functools.cache
def load_catalogue() -> Catalogue:
    """The bundled catalogue, read and validated on first use and then kept."""
    text = resources.files("ticker.core").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_catalogue(text)
