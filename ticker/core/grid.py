"""KMA's forecast grid: latitude/longitude to the (nx, ny) cell of the data.go.kr services.

A Lambert conformal conic projection with the constants of KMA's developer guide for
VilageFcstInfoService (docs/kma.md, "Lambert Conformal Conic grid"). The guide's own example,
126.929810 E 37.488201 N, is cell (59, 125); Seoul's station (37.57142 N, 126.96580 E) is
(60, 127), which a real getUltraSrtNcst answer confirms.
"""

from __future__ import annotations

import math
from typing import NamedTuple

EARTH_RADIUS_KM = 6371.00877
GRID_SPACING_KM = 5.0
STANDARD_PARALLEL_1 = 30.0
STANDARD_PARALLEL_2 = 60.0
ORIGIN_LON = 126.0
ORIGIN_LAT = 38.0
# The guide's C code puts the origin at (210/5, 675/5) on a 0-based grid and adds 1 when it
# prints; these are the 1-based cells the services use.
ORIGIN_X = 43
ORIGIN_Y = 136
# The grid the services answer for: nx 1..149, ny 1..253 (the guide's NX, NY).
GRID_NX = 149
GRID_NY = 253


class GridCell(NamedTuple):
    """One cell of KMA's 5 km grid, 1-based as the services' ``nx``/``ny`` parameters."""

    nx: int
    ny: int


def _cone() -> tuple[float, float, float]:
    """The cone constant, the scale factor and the origin's radius, in grid units."""
    rad = math.pi / 180.0
    slat1, slat2 = STANDARD_PARALLEL_1 * rad, STANDARD_PARALLEL_2 * rad
    sn = math.log(math.cos(slat1) / math.cos(slat2)) / math.log(
        math.tan(math.pi / 4 + slat2 / 2) / math.tan(math.pi / 4 + slat1 / 2))
    sf = math.tan(math.pi / 4 + slat1 / 2) ** sn * math.cos(slat1) / sn
    re = EARTH_RADIUS_KM / GRID_SPACING_KM
    ro = re * sf / math.tan(math.pi / 4 + ORIGIN_LAT * rad / 2) ** sn
    return sn, re * sf, ro


_SN, _RE_SF, _RO = _cone()


def grid_cell(lat: float, lon: float) -> GridCell:
    """The grid cell holding latitude ``lat`` and longitude ``lon`` (degrees north and east).

    Raises ValueError for a latitude that is not strictly between the poles or a coordinate
    that is not a finite number; a cell off the services' grid is returned as it is (see
    ``on_grid``).
    """
    if not math.isfinite(lat) or not -90.0 < lat < 90.0:
        raise ValueError("lat must be a finite latitude strictly between -90 and 90")
    if not math.isfinite(lon):
        raise ValueError("lon must be a finite longitude")
    rad = math.pi / 180.0
    ra = _RE_SF / math.tan(math.pi / 4 + lat * rad / 2) ** _SN
    theta = lon * rad - ORIGIN_LON * rad
    # Wrap to (-π, π] so a longitude given as -233 or 487 lands where 127 does.
    theta = (theta + math.pi) % (2 * math.pi) - math.pi
    theta *= _SN
    # floor(x + 0.5), not round(): the guide rounds halves up, round() rounds them to even.
    nx = math.floor(ra * math.sin(theta) + ORIGIN_X + 0.5)
    ny = math.floor(_RO - ra * math.cos(theta) + ORIGIN_Y + 0.5)
    return GridCell(nx, ny)


def on_grid(cell: GridCell) -> bool:
    """Whether ``cell`` is one the services answer for (nx 1..149, ny 1..253)."""
    return 1 <= cell.nx <= GRID_NX and 1 <= cell.ny <= GRID_NY
