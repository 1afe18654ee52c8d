"""Pure parts of the short-term forecast (getVilageFcst): paging and the day values.

Items are read by category, never by position (docs/kma.md, "Short-term forecast
(getVilageFcst)"): TMN and TMX (decimal strings) for the day's low and high, POP for the
chance of precipitation, PTY and SKY at 09:00 and 15:00 for the morning and afternoon. No HTTP
and no clock.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from ticker.core.conditions import Condition
from ticker.core.errors import MalformedPayloadError, NoDataError
from ticker.core.forecast import AM_HOUR, PM_HOUR, DayForecast
from ticker.upstream.datagokr.envelope import ERROR_PREFIX, Document, items_of
from ticker.upstream.datagokr.vilage import (
    FORECAST_CONDITIONS,
    code_value,
    condition_for,
    moment_of,
    value_of,
)

# Five days of 12-odd categories is about 1,400 rows: two pages of 1000. More than this many
# pages is not an answer the service gives.
MAX_PAGES = 5
READ = ("TMN", "TMX", "POP", "PTY", "SKY")


def _count(document: Document, key: str) -> int:
    response = document.get("response")
    body = response.get("body") if isinstance(response, dict) else None
    raw = body.get(key) if isinstance(body, dict) else None
    text = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else ""
    if not text.isascii() or not text.isdigit():
        raise MalformedPayloadError(f"{ERROR_PREFIX}getVilageFcst {key} is not a count")
    return int(text)


def fetch_pages(fetch_page: Callable[[int], Document]) -> list[Document]:
    """Every item of one issuance: page 1, then as many more as ``totalCount`` needs."""
    first = fetch_page(1)
    rows = list(items_of(first))
    if not rows:
        raise NoDataError(f"{ERROR_PREFIX}getVilageFcst answered without items")
    total, per_page = _count(first, "totalCount"), _count(first, "numOfRows")
    pages = math.ceil(total / per_page) if per_page else 1
    if pages > MAX_PAGES:
        raise MalformedPayloadError(f"{ERROR_PREFIX}getVilageFcst announces {pages} pages")
    for page in range(2, pages + 1):
        more = items_of(fetch_page(page))
        if not more:
            raise MalformedPayloadError(f"{ERROR_PREFIX}getVilageFcst page {page} of "
                                        f"{pages} is empty")
        rows.extend(more)
    return rows


@dataclass
class _Day:
    values: dict[str, float | None]
    pop: dict[int, int]
    codes: dict[tuple[str, int], int | None]


def _condition(day: _Day, hour: int) -> str | None:
    condition = condition_for(day.codes.get(("PTY", hour)), day.codes.get(("SKY", hour)),
                              FORECAST_CONDITIONS)
    return None if condition is Condition.UNKNOWN else condition.value


def parse_vilage_fcst(rows: list[Document]) -> tuple[datetime, dict[date, DayForecast]]:
    """The issuance time and, per forecast date, the values the ticker reads of it."""
    if not rows:
        raise NoDataError(f"{ERROR_PREFIX}getVilageFcst answered without items")
    bases = {moment_of(row, "baseDate", "baseTime") for row in rows}
    if len(bases) != 1:
        raise MalformedPayloadError(f"{ERROR_PREFIX}getVilageFcst mixes base times")
    issued_at = bases.pop()
    days: dict[date, _Day] = {}
    for row in rows:
        category = row.get("category")
        if not isinstance(category, str) or category not in READ:
            continue  # TMP, PCP, SNO, … are not read: a fault there costs nothing
        moment = moment_of(row, "fcstDate", "fcstTime")
        day = days.setdefault(moment.date(), _Day({}, {}, {}))
        raw = row.get("fcstValue")
        if category in ("TMN", "TMX"):
            day.values[category] = value_of(category, raw)
        elif category == "POP":
            pop = code_value(category, raw)
            if pop is not None and not 0 <= pop <= 100:
                raise MalformedPayloadError(f"{ERROR_PREFIX}POP is not a percentage: {pop}")
            if pop is not None:
                day.pop[moment.hour] = pop
        elif moment.hour in (AM_HOUR, PM_HOUR):
            day.codes[(category, moment.hour)] = code_value(category, raw)
    return issued_at, {
        moment_date: DayForecast(
            min_c=day.values.get("TMN"),
            min_issued_at=issued_at if day.values.get("TMN") is not None else None,
            max_c=day.values.get("TMX"),
            max_issued_at=issued_at if day.values.get("TMX") is not None else None,
            pop_pct=day.pop, am=_condition(day, AM_HOUR), pm=_condition(day, PM_HOUR),
            hours_issued_at=issued_at if day.pop or day.codes else None)
        for moment_date, day in sorted(days.items())}
