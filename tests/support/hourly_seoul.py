"""A KMA day whose Seoul temperature changes every hour, for the history tests and their e2e."""

from __future__ import annotations

from datetime import datetime

from support.asos_rows import Reading
from ticker.core.catalogue import load_catalogue
from ticker.core.kst import KST

CATALOGUE = load_catalogue()
SEOUL, GANGNEUNG, DAEGU = 108, 105, 143


def seoul_at(hour: datetime) -> float:
    """Seoul's temperature, different every hour: colder towards dawn."""
    return round(-12.0 + abs(hour.hour - 6) * 0.7, 1)


def readings(tm: str) -> dict[int, Reading]:
    hour = datetime.strptime(tm, "%Y%m%d%H%M").replace(tzinfo=KST)
    found = {s.station: Reading(ta=3.0, ws=0.5) for s in CATALOGUE}
    found[SEOUL] = Reading(ta=seoul_at(hour), ws=6.0, hm=40.0)  # windy
    found[GANGNEUNG] = Reading(ta=4.0, ws=0.4)  # calm
    found[DAEGU] = Reading(ta=None, ws=3.0)  # no temperature
    if hour.hour == 3:
        del found[SEOUL]  # Seoul did not report at 03h: a gap, never an invented value
    return found
