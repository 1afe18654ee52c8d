"""The catalogue's public documents: ``/v1/stations`` and ``/v1/sets``.

Part of the JSON API v1 contract beside ``core.documents``; field order is the order on the
wire.
"""

from __future__ import annotations

from pydantic import Field

from ticker.core.document_model import DocumentModel as _Document
from ticker.core.strips import Strips


class StationDocument(_Document):
    """One station of ``/v1/stations``: any of these ids may be asked for."""

    id: str
    name: str = Field(description="Official Korean station name")
    name_en: str
    name_ja: str
    name_zh: str
    station: int = Field(description="KMA ASOS station number")
    province: str | None
    lat: float
    lon: float
    sets: tuple[str, ...] = Field(description="The named sets that show this station")


class StationsDocument(_Document):
    """``/v1/stations``: every station the service holds, in catalogue order."""

    stations: tuple[StationDocument, ...]


class SetDocument(_Document):
    """One named strip: its name and station ids in display order."""

    name: str
    ids: tuple[str, ...]
    title: str | None = Field(description="The set's display title (e.g. 강원), or null")


class SetsDocument(_Document):
    """``/v1/sets``: the default strip and the named sets."""

    default: tuple[str, ...] = Field(description="The strip shown when no cities or set is asked")
    sets: tuple[SetDocument, ...]


def stations_document(strips: Strips) -> StationsDocument:
    """Every catalogue station, with the sets it is in."""
    return StationsDocument(stations=tuple(
        StationDocument(id=s.id, name=s.name_ko, name_en=s.name_en, name_ja=s.name_ja,
                        name_zh=s.name_zh, station=s.station, province=s.province, lat=s.lat,
                        lon=s.lon, sets=strips.sets_of(s.id))
        for s in strips.catalogue))


def sets_document(strips: Strips) -> SetsDocument:
    """The default strip and the named sets, as ids."""
    return SetsDocument(default=tuple(s.id for s in strips.default), sets=tuple(
        SetDocument(name=name, ids=tuple(s.id for s in stations), title=strips.titles.get(name))
        for name, stations in strips.sets.items()))
