"""Fine dust held in snapshots, for the tests of what the web serves.

Readings are written as the air feed holds them (by measuring-station key) and each catalogue
station's candidates as the station-list feed holds them, so these tests need no parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from support.clock import NOW
from ticker.core.air import AirReading, AirState
from ticker.core.air_stations import AirCandidate, AirStationsState, station_key
from ticker.core.observations import Snapshot

HOUR = NOW.replace(minute=0) - timedelta(hours=1)
# (pm10, pm25, pm10 grade, pm25 grade) of one measuring station's hour.
Values = tuple[int | None, int | None, int | None, int | None]
# Each catalogue station's measuring stations, nearest first: (province, name, km).
CANDIDATES: dict[str, tuple[tuple[str, str, float], ...]] = {
    "seoul": (("서울", "종로구", 1.2), ("서울", "중구", 2.9)),
    "busan": (("부산", "중구", 0.8),),
    "jeju": (("제주", "연동", 3.1),),
    "gangneung": (("강원", "옥천동", 1.5),),
}
# 종로구 moderate (PM2.5 the worse), 부산 중구 good, 연동 very bad, 옥천동 bad.
VALUES: dict[str, Values] = {
    "서울 종로구": (41, 27, 2, 2), "서울 중구": (60, 30, 2, 3), "부산 중구": (22, 9, 1, 1),
    "제주 연동": (160, 80, 4, 4), "강원 옥천동": (90, 20, 3, 1),
}


def air_parts(values: Mapping[str, Values] = VALUES,
              candidates: Mapping[str, tuple[tuple[str, str, float], ...]] = CANDIDATES, *,
              measured_at: datetime = HOUR, updated_at: datetime = NOW,
              sample: bool = False) -> tuple[AirState, AirStationsState]:
    """The two fine dust parts: these values, all of ``measured_at``, and candidates."""
    readings = {key: AirReading(pm10=pm10, pm25=pm25, pm10_grade=g10, pm25_grade=g25,
                                measured_at=measured_at)
                for key, (pm10, pm25, g10, g25) in values.items()}
    stations = {station_id: tuple(AirCandidate(key=station_key(province, name), name=name,
                                               km=km) for province, name, km in near)
                for station_id, near in candidates.items()}
    return (AirState(sample=sample, updated_at=updated_at, measured_at=measured_at,
                     readings=readings),
            AirStationsState(sample=sample, updated_at=updated_at, stations=stations))


def with_air(snapshot: Snapshot, values: Mapping[str, Values] = VALUES, *,
             measured_at: datetime = HOUR, updated_at: datetime = NOW,
             sample: bool | None = None) -> Snapshot:
    """``snapshot`` holding the fine dust parts of ``air_parts``, of the snapshot's kind of
    data unless ``sample`` says otherwise."""
    air, stations = air_parts(values, measured_at=measured_at, updated_at=updated_at,
                              sample=snapshot.sample if sample is None else sample)
    return snapshot.model_copy(update={"air": air, "air_stations": stations})
