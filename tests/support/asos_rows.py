"""A KMA-compatible ``kma_sfctm2`` answer for any stations: rows built from a recorded line.

The handler answers only the stations asked for in ``stn`` (``0``: every one it knows), at
the hour asked for in ``tm``, as the real interface does, so tests can count calls and
station lists against any part of the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from support.fakekma import Handler, Reply, Request
from support.payloads import SFCTM2_16, data_lines, sfctm2_body, with_field
from ticker.core.kst import KST

# Seoul's recorded row, the template every built row starts from.
TEMPLATE = next(line for line in data_lines(SFCTM2_16) if line.split()[1] == "108")


@dataclass(frozen=True)
class Reading:
    """What a station reports in one hour; None writes KMA's missing sentinel."""

    ta: float | None
    ca_tot: int | None = 0
    ww: str = "-"
    ws: float | None = 2.0
    hm: float | None = 50.0


def row(station: int, tm: str, reading: Reading) -> str:
    """One sfctm2 data line for ``station`` at ``tm``."""
    line = with_field(with_field(TEMPLATE, "TM", tm), "STN", str(station))
    line = with_field(line, "TA", "-99.0" if reading.ta is None else f"{reading.ta:.1f}")
    line = with_field(line, "CA_TOT", "-9" if reading.ca_tot is None else str(reading.ca_tot))
    line = with_field(line, "WW", reading.ww)
    line = with_field(line, "WS", "-9.0" if reading.ws is None else f"{reading.ws:.1f}")
    return with_field(line, "HM", "-9.0" if reading.hm is None else f"{reading.hm:.1f}")


def stations_handler(readings: Callable[[str], Mapping[int, Reading]]) -> Handler:
    """Answer with ``readings(tm)`` for the stations asked for, stamped with the hour asked."""

    def handler(request: Request) -> Reply:
        tm = request.query.get("tm") or datetime.now(KST).strftime("%Y%m%d%H00")
        asked = request.query.get("stn", "0")
        by_station = readings(tm)
        wanted = list(by_station) if asked == "0" else [int(s) for s in asked.split(":")]
        lines = [row(station, tm, by_station[station])
                 for station in wanted if station in by_station]
        return Reply(body=sfctm2_body(lines).encode("cp949"))

    return handler
