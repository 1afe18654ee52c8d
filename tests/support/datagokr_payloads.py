"""Recorded data.go.kr payloads and builders for answers the fake server makes up per request."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from support.fakekma import FakeKma, Handler, Reply, Request
from support.payloads import fixture_bytes, fixture_text
from ticker.core.kst import KST
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH

NCST_CONSTRUCTED = "getUltraSrtNcst_60_127_20251204_0900.constructed.json"
NCST_REAL = "getUltraSrtNcst_60_127_20260122_1100.real.json"
FCST_CONSTRUCTED = "getUltraSrtFcst_60_127_20251204_0830.constructed.json"
FCST_REAL_PAGE = "getUltraSrtFcst_61_126_20230630_0630_page1of2.real.json"
AUTH_XML_200 = "datagokr_auth_error_classic_http200.real.xml"
AUTH_XML_403 = "datagokr_auth_error_http403.real.xml"
AUTH_JSON_403 = "datagokr_auth_error_http403.real.json"
QUOTA_XML = "datagokr_quota_exceeded.real.xml"
NO_DATA_JSON = "datagokr_no_data.real.json"
TOO_OLD_JSON = "vilagefcst_too_old.real.json"

JSON_TYPE = "application/json;charset=UTF-8"
XML_TYPE = "text/xml;charset=UTF-8"


def fixture_json(name: str) -> dict[str, Any]:
    """A recorded JSON payload, parsed."""
    return json.loads(fixture_text(name))


def document(items: object) -> dict[str, Any]:
    """A resultCode 00 document around ``items`` (a list, one object, or "")."""
    count = len(items) if isinstance(items, list) else int(bool(items))
    return {"response": {
        "header": {"resultCode": "00", "resultMsg": "NORMAL_SERVICE"},
        "body": {"dataType": "JSON", "items": items if items == "" else {"item": items},
                 "pageNo": 1, "numOfRows": 1000, "totalCount": count}}}


def json_reply(payload: object, status: int = 200) -> Reply:
    """A JSON reply as the service sends it."""
    return Reply(status=status, body=json.dumps(payload, ensure_ascii=False).encode(),
                 content_type=JSON_TYPE)


def recorded_reply(name: str, status: int = 200) -> Reply:
    """A recorded payload replayed with the content type its format implies."""
    kind = XML_TYPE if name.endswith(".xml") else JSON_TYPE
    return Reply(status=status, body=fixture_bytes(name), content_type=kind)


@dataclass(frozen=True)
class Cell:
    """The values one grid cell reports: Ncst T1H and PTY, Fcst SKY (strings, as sent)."""

    t1h: str
    pty: str
    sky: str


def _asked(request: Request) -> tuple[datetime, int, int]:
    base = datetime.strptime(request.query["base_date"] + request.query["base_time"],
                             "%Y%m%d%H%M").replace(tzinfo=KST)
    return base, int(request.query["nx"]), int(request.query["ny"])


def ncst_items(base: datetime, nx: int, ny: int, values: dict[str, str]) -> list[dict[str, Any]]:
    """Ncst items for one cell at ``base``, one per category."""
    return [{"baseDate": f"{base:%Y%m%d}", "baseTime": f"{base:%H%M}", "category": category,
             "nx": nx, "ny": ny, "obsrValue": value} for category, value in values.items()]


def fcst_items(base: datetime, nx: int, ny: int, values: dict[str, str],
               hours: int = 6) -> list[dict[str, Any]]:
    """Fcst items for one cell at ``base``: every category for each of the next ``hours``."""
    first = base.replace(minute=0) + timedelta(hours=1)
    return [{"baseDate": f"{base:%Y%m%d}", "baseTime": f"{base:%H%M}", "category": category,
             "fcstDate": f"{first + timedelta(hours=h):%Y%m%d}",
             "fcstTime": f"{first + timedelta(hours=h):%H%M}",
             "fcstValue": value, "nx": nx, "ny": ny}
            for category, value in values.items() for h in range(hours)]


def ncst_handler(cells: dict[tuple[int, int], Cell]) -> Handler:
    """Answers getUltraSrtNcst for the asked base and cell; 03 NO_DATA for unknown cells."""

    def handler(request: Request) -> Reply:
        base, nx, ny = _asked(request)
        cell = cells.get((nx, ny))
        if cell is None:
            return recorded_reply(NO_DATA_JSON)
        values = {"PTY": cell.pty, "REH": "46", "RN1": "0", "T1H": cell.t1h, "WSD": "2"}
        return json_reply(document(ncst_items(base, nx, ny, values)))

    return handler


def fcst_handler(cells: dict[tuple[int, int], Cell]) -> Handler:
    """Answers getUltraSrtFcst for the asked base and cell; 03 NO_DATA for unknown cells."""

    def handler(request: Request) -> Reply:
        base, nx, ny = _asked(request)
        cell = cells.get((nx, ny))
        if cell is None:
            return recorded_reply(NO_DATA_JSON)
        values = {"LGT": "0", "PTY": cell.pty, "SKY": cell.sky, "T1H": cell.t1h}
        return json_reply(document(fcst_items(base, nx, ny, values)))

    return handler


def serve_cells(fake: FakeKma, cells: dict[tuple[int, int], Cell]) -> None:
    """Script both operations to answer from ``cells``."""
    fake.route(NCST_PATH, ncst_handler(cells))
    fake.route(FCST_PATH, fcst_handler(cells))
