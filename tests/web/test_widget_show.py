"""show=: feels-like, today's low and high, the forecast and the sparkline in the view and on
the page; the page without show= unchanged; CSP, size budget and OpenAPI."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.day_history import (
    NOW,
    STRIP,
    day_snapshot,
)
from support.stations import CITIES
from support.widget_pages import (
    SHOW_BUDGET_BYTES,
    SHOW_BUDGET_GZIP_BYTES,
    STRIP_QUERY,
    client_for,
    full_day_everywhere,
    items_html,
)

from ticker.core.documents import history_document, weather_document
from ticker.core.freshness import Freshness
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.sparkline import sparkline
from ticker.web.widget.view import WidgetView, scroll_seconds, widget_view

ALL = ("feels", "minmax", "trend")


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return client_for(day_snapshot(), tmp_path)


def view(show: tuple[str, ...], lang: str = "ko") -> WidgetView:
    snapshot = day_snapshot()
    document = weather_document(snapshot, STRIP, lang, NOW, Freshness())
    history = {c.id: history_document(snapshot, c, lang, NOW).hours for c in STRIP}
    return widget_view(document, WidgetOptions(cities=STRIP, lang=lang, show=show), history, NOW)


def test_without_show_the_items_carry_no_extras() -> None:
    plain = view(())
    assert plain.show == ()
    assert all((i.feels, i.today, i.trend) == (None, None, None) for i in plain.items)


def test_each_extra_in_korean_and_english() -> None:
    seoul, busan, jeju, gangneung = view(ALL).items
    # KMA's wind chill at −9.0 ℃ in 5 m/s (18 km/h).
    assert (seoul.temperature, seoul.feels, seoul.today) == ("-9.0℃", "체감 -16.2℃",
                                                             "최저 -14.6 / 최고 -9.0")
    # The same hours as /v1/weather/seoul/history.
    assert seoul.trend == sparkline(history_document(day_snapshot(), STRIP[0], "ko", NOW).hours,
                                    "서울", "ko", NOW)
    # Feels-like that reads as the temperature (11.0℃ both) says nothing new: left out.
    assert (gangneung.temperature, gangneung.feels, gangneung.today) == (
        "11.0℃", "", "최저 11.0 / 최고 11.0")
    assert busan.trend is not None
    # Nothing held: asked for, but empty (the page hides it; a poll may fill it).
    assert (jeju.temperature, jeju.feels, jeju.today, jeju.trend) == ("—", "", "", None)
    english = view(ALL, "en").items[0]
    assert (english.name, english.feels, english.today) == ("Seoul", "feels -16.2℃",
                                                            "low -14.6 / high -9.0")
    assert english.trend is not None and english.trend.label.startswith("Seoul, ")


def test_only_the_extras_asked_for() -> None:
    seoul = view(("minmax",)).items[0]
    assert (seoul.feels, seoul.today, seoul.trend) == (None, "최저 -14.6 / 최고 -9.0", None)


def test_extras_lengthen_the_scroll_time_estimate() -> None:
    many = tuple(CITIES[:12])
    snapshot = day_snapshot()
    document = weather_document(snapshot, many, "ko", NOW, Freshness())

    def seconds(show: tuple[str, ...]) -> float:
        options = WidgetOptions(cities=many, show=show)
        return scroll_seconds(widget_view(document, options).items, 3.0)

    assert seconds(()) < seconds(("feels",)) < seconds(("feels", "minmax"))


def test_the_page_shows_the_extras_after_the_temperature(client: FlaskClient) -> None:
    response = client.get(f"/widget?{STRIP_QUERY}&show=trend,feels,minmax")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    seoul, _, jeju, _ = items_html(html, 0)
    assert re.search(r'<span class="t">-9\.0℃</span> <span class="f">체감 -16\.2℃</span> '
                     r'<span class="r">최저 -14\.6 / 최고 -9\.0</span>'
                     r'<svg class="g" viewBox="0 0 46 14" '
                     r'role="img" aria-label="서울 최근 24시간 기온\(℃\), 10시부터 1시간마다: '
                     r'-4\.1, [^"]*, -9\.0"><path id="g-seoul" d="M0 [^"]+"/></svg></li>', seoul)
    assert '<span class="f" hidden></span> <span class="r" hidden></span></li>' in jeju
    assert "<svg" not in jeju
    # The loop's hidden copy draws the same path, not a second one.
    assert '<use href="#g-seoul"/></svg>' in items_html(html, 1)[0]
    assert html.count('id="g-seoul"') == 1
    assert 'data-show="feels,minmax,trend" data-updated="2025-12-01T09:30:00+09:00"' in html


def test_a_page_without_show_is_unchanged_by_it(client: FlaskClient) -> None:
    plain = client.get(f"/widget?{STRIP_QUERY}").get_data(as_text=True)
    assert client.get(f"/widget?{STRIP_QUERY}&show=").get_data(as_text=True) == plain
    for marker in ('class="f"', 'class="r"', "<svg", "data-show", "data-updated", "fetch ="):
        assert marker not in plain


def test_every_inline_block_of_a_show_page_is_allowed_by_hash(client: FlaskClient) -> None:
    response = client.get(f"/widget?{STRIP_QUERY}&show=feels,minmax,trend")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    blocks = re.findall(r"<(script|style)\b([^>]*)>(.*?)</\1>", response.get_data(as_text=True),
                        re.S)
    assert [kind for kind, _, _ in blocks] == ["style", "style", "style", "script", "script"]
    for kind, attributes, content in blocks:
        assert attributes == ""
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        allowed = re.search(rf"{kind}-src ([^;]+)", csp)
        assert allowed is not None
        assert f"'sha256-{digest}'" in allowed.group(1).split()


@pytest.mark.parametrize("query", ["show=wind", "show=feels,feels", "show=%3Cscript%3E",
                                   "show=feels&show=trend"])
def test_a_bad_show_is_a_400_naming_it(client: FlaskClient, query: str) -> None:
    response = client.get(f"/widget?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "parameter &#39;show&#39;" in body
    assert "wind" not in body and "<script" not in body


@pytest.mark.parametrize("query", ["show=feels,minmax,trend",
                                   "show=feels,minmax,trend&lang=en&theme=dark&size=xl"])
def test_the_biggest_show_page_fits_its_budget(tmp_path: Path, query: str) -> None:
    client = client_for(full_day_everywhere(), tmp_path)
    response = client.get(f"/widget?{query}")
    html = response.get_data(as_text=True)
    assert html.count("<path ") == len(CITIES)
    assert len(response.get_data()) < SHOW_BUDGET_BYTES
    gzipped = client.get(f"/widget?{query}", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert len(gzipped.get_data()) < SHOW_BUDGET_GZIP_BYTES
    # Still self-contained: no request leaves the page but its own polls.
    assert not re.search(r"<(img|link|iframe)\b|(?<![-\w])src=|@import|url\(", html)


def test_openapi_documents_show_for_the_widget(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    params = {p["name"]: p for p in document["paths"]["/widget"]["get"]["parameters"]}
    assert {"set", "show"} <= set(params)
    pattern = re.compile(params["show"]["schema"]["pattern"])
    assert pattern.match("feels,minmax,trend") and pattern.match("trend") and pattern.match("")
    assert not pattern.match("wind") and not pattern.match("feels,")
    assert not pattern.match("feels, trend")


def test_sample_data_shows_its_feels_like(tmp_path: Path) -> None:
    from ticker.app.refresh.refresher import Refresher
    from ticker.sources.asos import sample_source

    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW)
    html = create_app(ctx).test_client().get("/widget?cities=seoul&show=feels,trend") \
        .get_data(as_text=True)
    assert '<span class="t">3.8℃</span> <span class="f">체감 1.8℃</span>' in html
    # The recording's one hour, drawn at its own hour.
    assert 'aria-label="서울 최근 24시간 기온(℃), 09시부터 1시간마다: 3.8"' in html


def test_air_takes_its_place_among_the_extras(client: FlaskClient) -> None:
    html = client.get(f"/widget?{STRIP_QUERY}&show=trend,air,feels").get_data(as_text=True)
    assert 'data-show="feels,air,trend"' in html
    # This day holds no fine dust: the grade is asked for but hidden, before the sparkline.
    seoul = items_html(html, 0)[0]
    assert '<span class="p" hidden> <span class="pg pg-"></span></span><svg class="g"' in seoul
