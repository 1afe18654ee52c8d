"""No answer is a 5xx because of data: any reading, finite, huge, NaN, infinite or out of
range, goes through the real parser, the refresh's merge, the file store's write, a load by
another reader and every GET route of the table, and every answer is below 500."""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.datagokr_payloads import document, fcst_items, json_reply, ncst_items
from support.fakekma import FakeKma, FakeKmaServer, Reply, Request
from support.payloads import SFCTM2_16, fixture_text, with_field
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.app.server.metrics import Metrics, render
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.sources.asos import AsosSource
from ticker.sources.base import Source
from ticker.sources.vilage import VilageSource
from ticker.state.store import FileStore
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH, DataGoKrClient
from ticker.upstream.transport import Timeouts
from ticker.web.context import WebContext
from ticker.web.routes import ROUTES
from ticker.web.site import create_app

# The concrete requests for each route of the table, with the parameters that draw the held
# values: the feels-like, today's low and high and the 24-hour sparkline.
REQUESTS: dict[str, tuple[str, ...]] = {
    "/v1/weather": ("/v1/weather", "/v1/weather?lang=en", "/v1/weather?cities=seoul,busan"),
    "/v1/weather/{city_id}": ("/v1/weather/seoul", "/v1/weather/seoul?lang=en"),
    "/v1/weather/{city_id}/history": ("/v1/weather/seoul/history",
                                      "/v1/weather/seoul/history?lang=en"),
    "/v1/warnings": ("/v1/warnings", "/v1/warnings?lang=en"),
    "/v1/stations": ("/v1/stations",),
    "/v1/sets": ("/v1/sets",),
    "/widget": ("/widget", "/widget?show=trend", "/widget?show=feels,minmax,trend&lang=en",
                "/widget?cities=seoul&show=minmax"),
    "/embed.js": ("/embed.js",),
    "/openapi.json": ("/openapi.json",),
    "/robots.txt": ("/robots.txt",),
    "/": ("/", "/?show=trend"),
    "/healthz": ("/healthz",),
    "/readyz": ("/readyz",),
    "/metrics": ("/metrics",),
}

# A winter hour (wind chill) and a summer one (the humidity formula), as the fixtures' TM.
HOURS = (datetime(2025, 12, 4, 9, tzinfo=KST), datetime(2025, 8, 18, 15, tzinfo=KST))
RECORDED_TM = "202512040900"
LIMITS = Timeouts(connect=1.0, read=1.0, total=3.0)

VALUES = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-200, max_value=200),
    st.sampled_from([120.5, -60.1, 60.1, -89.9, 101.0, -3.0, 75.1, 1e300, -1e300]))


def token(value: float) -> str:
    """A value as a text field: one decimal when finite (``1e300`` as its 301 digits)."""
    return f"{value:.1f}" if math.isfinite(value) else repr(value)


def answers(runs: Sequence[tuple[Source, datetime]], directory: Path) -> list[int]:
    """Refresh once per (source, moment), then load in another reader and answer every
    request at the last moment."""
    writer = FileStore(directory)
    for source, moment in runs:
        Refresher(source, writer, CITIES, lambda m=moment: m).run()
    assert writer.get() is not None  # the good first run at least was stored
    reader = FileStore(directory)
    now = runs[-1][1] + timedelta(minutes=5)
    ctx = WebContext(store=reader, cities=CITIES, freshness=Freshness(), clock=lambda: now,
                     metrics=lambda: render(Metrics(), reader, None, lambda: now))
    client = create_app(ctx).test_client()
    return [client.get(path).status_code for paths in REQUESTS.values() for path in paths]


def test_every_route_of_the_table_is_asked() -> None:
    assert set(REQUESTS) == {route.path for route in ROUTES}


