"""Pure parsers for the API Hub's weather warnings (``wrn_now_data``) and their station-to-zone
table (``wrn_reg_aws2``).

Both answers are a ``#START7777`` … ``#7777END`` frame of ``#`` comment lines around
comma-separated rows that end ``,=``, fields padded with spaces (docs/kma.md, "Weather
warnings"). Strictness is whole-body: a body without the frame, or with one row that is not
the layout, is malformed and replaces nothing. Skipping a bad row instead would lose a warning
silently, or worse lose a lifting (해제) row and show a lifted warning as in force.

Error messages name the answer, the line number and the field, never the text of the body: an
upstream error page may echo the request URL, key included.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import datetime

from ticker.core.errors import MalformedPayloadError
from ticker.core.kst import KST
from ticker.core.warnings import HeldWarning
from ticker.core.zones import ZoneRow

WRN_NOW_PATH = "/api/typ01/url/wrn_now_data.php"
WRN_ZONES_PATH = "/api/typ01/url/wrn_reg_aws2.php"

START_MARKER = "#START7777"
END_MARKER = "#7777END"
# A row ends with its last field's comma and "=" (spaces allowed between them).
_ROW_END = re.compile(r",\s*=$")
# Zone codes are a letter and seven digits: L… land, S… sea (a new letter is still a code).
_ZONE_CODE = re.compile(r"[A-Z]\d{7}")
_TIME = re.compile(r"\d{12}")
_STATION = re.compile(r"[1-9]\d{0,3}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")

# REG_UP, REG_UP_KO, REG_ID, REG_KO, TM_FC, TM_EF, WRN, LVL, CMD: then ED_TM, free text.
WARNING_FIELDS = 9
# STN_ID, STN_KO, STN_SP, LON, LAT, HT, REG_UP, WRN_ID, WRN_KO, SFC_STN_ID, WRN_SORT.
ZONE_FIELDS = 11


def _framed_rows(text: str, answer: str) -> Iterator[tuple[int, str]]:
    """The data rows of a framed body with their line numbers; raise unless it is framed.

    The closing ``#7777END`` is what tells a whole answer from one cut short, so a body that
    lacks it is malformed even when every row it has is good.
    """
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1)]
    lines = [(number, line) for number, line in lines if line]
    if not lines or lines[0][1] != START_MARKER:
        raise MalformedPayloadError(f"{answer}: body does not start with {START_MARKER}")
    if lines[-1][1] != END_MARKER:
        raise MalformedPayloadError(f"{answer}: body does not end with {END_MARKER}")
    for number, line in lines[1:-1]:
        if not line.startswith("#"):
            yield number, line


def _fields(line: str, answer: str, number: int) -> str:
    """The row without its closing ``,=``; raise when it does not end so."""
    end = _ROW_END.search(line)
    if end is None:
        raise MalformedPayloadError(f"{answer}: line {number} does not end with ',='")
    return line[:end.start()]


def _time(token: str, name: str, number: int) -> datetime:
    if _TIME.fullmatch(token):
        try:
            return datetime.strptime(token, "%Y%m%d%H%M").replace(tzinfo=KST)
        except ValueError:
            pass
    raise MalformedPayloadError(
        f"wrn_now_data: line {number}: {name} is not a time (YYYYMMDDHHMM)")


def _required(value: str, name: str, answer: str, number: int) -> str:
    if not value:
        raise MalformedPayloadError(f"{answer}: line {number}: {name} is empty")
    return value


def _zone_code(value: str, name: str, answer: str, number: int) -> str:
    if not _ZONE_CODE.fullmatch(value):
        raise MalformedPayloadError(f"{answer}: line {number}: {name} is not a zone code")
    return value


def parse_warning_row(line: str, number: int = 1) -> HeldWarning:
    """One ``wrn_now_data`` row as KMA wrote it; raise MalformedPayloadError otherwise.

    The nine fixed fields are read from the left; ED_TM (when the warning is expected to be
    lifted) is free text that may hold commas, so everything after CMD is left unread.
    """
    answer = "wrn_now_data"
    parts = [part.strip() for part in _fields(line, answer, number).split(",", WARNING_FIELDS)]
    if len(parts) <= WARNING_FIELDS:
        raise MalformedPayloadError(f"{answer}: line {number} has {len(parts)} fields, "
                                    f"expected {WARNING_FIELDS + 1} (the last is ED_TM)")
    _reg_up, _reg_up_ko, reg_id, reg_ko, tm_fc, tm_ef, wrn, lvl, cmd = parts[:WARNING_FIELDS]
    return HeldWarning(
        zone_id=_zone_code(reg_id, "REG_ID", answer, number),
        zone=_required(reg_ko, "REG_KO", answer, number),
        kind=_required(wrn, "WRN", answer, number),
        level=_required(lvl, "LVL", answer, number),
        command=_required(cmd, "CMD", answer, number),
        issued_at=_time(tm_fc, "TM_FC", number),
        effective_at=_time(tm_ef, "TM_EF", number),
    )


def parse_warnings(text: str) -> tuple[HeldWarning, ...]:
    """Every row of a ``wrn_now_data`` answer (``fe=f``), in the order sent.

    A framed body without rows is the valid answer "nothing in force anywhere": ``()``.
    Unknown kinds and levels are kept as KMA wrote them (the core shows them as
    other/unknown). Anything else that is not the layout raises MalformedPayloadError.
    """
    return tuple(parse_warning_row(line, number)
                 for number, line in _framed_rows(text, "wrn_now_data"))


def _coordinate(token: str, name: str, limit: float, number: int) -> float:
    # Only the world's bounds: a station placed wrongly costs the nearest rule a little, while
    # refusing the whole table for it would cost every station its fresh zone.
    value = float(token) if _NUMBER.fullmatch(token) else math.nan
    if not math.isfinite(value) or abs(value) > limit:
        raise MalformedPayloadError(f"wrn_reg_aws2: line {number}: {name} is not a coordinate")
    return value


def parse_zone_row(line: str, number: int = 1) -> ZoneRow:
    """One ``wrn_reg_aws2`` row: an observing station and the warning zone it is in."""
    answer = "wrn_reg_aws2"
    parts = [part.strip() for part in _fields(line, answer, number).split(",")]
    if len(parts) != ZONE_FIELDS:
        raise MalformedPayloadError(
            f"{answer}: line {number} has {len(parts)} fields, expected {ZONE_FIELDS}")
    stn_id, stn_ko, _sp, lon, lat, _ht, _reg_up, wrn_id, wrn_ko, _sfc, _sort = parts
    if not _STATION.fullmatch(stn_id):
        raise MalformedPayloadError(f"{answer}: line {number}: STN_ID is not a station")
    return ZoneRow(
        station=int(stn_id),
        name=_required(stn_ko, "STN_KO", answer, number),
        lon=_coordinate(lon, "LON", 180.0, number),
        lat=_coordinate(lat, "LAT", 90.0, number),
        zone_id=_zone_code(wrn_id, "WRN_ID", answer, number),
        zone=_required(wrn_ko, "WRN_KO", answer, number),
    )


def parse_zone_table(text: str) -> tuple[ZoneRow, ...]:
    """Every row of a ``wrn_reg_aws2`` answer; raise MalformedPayloadError unless the whole
    body is the layout and holds at least one row (no zones is never a valid answer)."""
    rows = tuple(parse_zone_row(line, number)
                 for number, line in _framed_rows(text, "wrn_reg_aws2"))
    if not rows:
        raise MalformedPayloadError("wrn_reg_aws2: the table has no rows")
    return rows
