"""Recorded warnings payloads (CP949, as the API Hub sends them) and a fake KMA answering both
warnings endpoints from them.

The cases recording is an answer at ``CASES_MOMENT`` (2026-07-29 12:00 KST, said on its second
line); ``live_warnings`` moves its times so that moment is now, for processes that judge the
rows by the wall clock.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from support.fakekma import FakeKma, Handler, Reply, Request
from support.payloads import fixture_bytes
from ticker.core.kst import KST
from ticker.upstream.apihub.client import BODY_ENCODING
from ticker.upstream.apihub.warnings import WRN_NOW_PATH, WRN_ZONES_PATH

WRN_CASES = "wrn_now_data_cases.constructed.txt"
WRN_EMPTY = "wrn_now_data_empty.constructed.txt"
# The real rows NOTES §8.1 quotes, unframed as the source printed them.
WRN_SEOUL_REAL = "wrn_now_data_20260729_1200.real-excerpt.txt"
ZONES_CASES = "wrn_reg_aws2_cases.constructed.txt"

# The moment the cases recording describes: every test of it judges the rows at this time.
CASES_MOMENT = datetime(2026, 7, 29, 12, 0, tzinfo=KST)

_TIME = re.compile(r"\b\d{12}\b")


def fixture_cp949(name: str) -> str:
    """A recorded CP949 payload, decoded as the client decodes live bodies."""
    return fixture_bytes(name).decode(BODY_ENCODING)


def framed(rows: list[str]) -> str:
    """Data rows inside the ``#START7777`` … ``#7777END`` frame."""
    return "\n".join(["#START7777", *rows, "#7777END"]) + "\n"


def data_rows(name: str) -> list[str]:
    """The data (non-#) lines of a recorded warnings or zone payload."""
    return [line for line in fixture_cp949(name).splitlines()
            if line.strip() and not line.startswith("#")]


def shifted(text: str, by: timedelta) -> str:
    """A warnings body with every TM_FC and TM_EF moved by ``by`` (comments too)."""
    def move(match: re.Match[str]) -> str:
        moment = datetime.strptime(match.group(), "%Y%m%d%H%M") + by
        return moment.strftime("%Y%m%d%H%M")

    return _TIME.sub(move, text)


def live_warnings(name: str = WRN_CASES) -> Handler:
    """A handler answering the cases recording with its moment moved to the current minute."""
    text = fixture_cp949(name)

    def handler(request: Request) -> Reply:
        now = datetime.now(KST).replace(second=0, microsecond=0)
        return Reply(body=shifted(text, now - CASES_MOMENT).encode(BODY_ENCODING))

    return handler


def route_warnings(fake: FakeKma, warnings: Handler | Reply | str | None = WRN_CASES,
                   zones: Handler | Reply | str | None = ZONES_CASES) -> None:
    """Answer both warnings endpoints: a fixture name replays that recording as sent; a Reply
    or handler answers as given; None leaves the endpoint unrouted (404)."""
    for path, answer in ((WRN_NOW_PATH, warnings), (WRN_ZONES_PATH, zones)):
        if answer is None:
            continue
        fake.route(path, Reply(body=fixture_bytes(answer)) if isinstance(answer, str) else answer)
