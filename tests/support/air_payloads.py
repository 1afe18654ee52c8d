"""AirKorea payloads: recorded (constructed) answers and a paging fake of both operations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from support.datagokr_payloads import fixture_json, json_reply
from support.fakekma import FakeKma, Reply, Request
from ticker.upstream.datagokr.airkorea import STATIONS_PATH, VALUES_PATH

VALUES_CASES = "getCtprvnRltmMesureDnsty_20260520_2400_cases.constructed.json"
STATIONS_CASES = "getMsrstnList_cases.constructed.json"
REFUSED_05 = "airkorea_servicetime_out_05.constructed.json"
# Pages asking more rows than this are refused with 05, as AirKorea does now and then.
BIG_PAGE = 500


def envelope(items: list[dict[str, Any]], total: int | None = None, page: int = 1,
             rows: int = 100) -> dict[str, Any]:
    """A resultCode 00 AirKorea answer: ``body.items`` is the list itself."""
    return {"response": {
        "header": {"resultCode": "00", "resultMsg": "NORMAL_CODE"},
        "body": {"totalCount": len(items) if total is None else total, "items": items,
                 "pageNo": page, "numOfRows": rows}}}


def value_row(name: str, sido: str, pm10: str = "30", pm25: str = "15", *,
              time: str = "2026-05-20 14:00", grade10: str = "1", grade25: str = "1",
              grade10_1h: str | None = None, grade25_1h: str | None = None,
              flag10: str | None = None, flag25: str | None = None) -> dict[str, Any]:
    """One values row as AirKorea sends it (the 1-hour grades default to the 24-hour ones)."""
    return {"stationName": name, "sidoName": sido, "dataTime": time, "mangName": "도시대기",
            "pm10Value": pm10, "pm25Value": pm25, "pm10Value24": pm10, "pm25Value24": pm25,
            "pm10Grade": grade10, "pm25Grade": grade25,
            "pm10Grade1h": grade10 if grade10_1h is None else grade10_1h,
            "pm25Grade1h": grade25 if grade25_1h is None else grade25_1h,
            "pm10Flag": flag10, "pm25Flag": flag25, "khaiValue": "50", "khaiGrade": "1"}


def station_row(name: str, addr: str, dm_x: float, dm_y: float) -> dict[str, Any]:
    """One station-list row (dmX, dmY as strings, in whichever order the test gives)."""
    return {"stationName": name, "addr": addr, "dmX": str(dm_x), "dmY": str(dm_y),
            "mangName": "도시대기", "item": "SO2, CO, O3, NO2, PM10, PM2.5", "year": "2010"}


@dataclass
class AirKoreaPages:
    """Serves ``rows`` page by page as AirKorea does: ``numOfRows`` and ``pageNo`` honoured,
    a page over ``BIG_PAGE`` rows refused with 05, and the pages in ``refuse`` refused once
    each (``fail`` pages always answer ``failure``)."""

    rows: list[dict[str, Any]]
    refuse: set[int] = field(default_factory=set)
    fail: set[int] = field(default_factory=set)
    failure: Reply | None = None

    def __call__(self, request: Request) -> Reply:
        size, page = int(request.query["numOfRows"]), int(request.query["pageNo"])
        if page in self.fail and self.failure is not None:
            return self.failure
        if size > BIG_PAGE or page in self.refuse:
            self.refuse.discard(page)
            return json_reply(fixture_json(REFUSED_05))
        start = (page - 1) * size
        return json_reply(envelope(self.rows[start:start + size], len(self.rows), page, size))


def route_airkorea(fake: FakeKma, values: AirKoreaPages, stations: AirKoreaPages) -> None:
    """Both operations on ``fake``."""
    fake.route(VALUES_PATH, values)
    fake.route(STATIONS_PATH, stations)

