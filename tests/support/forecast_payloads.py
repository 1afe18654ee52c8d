"""getVilageFcst answers made up per request, as KMA issues them (docs/kma.md, "Short-term
forecast (getVilageFcst)"): 02, 05, … 23 h; hourly rows from the hour after the issuance;
a day's TMN only in issuances up to 02:00 of that day, its TMX only in issuances before 15:00;
each issuance revises the values a little, so "from the latest issuance carrying it" shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from support.datagokr_payloads import JSON_TYPE, fixture_json, json_reply
from support.fakekma import Reply, Request
from ticker.core.kst import KST
from ticker.upstream.datagokr.client import VILAGE_FCST_PATH

# The categories a real answer has per hour, in the order it sends them (TMN/TMX besides).
HOURLY = ("TMP", "UUU", "VVV", "VEC", "WSD", "SKY", "PTY", "POP", "WAV", "PCP", "REH", "SNO")
SKIES = (1, 3, 4)
NO_DATA = "datagokr_no_data.real.json"


def revision(base: datetime) -> float:
    """How much an issuance revises every value: a tenth per issuance of its day."""
    return round(base.hour / 3 * 0.1, 1)


def low_of(nx: int, ny: int, day: date, base: datetime) -> float:
    """The TMN the issuance of ``base`` forecasts for ``day``."""
    return round(-10.0 - nx % 5 - day.day % 3 + revision(base), 1)


def high_of(nx: int, ny: int, day: date, base: datetime) -> float:
    """The TMX the issuance of ``base`` forecasts for ``day``."""
    return round(low_of(nx, ny, day, base) + 7.5 + ny % 4, 1)


def pop_of(nx: int, ny: int, moment: datetime) -> int:
    """The POP of one forecast hour (every issuance agrees on it)."""
    return (nx + ny + moment.hour * 7 + moment.day) % 11 * 10


def pty_of(nx: int, ny: int, moment: datetime) -> int:
    """PTY 0–4 of one forecast hour."""
    return (nx + moment.hour + moment.day) % 5


def sky_of(nx: int, ny: int, moment: datetime) -> int:
    """SKY 1/3/4 of one forecast hour."""
    return SKIES[(ny + moment.hour + moment.day) % 3]


def carries_low(base: datetime, day: date) -> bool:
    """Whether an issuance carries ``day``'s TMN: only up to 02:00 of that day."""
    return base <= datetime(day.year, day.month, day.day, 2, tzinfo=KST)


def carries_high(base: datetime, day: date) -> bool:
    """Whether an issuance carries ``day``'s TMX: only before 15:00 of that day."""
    return base < datetime(day.year, day.month, day.day, 15, tzinfo=KST)


def _row(nx: int, ny: int, base: datetime, category: str, moment: datetime, value: str
         ) -> dict[str, object]:
    return {"baseDate": f"{base:%Y%m%d}", "baseTime": f"{base:%H%M}", "category": category,
            "fcstDate": f"{moment:%Y%m%d}", "fcstTime": f"{moment:%H%M}", "fcstValue": value,
            "nx": nx, "ny": ny}


def issuance_items(nx: int, ny: int, base: datetime, days: int = 4) -> list[dict[str, object]]:
    """Every row of one issuance for one cell, hour by hour to the end of its ``days``th day."""
    rows = []
    moment = base + timedelta(hours=1)
    end = datetime.combine(base.date() + timedelta(days=days), datetime.min.time(), tzinfo=KST)
    while moment < end:
        values = {"TMP": "0", "UUU": "1.2", "VVV": "-0.4", "VEC": "290", "WSD": "1.3",
                  "SKY": str(sky_of(nx, ny, moment)), "PTY": str(pty_of(nx, ny, moment)),
                  "POP": str(pop_of(nx, ny, moment)), "WAV": "0", "PCP": "강수없음",
                  "REH": "60", "SNO": "적설없음"}
        rows.extend(_row(nx, ny, base, category, moment, values[category])
                    for category in HOURLY)
        day = moment.date()
        if moment.hour == 6 and carries_low(base, day):
            rows.append(_row(nx, ny, base, "TMN", moment, f"{low_of(nx, ny, day, base):.1f}"))
        if moment.hour == 15 and carries_high(base, day):
            rows.append(_row(nx, ny, base, "TMX", moment, f"{high_of(nx, ny, day, base):.1f}"))
        moment += timedelta(hours=1)
    return rows


def page_document(items: list[dict[str, object]], page: int, per_page: int = 1000
                  ) -> dict[str, object]:
    """One page of a resultCode 00 answer, with the whole answer's totalCount."""
    chunk = items[(page - 1) * per_page:page * per_page]
    return {"response": {
        "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
        "body": {"dataType": "JSON", "items": {"item": chunk}, "pageNo": page,
                 "numOfRows": per_page, "totalCount": len(items)}}}


def base_of(request: Request) -> datetime:
    """The issuance a request asks for."""
    return datetime.strptime(request.query["base_date"] + request.query["base_time"],
                             "%Y%m%d%H%M").replace(tzinfo=KST)


@dataclass
class VilageUpstream:
    """A getVilageFcst route: answers every issuance up to ``published``, 03 NO_DATA after
    it; ``faults`` answers some (nx, ny, base, page) with a reply of the test's choosing."""

    published: datetime
    faults: dict[tuple[int, int, datetime, int], Reply] = field(default_factory=dict)

    def __call__(self, request: Request) -> Reply:
        """The reply to one request."""
        nx, ny = int(request.query["nx"]), int(request.query["ny"])
        base, page = base_of(request), int(request.query["pageNo"])
        fault = self.faults.get((nx, ny, base, page))
        if fault is not None:
            return fault
        if base > self.published or base.hour % 3 != 2:
            return json_reply(fixture_json(NO_DATA))
        return json_reply(page_document(issuance_items(nx, ny, base), page,
                                        int(request.query["numOfRows"])))


def requested(requests: list[Request]) -> list[tuple[str, str, str]]:
    """(cell, base time, page) of each getVilageFcst request, in order."""
    return [(f"{r.query['nx']},{r.query['ny']}", r.query["base_time"], r.query["pageNo"])
            for r in requests if r.path == VILAGE_FCST_PATH]


def malformed_value_reply(nx: int, ny: int, base: datetime) -> Reply:
    """Page 1 of an issuance whose first TMN reads as text, not a number."""
    items = issuance_items(nx, ny, base)
    for item in items:
        if item["category"] == "TMN":
            item["fcstValue"] = "-12.0도"
            break
    return Reply(body=json.dumps(page_document(items, 1)).encode(), content_type=JSON_TYPE)
