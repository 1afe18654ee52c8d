"""The warnings' public documents: a station's warnings in force, and ``/v1/warnings``.

Part of the JSON API v1 contract beside ``core.documents``; field order is the order on the
wire. Unknown is null, never "none": a feed that never stored, one older than its limit
(``Freshness.warnings_of``), one holding the other kind of data (a recording's beside live
observations, or the reverse), or a station without a zone. ``[]`` means known and empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated

from pydantic import Field

from ticker.core.catalogue import Station
from ticker.core.document_model import DocumentModel
from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot
from ticker.core.warnings import (
    HeldWarning,
    WarningLevel,
    WarningStatus,
    WarningType,
    current,
    in_force_in,
    level_text,
    type_text,
)
from ticker.core.zones import StationZone

# Each field once, with its description: a station's warning and the country's list order
# them differently (the list is by zone).
TypeCode = Annotated[WarningType, Field(description="Stable code of the kind; key display on "
                                                    "it (other: a kind this version does not "
                                                    "know)")]
TypeText = Annotated[str, Field(description="The kind in the requested language (KMA's Korean "
                                            "word for a kind this version does not know)")]
LevelCode = Annotated[WarningLevel, Field(description="Stable code of the level: advisory "
                                                      "(주의보), warning (경보), severe "
                                                      "(중대경보), unknown")]
LevelText = Annotated[str, Field(description="The level in the requested language (KMA's word "
                                             "for a level this version does not know)")]
ZoneId = Annotated[str, Field(description="KMA's warning zone code (특보구역, REG_ID)")]
ZoneName = Annotated[str, Field(description="KMA's name of the zone, in Korean")]
IssuedAt = Annotated[datetime, Field(description="When KMA issued it (KST)")]
EffectiveAt = Annotated[datetime, Field(description="When it took or takes effect (KST)")]


class WarningDocument(DocumentModel):
    """One weather warning (기상특보) in force for a station."""

    type: TypeCode
    type_text: TypeText
    level: LevelCode
    level_text: LevelText
    zone_id: ZoneId
    zone: ZoneName
    issued_at: IssuedAt
    effective_at: EffectiveAt


class CountryWarningDocument(DocumentModel):
    """One warning of ``/v1/warnings``: in force or announced, with its zone's stations."""

    zone_id: ZoneId
    zone: ZoneName
    type: TypeCode
    type_text: TypeText
    level: LevelCode
    level_text: LevelText
    status: WarningStatus = Field(description="in_force, or upcoming: announced for later "
                                              "(a later effective time, or a preliminary "
                                              "warning, 예비특보)")
    issued_at: IssuedAt
    effective_at: EffectiveAt
    stations: tuple[str, ...] | None = Field(
        description="The ids of the catalogue's stations in the zone, in catalogue order "
        "([] for a marine zone or one without a station); null while the station-to-zone "
        "table is not known")


class WarningsDocument(DocumentModel):
    """``/v1/warnings``: every warning in force or upcoming across the country."""

    updated_at: datetime | None = Field(
        description="When the warnings were last fetched (KST); null when unknown")
    warnings: tuple[CountryWarningDocument, ...] | None = Field(
        description="In force first, then upcoming, the most severe first; null when "
        "unknown (the warnings feed never stored, or failed past "
        "freshness.warnings_withhold_after_minutes), [] when none is in force or announced")


def warning_document(warning: HeldWarning, lang: str) -> WarningDocument:
    """One held warning as a station's document shows it, texts in ``lang``."""
    return WarningDocument(
        type=warning.type, type_text=type_text(warning, lang), level=warning.level_code,
        level_text=level_text(warning, lang), zone_id=warning.zone_id, zone=warning.zone,
        issued_at=warning.issued_at, effective_at=warning.effective_at)


def station_zones_of(snapshot: Snapshot) -> Mapping[str, StationZone] | None:
    """Each catalogue station's zone, or None when no table of the snapshot's kind is held."""
    zones = snapshot.warning_zones
    if zones is None or zones.sample != snapshot.sample:
        return None
    return zones.stations


def station_warnings(snapshot: Snapshot, station: Station, lang: str, now: datetime,
                     freshness: Freshness) -> tuple[WarningDocument, ...] | None:
    """The warnings in force in the station's own zone, most severe first; None when
    unknown (see the module's docstring)."""
    judged = freshness.warnings_of(snapshot, now)
    zones = station_zones_of(snapshot)
    zone = zones.get(station.id) if zones is not None else None
    if judged is None or zone is None:
        return None
    rows, moment = judged
    # Only the zone's own rows: a city piece is rendered alone, so each skips the others'.
    own = [row for row in rows if row.zone_id == zone.zone_id]
    return tuple(warning_document(warning, lang)
                 for warning in in_force_in(zone.zone_id, own, moment))


def warnings_document(snapshot: Snapshot, stations: Sequence[Station], lang: str,
                      now: datetime, freshness: Freshness) -> WarningsDocument:
    """``/v1/warnings``: every warning in force or upcoming, with the ids of ``stations``
    (the catalogue) in each zone."""
    judged = freshness.warnings_of(snapshot, now)
    if judged is None or snapshot.warnings is None:
        return WarningsDocument(updated_at=None, warnings=None)
    rows, moment = judged
    zones = station_zones_of(snapshot)
    members: dict[str, list[str]] = {}
    for station in stations:
        zone = zones.get(station.id) if zones is not None else None
        if zone is not None:
            members.setdefault(zone.zone_id, []).append(station.id)

    def stations_of(warning: HeldWarning) -> tuple[str, ...] | None:
        if warning.marine:
            return ()
        return None if zones is None else tuple(members.get(warning.zone_id, ()))

    return WarningsDocument(updated_at=snapshot.warnings.updated_at, warnings=tuple(
        CountryWarningDocument(**dict(warning_document(warning, lang)), status=status,
                               stations=stations_of(warning))
        for warning, status in current(rows, moment)))
