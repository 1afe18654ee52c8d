"""Which AirKorea measuring stations each catalogue station may read, nearest first.

A measuring station is known by its province and name together: names repeat across provinces
(중구 is in 서울, 부산, 대구, 인천, 대전 and 울산), so the station list's address and the values'
``sidoName`` are both reduced to one short province name (``province_of``) and matched on
``"<province> <name>"``. Held per catalogue id, so the web never needs the whole list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ticker.core.catalogue import Station
from ticker.core.geo import distance_km
from ticker.core.held import FeedState, HeldModel

# A catalogue station reads one of its nearest measuring stations within this distance
# (the 15 km for the fallbacks, applied to the nearest too: air 30 km away is not
# the air at the station); at most this many are tried, nearest first.
MAX_DISTANCE_KM = 15.0
MAX_CANDIDATES = 3

# The short province names AirKorea's ``sidoName`` uses, and the longer forms addresses use
# (before and after 강원 and 전북 became 특별자치도 in 2023 and 2024).
_PROVINCES: dict[str, tuple[str, ...]] = {
    "서울": ("서울특별시", "서울시"), "부산": ("부산광역시", "부산시"),
    "대구": ("대구광역시", "대구시"), "인천": ("인천광역시", "인천시"),
    "광주": ("광주광역시", "광주시"), "대전": ("대전광역시", "대전시"),
    "울산": ("울산광역시", "울산시"), "세종": ("세종특별자치시", "세종시"),
    "경기": ("경기도",), "강원": ("강원도", "강원특별자치도"), "충북": ("충청북도",),
    "충남": ("충청남도",), "전북": ("전라북도", "전북특별자치도"), "전남": ("전라남도",),
    "경북": ("경상북도",), "경남": ("경상남도",), "제주": ("제주특별자치도", "제주도"),
}
_PROVINCE_OF: dict[str, str] = {form: short for short, longs in _PROVINCES.items()
                                for form in (short, *longs)}


def province_of(text: str) -> str | None:
    """The short province name an address or a ``sidoName`` starts with; None if none.

    Only the first word counts: "경기 광주시 …" is in 경기, not 광주(광역시).
    """
    words = text.split()
    return _PROVINCE_OF.get(words[0]) if words else None


def station_key(province: str, name: str) -> str:
    """How a measuring station is known in the held state: its province and its name."""
    return f"{province} {name}"


@dataclass(frozen=True)
class MeasuringStation:
    """One row of AirKorea's measuring-station list, with its coordinates settled."""

    name: str
    province: str
    address: str
    lat: float
    lon: float

    @property
    def key(self) -> str:
        """Its key in the held state (``station_key``)."""
        return station_key(self.province, self.name)


class AirCandidate(HeldModel):
    """A measuring station a catalogue station may read, and how far away it is."""

    key: str
    name: str
    km: float


class AirStationsState(FeedState):
    """The measuring-station list's part: each catalogue station's candidates, nearest first
    (a station with none within range is left out)."""

    stations: dict[str, tuple[AirCandidate, ...]]


def nearest_candidates(stations: Sequence[Station], measuring: Sequence[MeasuringStation]
                       ) -> dict[str, tuple[AirCandidate, ...]]:
    """Per catalogue station, its nearest measuring stations within ``MAX_DISTANCE_KM``,
    nearest first, at most ``MAX_CANDIDATES`` (ties: by key, so any row order agrees)."""
    chosen: dict[str, tuple[AirCandidate, ...]] = {}
    unique = list({row.key: row for row in reversed(measuring)}.values())  # first row wins
    for station in stations:
        ranked = sorted(((distance_km(station.lat, station.lon, row.lat, row.lon), row)
                         for row in unique), key=lambda pair: (pair[0], pair[1].key))
        near = tuple(AirCandidate(key=row.key, name=row.name, km=round(km, 2))
                     for km, row in ranked[:MAX_CANDIDATES] if km <= MAX_DISTANCE_KM)
        if near:
            chosen[station.id] = near
    return chosen
