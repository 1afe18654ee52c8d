"""KMA's Lambert conformal grid against the guide's example and every catalogued station."""

from __future__ import annotations

import csv
import io
import math
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticker.core.grid import GRID_NX, GRID_NY, GridCell, grid_cell, on_grid


def _csv_rows() -> list[dict[str, str]]:
    # The file's own columns, read raw: the catalogue loader is not what is under test here.
    text = resources.files("ticker.core").joinpath("stations_asos.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


ROWS = _csv_rows()


def test_the_guides_example() -> None:
    assert grid_cell(37.488201, 126.929810) == GridCell(59, 125)


def test_seoul_matches_a_real_nowcast_answer() -> None:
    # getUltraSrtNcst_60_127_20260122_1100.real.json was asked for Seoul's cell.
    assert grid_cell(37.57142, 126.96580) == (60, 127)


def test_the_reference_point_is_the_origin_cell() -> None:
    assert grid_cell(38.0, 126.0) == (43, 136)


def test_the_file_lists_ninety_five_stations() -> None:
    assert len(ROWS) == 95


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row["id"])
def test_the_formula_reproduces_the_files_cell(row: dict[str, str]) -> None:
    cell = grid_cell(float(row["lat"]), float(row["lon"]))
    assert cell == (int(row["nx"]), int(row["ny"]))
    assert on_grid(cell)


def test_east_is_up_in_x_and_north_is_up_in_y() -> None:
    base = grid_cell(36.0, 127.0)
    assert grid_cell(36.0, 127.5).nx > base.nx
    assert grid_cell(36.5, 127.0).ny > base.ny


def test_longitudes_a_turn_apart_give_the_same_cell() -> None:
    assert grid_cell(37.5, 127.0 - 360.0) == grid_cell(37.5, 127.0) == grid_cell(37.5, 487.0)


@pytest.mark.parametrize(("lat", "lon", "inside"), [
    (37.5, 127.0, True),
    (35.68, 139.69, False),  # Tokyo: east of the grid
    (39.9, 116.4, False),  # Beijing: west of it
    (30.0, 126.0, False),  # south of Jeju's seas
])
def test_on_grid(lat: float, lon: float, inside: bool) -> None:
    assert on_grid(grid_cell(lat, lon)) is inside


@pytest.mark.parametrize("cell", [(0, 1), (1, 0), (GRID_NX + 1, 1), (1, GRID_NY + 1)])
def test_cells_just_off_the_edges_are_off_the_grid(cell: tuple[int, int]) -> None:
    assert not on_grid(GridCell(*cell))
    assert on_grid(GridCell(1, 1)) and on_grid(GridCell(GRID_NX, GRID_NY))


@pytest.mark.parametrize(("lat", "lon", "name"), [
    (90.0, 127.0, "lat"), (-90.0, 127.0, "lat"), (math.nan, 127.0, "lat"),
    (37.5, math.inf, "lon"), (37.5, math.nan, "lon"),
])
def test_impossible_coordinates_are_refused_by_name(lat: float, lon: float, name: str) -> None:
    with pytest.raises(ValueError, match=f"^{name} must be"):
        grid_cell(lat, lon)


@given(st.floats(min_value=-89.9, max_value=89.9), st.floats(min_value=-720, max_value=720))
def test_any_real_coordinate_gives_a_cell(lat: float, lon: float) -> None:
    cell = grid_cell(lat, lon)
    assert isinstance(cell.nx, int) and isinstance(cell.ny, int)
