"""One station: the catalogue's model, and a station as a deployment adds it in config.yaml."""

from __future__ import annotations

import math
import re
import unicodedata

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from ticker.core.grid import GRID_NX, GRID_NY, grid_cell, on_grid

# Ids travel in URLs (?cities=a,b) and config keys: lowercase, no commas, a letter first so an
# id is never mistaken for a station number.
STATION_ID_PATTERN = re.compile(r"[a-z][a-z0-9-]{0,31}")
MAX_NAME_LENGTH = 40


class Station(BaseModel):
    """One ASOS station: number, names, position, province and data.go.kr grid cell."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    station: int
    name_ko: str
    name_en: str
    name_ja: str
    name_zh: str
    lat: float
    lon: float
    province: str | None = None
    nx: int
    ny: int


def _text(value: str, name: str, max_length: int) -> str:
    # NFC so a name typed on a Mac (NFD) matches the catalogue's and searches alike.
    value = unicodedata.normalize("NFC", value.strip())
    if not value:
        raise ValueError(f"{name} must not be empty")
    if len(value) > max_length:
        raise ValueError(f"{name} must be at most {max_length} characters")
    if any(unicodedata.category(char).startswith("C") for char in value):
        raise ValueError(f"{name} must not contain control characters")
    return value


class StationSpec(BaseModel):
    """A station as a deployment adds it: no grid cell, which is computed from lat/lon."""

    # Errors name the field, never the value given.
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    id: str
    station: int = Field(ge=1, le=999)  # KMA numbers its surface stations with three digits
    name_ko: str
    name_en: str
    # Optional for a deployment's own stations: without one the English name is shown
    # (``station_from_spec``), so a config written before these existed stays valid.
    name_ja: str | None = None
    name_zh: str | None = None
    lat: float
    lon: float
    province: str | None = None

    @field_validator("id")
    @classmethod
    def _id_pattern(cls, value: str) -> str:
        if not STATION_ID_PATTERN.fullmatch(value):
            raise ValueError(f"id must match {STATION_ID_PATTERN.pattern}")
        return value

    @field_validator("name_ko", "name_en", "name_ja", "name_zh")
    @classmethod
    def _names(cls, value: str | None, info: ValidationInfo[object]) -> str | None:
        return None if value is None else _text(value, info.field_name or "name",
                                                MAX_NAME_LENGTH)

    @property
    def missing_names(self) -> tuple[str, ...]:
        """The optional names not given (``name_ja``, ``name_zh``): shown in English."""
        return tuple(name for name in ("name_ja", "name_zh") if getattr(self, name) is None)

    @field_validator("province")
    @classmethod
    def _province(cls, value: str | None) -> str | None:
        return None if value is None else _text(value, "province", MAX_NAME_LENGTH)

    @field_validator("lat", "lon")
    @classmethod
    def _finite(cls, value: float, info: ValidationInfo[object]) -> float:
        if not math.isfinite(value):
            raise ValueError(f"{info.field_name} must be a finite number")
        return value


def station_from_spec(spec: StationSpec) -> Station:
    """The station for ``spec``, its grid cell computed; ValueError when off KMA's grid."""
    try:
        cell = grid_cell(spec.lat, spec.lon)
    except ValueError:
        cell = None
    if cell is None or not on_grid(cell):
        raise ValueError(f"lat/lon lie outside KMA's grid (nx 1–{GRID_NX}, ny 1–{GRID_NY}),"
                         " which covers Korea and its seas")
    names = {name: spec.name_en for name in spec.missing_names}
    return Station(**(spec.model_dump() | names), nx=cell.nx, ny=cell.ny)