def asos_text(hour: datetime, seoul: dict[str, str] | None) -> str:
    """The 16-station recording at ``hour``, with Seoul's fields replaced by ``seoul``."""
    lines = fixture_text(SFCTM2_16).replace(RECORDED_TM, f"{hour:%Y%m%d%H%M}").splitlines()
    for index, line in enumerate(lines):
        if seoul and not line.startswith("#") and line.split()[1] == "108":
            for column, value in seoul.items():
                line = with_field(line, column, value)
            lines[index] = line
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None)
@given(base=st.sampled_from(HOURS), ta=VALUES, hm=VALUES, ws=VALUES,
       twice=st.booleans())
def test_any_asos_reading_answers_below_500(base: datetime, ta: float, hm: float, ws: float,
                                            twice: bool) -> None:
    # The good hour before is recent enough that a rejected bad hour leaves /readyz ready.
    good = base - timedelta(hours=1)
    bad = {"TA": token(ta), "HM": token(hm), "WS": token(ws)}

    def fetch_text(stations: Sequence[int], hour: datetime) -> str:
        return asos_text(hour, bad if hour == base else None)

    # Twice: the bad hour is followed by a good one, as when the upstream is healthy again.
    hours = [good, base, base + timedelta(hours=1)] if twice else [good, base]
    source = AsosSource(fetch_text=fetch_text)
    with tempfile.TemporaryDirectory() as directory:
        statuses = answers([(source, hour + timedelta(minutes=50)) for hour in hours],
                           Path(directory))
    assert max(statuses) < 500, statuses


class Portal:
    """A fake data.go.kr answering every cell with the values the current example sets."""

    def __init__(self, fake: FakeKma) -> None:
        self.fake = fake
        self.values: dict[str, object] = {}
        fake.route(NCST_PATH, self.ncst)
        fake.route(FCST_PATH, lambda request: json_reply(document(
            fcst_items(self.base(request), 60, 127, {"SKY": "1", "PTY": "0"}))))

    @staticmethod
    def base(request: Request) -> datetime:
        return datetime.strptime(request.query["base_date"] + request.query["base_time"],
                                 "%Y%m%d%H%M").replace(tzinfo=KST)

    def ncst(self, request: Request) -> Reply:
        items = ncst_items(self.base(request), int(request.query["nx"]),
                           int(request.query["ny"]), {"PTY": "0", **self.values})
        # json.dumps writes NaN and Infinity as the bare words Python's json reads back.
        return json_reply(document(items))


@pytest.fixture(scope="module")
def portal() -> Iterator[Portal]:
    with FakeKmaServer() as fake:
        yield Portal(fake)


NCST_VALUES = st.one_of(VALUES.map(token), VALUES)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(HOURS), t1h=NCST_VALUES, reh=NCST_VALUES, wsd=NCST_VALUES)
def test_any_datagokr_reading_answers_below_500(portal: Portal, base: datetime,
                                                t1h: object, reh: object, wsd: object) -> None:
    good, bad = {"T1H": "1.0", "REH": "50", "WSD": "2"}, {"T1H": t1h, "REH": reh, "WSD": wsd}
    # Each run asks the portal afresh (a source keeps an issuance's answers).
    client = DataGoKrClient(requests.Session(), portal.fake.url, "property-key", LIMITS)
    first, second = VilageSource(client), VilageSource(client)
    portal.values = good
    first_moment = base - timedelta(hours=1) + timedelta(minutes=50)
    with tempfile.TemporaryDirectory() as directory:
        # The good run first, so a snapshot exists whatever the example does.
        Refresher(first, FileStore(Path(directory)), CITIES, lambda: first_moment).run()
        portal.values = bad
        statuses = answers([(second, base + timedelta(minutes=50))], Path(directory))
    assert max(statuses) < 500, statuses


def test_the_portal_payload_may_carry_nan() -> None:
    # What the fake sends for a NaN: the property test relies on it reaching the parser.
    assert b"NaN" in json_reply({"v": float("nan")}).body
    assert math.isnan(json.loads(json_reply({"v": float("nan")}).body)["v"])
