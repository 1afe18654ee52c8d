"""The one city table: the 16 ticker cities in the display order of the ticker."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class City(BaseModel):
    """One ticker city: our id, its ASOS station, names, position and forecast grid cell."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    station: int
    name_ko: str
    name_en: str
    lat: float
    lon: float
    nx: int
    ny: int


def _city(id: str, station: int, name_ko: str, name_en: str,
          lat: float, lon: float, nx: int, ny: int) -> City:
    return City(id=id, station=station, name_ko=name_ko, name_en=name_en,
                lat=lat, lon=lon, nx=nx, ny=ny)


# Display order is the ticker's (seed_ticker.csv), not station-number order.
# Korean names are exactly as KMA lists the ASOS stations: the 군/시 suffixes of 강진군 and
# 경주시 are part of the official names. 고창 is station 172, not 고창군 (251).
# nx/ny come from the KMA Lambert conformal grid formula (NOTES.md §3); Seoul 60/127 is
# confirmed by a real getUltraSrtNcst response.
CITIES: tuple[City, ...] = (
    _city("dongducheon", 98, "동두천", "Dongducheon", 37.90188, 127.0607, 61, 134),
    _city("gangneung", 105, "강릉", "Gangneung", 37.75147, 128.89099, 93, 132),
    _city("seoul", 108, "서울", "Seoul", 37.57142, 126.9658, 60, 127),
    _city("daejeon", 133, "대전", "Daejeon", 36.37199, 127.3721, 67, 101),
    _city("daegu", 143, "대구", "Daegu", 35.87797, 128.65296, 90, 91),
    _city("ulsan", 152, "울산", "Ulsan", 35.58237, 129.33469, 102, 85),
    _city("gwangju", 156, "광주", "Gwangju", 35.17294, 126.89156, 59, 75),
    _city("busan", 159, "부산", "Busan", 35.10468, 129.03203, 97, 74),
    _city("gochang", 172, "고창", "Gochang", 35.34824, 126.599, 54, 78),
    _city("jeju", 184, "제주", "Jeju", 33.51411, 126.52969, 53, 38),
    _city("ganghwa", 201, "강화", "Ganghwa", 37.70739, 126.44634, 51, 130),
    _city("boeun", 226, "보은", "Boeun", 36.48761, 127.73415, 73, 104),
    _city("geumsan", 238, "금산", "Geumsan", 36.10563, 127.48175, 69, 95),
    _city("gangjin", 259, "강진군", "Gangjin", 34.64457, 126.78408, 57, 63),
    _city("gyeongju", 283, "경주시", "Gyeongju", 35.8174, 129.2009, 100, 90),
    _city("geoje", 294, "거제", "Geoje", 34.88818, 128.60459, 90, 69),
)

CITY_BY_ID: dict[str, City] = {city.id: city for city in CITIES}
CITY_BY_STATION: dict[int, City] = {city.station: city for city in CITIES}
DEFAULT_CITY_IDS: tuple[str, ...] = tuple(city.id for city in CITIES)


def cities_by_ids(ids: tuple[str, ...] | list[str]) -> tuple[City, ...]:
    """Return the cities for ``ids`` in the order given (ids must be known)."""
    return tuple(CITY_BY_ID[city_id] for city_id in ids)
