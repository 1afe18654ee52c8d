"""Strips: which stations a site shows, in order — the default strip and the named sets.

The service holds every catalogue station; only the stations some strip shows are
"watched": the scheduler retries for them and the per-cell fallback is spent on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import Field

from ticker.core.catalogue import Catalogue, Station
from ticker.core.config_types import Strict

# A set name travels in URLs (?set=) and config keys.
SET_NAME = re.compile(r"[a-z0-9-]{1,32}")


@dataclass(frozen=True)
class Strips:
    """The catalogue in force, the default strip and the named sets, all resolved."""

    catalogue: Catalogue
    default: tuple[Station, ...]
    sets: Mapping[str, tuple[Station, ...]] = field(default_factory=dict)
    # A set's display title (e.g. 강원 for gangwon), where the configuration gives one.
    titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def watched(self) -> tuple[Station, ...]:
        """Every station some strip shows, each once, default strip first."""
        seen: dict[str, Station] = {station.id: station for station in self.default}
        for stations in self.sets.values():
            for station in stations:
                seen.setdefault(station.id, station)
        return tuple(seen.values())

    def sets_of(self, station_id: str) -> tuple[str, ...]:
        """The names of the sets that show ``station_id``, in set order."""
        return tuple(name for name, stations in self.sets.items()
                     if any(station.id == station_id for station in stations))


def resolve_strips(catalogue: Catalogue, default: tuple[str, ...],
                   sets: Mapping[str, tuple[str, ...]],
                   titles: Mapping[str, str] | None = None) -> Strips:
    """Strips from validated ids (see ``strip_errors``); KeyError for an unknown id."""
    return Strips(catalogue, catalogue.select(default),
                  {name: catalogue.select(ids) for name, ids in sets.items()}, dict(titles or {}))


def strip_error(catalogue: Catalogue, where: str, ids: tuple[str, ...]) -> str | None:
    """What is wrong with one strip's ids (unknown or repeated), naming the position; or None."""
    if not ids:
        return f"{where}: expected a non-empty list of station ids"
    seen: set[str] = set()
    for position, station_id in enumerate(ids):
        if station_id not in catalogue:
            nearest = catalogue.nearest_ids(station_id)
            hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
            return f"{where}[{position}]: unknown station id {station_id!r}{hint}"
        if station_id in seen:
            return f"{where}[{position}]: station id {station_id!r} is listed twice"
        seen.add(station_id)
    return None


class SetSpec(Strict):
    """A named strip with a display title: ``{title: 강원, cities: [chuncheon, …]}``."""

    title: str = Field(min_length=1, max_length=64)
    cities: tuple[str, ...]
