"""Warnings and warning zones held in snapshots, for the tests of what the web serves.

Rows are written as KMA issues them (zone, Korean kind and level, command, times), and the
zones as the zone feed holds them (catalogue id -> zone), so these tests need no parser.
Station 108 (Seoul, 종로구) is in 서울서북권; 북강릉 and 강릉 share 강릉평지.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from support.clock import NOW
from ticker.core.observations import Snapshot
from ticker.core.warnings import HeldWarning, WarningsState
from ticker.core.zones import StationZone, ZonesState

Zone = tuple[str, str]
SEOUL_NW: Zone = ("L1100400", "서울서북권")
SEOUL_SW: Zone = ("L1100300", "서울서남권")
GANGNEUNG: Zone = ("L1042400", "강릉평지")
BUSAN: Zone = ("L1020200", "부산중부")
JEJU: Zone = ("L1090700", "제주도북부")
MARINE: Zone = ("S1131200", "제주도남쪽먼바다")
# Some stations and their zones; every other station has none (its warnings are unknown).
ZONES: dict[str, Zone] = {"seoul": SEOUL_NW, "bukgangneung": GANGNEUNG,
                          "gangneung": GANGNEUNG, "busan": BUSAN, "jeju": JEJU}
ISSUED = NOW - timedelta(hours=2)


def warning(zone: Zone, kind: str, level: str, issued_at: datetime = ISSUED,
            effective_at: datetime | None = None, command: str = "발표") -> HeldWarning:
    """One row as KMA issues it; it takes effect when issued unless told otherwise."""
    return HeldWarning(zone_id=zone[0], zone=zone[1], kind=kind, level=level, command=command,
                       issued_at=issued_at, effective_at=effective_at or issued_at)


def zones_state(zones: Mapping[str, Zone] = ZONES, sample: bool = False,
                updated_at: datetime = NOW) -> ZonesState:
    """The zone feed's part: each listed station's zone."""
    return ZonesState(sample=sample, updated_at=updated_at, stations={
        station_id: StationZone(zone_id=zone[0], zone=zone[1])
        for station_id, zone in zones.items()})


def with_warnings(snapshot: Snapshot, rows: Iterable[HeldWarning], *,
                  updated_at: datetime = NOW, zones: Mapping[str, Zone] | None = ZONES,
                  sample: bool | None = None) -> Snapshot:
    """``snapshot`` holding these rows as fetched at ``updated_at``, and ``zones`` (None: no
    zone table); both of the snapshot's kind of data unless ``sample`` says otherwise."""
    kind = snapshot.sample if sample is None else sample
    return snapshot.model_copy(update={
        "warnings": WarningsState(sample=kind, updated_at=updated_at, warnings=tuple(rows)),
        "warning_zones": None if zones is None else zones_state(zones, kind, updated_at)})
