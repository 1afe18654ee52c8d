"""Which warning zone (특보구역) each station is in, from KMA's station-to-zone table.

Matched by codes, never by names (경기 광주시 is not 광주광역시): a catalogue station takes the
zone of its own number in the table, and one absent from it the zone of the nearest station
in it by coordinates. Held per catalogue id, so the web never needs the whole table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ticker.core.catalogue import Station
from ticker.core.geo import distance_km
from ticker.core.held import FeedState, HeldModel


@dataclass(frozen=True)
class ZoneRow:
    """One row of ``wrn_reg_aws2``: an observing station and the warning zone it is in."""

    station: int
    name: str
    lon: float
    lat: float
    zone_id: str
    zone: str


class StationZone(HeldModel):
    """The warning zone of one catalogue station; ``nearest`` when taken from a neighbour."""

    zone_id: str
    zone: str
    nearest: bool = False


class ZonesState(FeedState):
    """The zone table's part of the snapshot: each catalogue station's zone."""

    stations: dict[str, StationZone]


def station_zones(stations: Sequence[Station], table: Sequence[ZoneRow]
                  ) -> dict[str, StationZone]:
    """Each station's zone by its number in ``table``, else its nearest neighbour's there
    (empty when the table is: no station has a zone then)."""
    by_number: Mapping[int, ZoneRow] = {row.station: row for row in table}
    zones: dict[str, StationZone] = {}
    for station in stations:
        row = by_number.get(station.station)
        if row is not None:
            zones[station.id] = StationZone(zone_id=row.zone_id, zone=row.zone)
        elif table:
            near = min(table, key=lambda r: distance_km(station.lat, station.lon, r.lat, r.lon))
            zones[station.id] = StationZone(zone_id=near.zone_id, zone=near.zone, nearest=True)
    return zones
