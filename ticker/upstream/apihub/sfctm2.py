"""Pure parser for the KMA API Hub hourly ASOS text (``typ01/url/kma_sfctm2.php``).

The body is a ``#START7777`` … ``#7777END`` envelope of ``#`` comment lines around one
fixed-width line of 46 whitespace-separated fields per station (docs/kma.md, "kma_sfctm2
response layout"). Column names are never read from the header, which splits them over two
lines; the fixed list below is the layout. A 45-name list (without RN_JUN) misaligns every
field after RN_DAY, so the count is checked on every line.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ticker.core.errors import MalformedPayloadError
from ticker.core.kst import KST
from ticker.core.plausible import Readings, screened

COLUMNS: tuple[str, ...] = (
    "TM", "STN", "WD", "WS", "GST_WD", "GST_WS", "GST_TM", "PA", "PS", "PT", "PR",
    "TA", "TD", "HM", "PV", "RN", "RN_DAY", "RN_JUN", "RN_INT", "SD_HR3", "SD_DAY", "SD_TOT",
    "WC", "WP", "WW", "CA_TOT", "CA_MID", "CH_MIN", "CT", "CT_TOP", "CT_MID", "CT_LOW",
    "VS", "SS", "SI", "ST_GD", "TS", "TE_005", "TE_01", "TE_02", "TE_03", "ST_SEA", "WH",
    "BF", "IR", "IX",
)
assert len(COLUMNS) == 46

END_MARKER = "#7777END"

# Missing-value sentinels of the numeric columns: integers -9, one-decimal -9.0, SI -9.00,
# soil temperatures -99.0. Text fields (WW, CT) use "-".
SENTINELS: frozenset[str] = frozenset({"-9", "-9.0", "-9.00", "-99.0"})
TEXT_MISSING = "-"
# Temperatures are different: -9.0 °C is an ordinary winter reading, so only values at or
# below this bound mean "missing" (by analogy with TE's -99.0; no real missing TA is known).
# Anything else outside ticker.core.plausible's bounds is a fault, dropped with a log line.
TEMPERATURE_MISSING_AT_OR_BELOW = -90.0

_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_WW_CODES = re.compile(r"(\d\d)+")


class AsosRow(BaseModel):
    """The fields of one sfctm2 line the ticker uses, with sentinels turned into None."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    observed_at: datetime
    station: int
    ta: float | None
    ws: float | None  # 10-minute mean wind at 10 m, m/s: the wind of KMA's wind chill
    hm: float | None
    rn: float | None
    wc: int | None
    ww: tuple[str, ...]
    ca_tot: int | None
    vs: int | None
    ix: int | None


def _number(name: str, token: str) -> float:
    if not _NUMBER.fullmatch(token):
        raise MalformedPayloadError(f"sfctm2: column {name} is not a number: {token[:20]!r}")
    value = float(token)
    if not math.isfinite(value):
        raise MalformedPayloadError(f"sfctm2: column {name} is out of range: {token[:20]!r}")
    return value


def _optional(name: str, token: str) -> float | None:
    value = _number(name, token)
    return None if token in SENTINELS else value


def _optional_int(name: str, token: str) -> int | None:
    value = _optional(name, token)
    if value is None:
        return None
    if value != int(value):
        raise MalformedPayloadError(f"sfctm2: column {name} is not an integer: {token[:20]!r}")
    return int(value)


def _temperature(name: str, token: str) -> float | None:
    value = _number(name, token)
    return None if value <= TEMPERATURE_MISSING_AT_OR_BELOW else value


def _ww_codes(token: str) -> tuple[str, ...]:
    # WW is a string of two-digit domestic codes, e.g. "19" or "0119"; "-" means none.
    if token == TEXT_MISSING:
        return ()
    if not _WW_CODES.fullmatch(token):
        raise MalformedPayloadError(f"sfctm2: column WW is not a code string: {token[:24]!r}")
    return tuple(token[i:i + 2] for i in range(0, len(token), 2))


def _observed_at(token: str) -> datetime:
    if not re.fullmatch(r"\d{12}", token):
        raise MalformedPayloadError(f"sfctm2: column TM is not YYYYMMDDHHMI: {token[:20]!r}")
    try:
        return datetime.strptime(token, "%Y%m%d%H%M").replace(tzinfo=KST)
    except ValueError as exc:
        raise MalformedPayloadError(f"sfctm2: column TM is not a valid time: {token!r}") from exc


def parse_row(line: str) -> AsosRow:
    """Parse one data line; raise MalformedPayloadError unless it has the 46-column layout."""
    tokens = line.split()
    if len(tokens) != len(COLUMNS):
        raise MalformedPayloadError(
            f"sfctm2: expected {len(COLUMNS)} columns, got {len(tokens)}")
    field = dict(zip(COLUMNS, tokens, strict=True))
    station = _optional_int("STN", field["STN"])
    if station is None or station <= 0:
        raise MalformedPayloadError(f"sfctm2: column STN is not a station: {field['STN']!r}")
    observed_at = _observed_at(field["TM"])
    # One implausible value costs the station that value, never the row or the payload.
    ta, ws, hm = screened(Readings(_temperature("TA", field["TA"]), _optional("WS", field["WS"]),
                                   _optional("HM", field["HM"])),
                          f"ASOS station {station}", observed_at)
    return AsosRow(
        observed_at=observed_at,
        station=station,
        ta=ta,
        ws=ws,
        hm=hm,
        rn=_optional("RN", field["RN"]),
        wc=_optional_int("WC", field["WC"]),
        ww=_ww_codes(field["WW"]),
        ca_tot=_optional_int("CA_TOT", field["CA_TOT"]),
        vs=_optional_int("VS", field["VS"]),
        ix=_optional_int("IX", field["IX"]),
    )


def parse_sfctm2(text: str) -> list[AsosRow]:
    """Parse a whole sfctm2 body into rows; an empty envelope gives an empty list.

    A body without the closing ``#7777END`` line was cut short, and a body cut exactly at a
    line break would otherwise silently lose stations, so it is malformed.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines or lines[-1] != END_MARKER:
        raise MalformedPayloadError("sfctm2: body does not end with #7777END")
    rows = []
    for line in lines[:-1]:
        if line.startswith("#"):
            continue
        rows.append(parse_row(line))
    return rows
