"""show= in headless Chromium: every extra on one line at every width, values kept current from
the polls (fine dust's grade and AirKorea's credit among them), sparklines redrawn in place on
a new snapshot, embed.js's data-set and data-show, axe-core.

A cold day (tests/support/day_history.py) is served by the real app in a thread with an injected
clock, so a test can move time and write the next snapshot; embed.js runs against ``ticker serve``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.air_snapshots import with_air
from support.browser import (
    ARTIFACTS,
    HostSite,
    Tab,
    ThreadedApp,
    axe_violations,
    frame_of,
    items,
    sizes_page,
    start_ticker,
)
from support.clock import Clock
from support.contrast import contrast
from support.day_history import (
    NOW,
    SEOUL,
    STRIP,
    day_snapshot,
    with_day_forecast,
)
from support.service import TickerProcess
from support.stations import CITIES
from support.widget_pages import ONE_LINE, STRIP_QUERY

from ticker.core.documents import history_document, weather_document
from ticker.core.freshness import Freshness
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES
from ticker.web.widget.sparkline import sparkline
from ticker.web.widget.view import feels_text, today_text

pytest_plugins = ["support.browser_fixtures"]

ALL = "show=feels,minmax,air,forecast,trend"


@pytest.fixture
def day_app(tmp_path: Path) -> Iterator[tuple[ThreadedApp, FileStore, Clock]]:
    store = FileStore(tmp_path)
    store.put(with_air(with_day_forecast(day_snapshot())))
    clock = Clock(NOW)
    server = ThreadedApp(create_app(WebContext(store=store, cities=CITIES,
                                               freshness=Freshness(), clock=clock)))
    yield server, store, clock
    server.close()


def all_sizes_page(host: HostSite, url: str, lang: str, name: str) -> str:
    return sizes_page(host, url, f"{STRIP_QUERY}&{ALL}&lang={lang}", name)


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_extra_stays_on_the_one_line_of_each_size(
        tab: Tab, host: HostSite, day_app: tuple[ThreadedApp, FileStore, Clock],
        width: int, lang: str, motion: str) -> None:
    server, _, _ = day_app
    tab.page.emulate_media(reduced_motion=motion)
    tab.page.set_viewport_size({"width": width, "height": 400})
    tab.page.goto(all_sizes_page(host, server.url, lang, f"sizes-{width}-{lang}-{motion}"))
    for size in SIZES:
        frame = frame_of(tab, f"#{size}")
        layout = frame.evaluate(ONE_LINE)
        assert layout["height"] == HEIGHTS[size]
        assert (layout["rows"], layout["cut"], layout["credit"]) == (1, [], True)
        assert layout["spark"] == pytest.approx(46 * SIZES[size] / 16, abs=0.5)
    seoul = items(frame_of(tab, "#m"))[0]
    assert seoul == (
        "맑음 서울 -9.0℃ 체감 -16.2℃ 최저 -14.6 / 최고 -9.0 미세먼지 보통 (-12 / -3℃) ☂70%"
        if lang == "ko"
        else "Clear Seoul -9.0℃ feels -16.2℃ low -14.6 / high -9.0 PM moderate (-12 / -3℃) ☂70%")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "reduced-motion" if motion == "reduce" else "moving"
    tab.page.screenshot(path=ARTIFACTS / f"widget-show-{width}-{lang}-{name}.png")
    tab.assert_clean()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_extras_pass_axe_in_both_themes(tab: Tab, day_app: tuple[ThreadedApp, FileStore,
                                                                     Clock], width: int) -> None:
    server, _, _ = day_app
    tab.page.set_viewport_size({"width": width, "height": 300})
    for theme in ("light", "dark"):
        tab.page.goto(f"{server.url}/widget?{STRIP_QUERY}&{ALL}&theme={theme}")
        tab.page.wait_for_selector(".cp li")
        assert axe_violations(tab.page) == ""
        label = tab.page.get_attribute(".cp .g", "aria-label")
        assert label is not None and label.endswith(", -10.0, -9.0")
    # Each grade's chip at 4.5:1 as drawn, in every theme and under custom colours.
    for theme in ("light", "dark", "auto", "transparent&bg=%23000000&fg=%23ffffff"):
        tab.page.goto(f"{server.url}/widget?{STRIP_QUERY}&{ALL}&theme={theme}")
        tab.page.wait_for_selector(".cp li")
        chips = tab.page.eval_on_selector_all(".cp:first-child .pg", CHIP_COLOURS)
        assert {grade for grade, _, _ in chips} == {"good", "moderate", "bad", "very_bad"}
        for grade, color, background in chips:
            assert contrast(color, background) >= 4.5, (theme, grade)
    tab.assert_clean()


CHIP_COLOURS = """chips => chips.map(c => [c.classList[1].slice(3), getComputedStyle(c).color,
                                     getComputedStyle(c).backgroundColor])"""


def expected(snapshot_now: datetime, seoul: tuple[float, ...]) -> tuple[str, str, str]:
    """Seoul's feels-like text, low/high text and sparkline path as the server renders them."""
    snapshot = day_snapshot(snapshot_now, seoul)
    city = weather_document(snapshot, STRIP, "ko", snapshot_now, Freshness()).cities[0]
    line = sparkline(history_document(snapshot, STRIP[0], "ko", snapshot_now).hours, "서울",
                     "ko", snapshot_now)
    assert line is not None
    return feels_text(city, "ko"), today_text(city, "ko"), line.path


def test_polls_keep_the_extras_current_and_redraw_the_sparkline_in_place(
        tab: Tab, host: HostSite, day_app: tuple[ThreadedApp, FileStore, Clock]) -> None:
    server, store, clock = day_app
    requests: list[str] = []
    tab.page.on("request", lambda request: requests.append(request.url))
    tab.page.goto(host.page("/live.html", f'<iframe id="w" title="날씨" src="{server.url}/widget?'
                            f'{STRIP_QUERY}&amp;{ALL}&amp;refresh=2" '
                            'style="width:100%;height:56px;border:0"></iframe>'))
    frame = frame_of(tab, "#w")
    feels, today, path = expected(NOW, SEOUL)
    assert frame.locator("[data-id=seoul] .f").first.inner_text() == feels
    assert frame.locator("[data-id=seoul] .pg").first.inner_text() == "보통"
    assert frame.get_attribute("#g-seoul", "d") == path
    frame.evaluate("() => { window.__loaded_marker = 1; }")

    def polls() -> int:
        return sum("/v1/weather?" in url for url in requests)

    def pages() -> int:
        return sum("/widget?" in url for url in requests)

    wanted = polls() + 2
    run_until(tab, lambda: polls() >= wanted)
    assert pages() == 1  # unchanged data: the page is not fetched again

    # The next hour: Seoul warms to −7.5 ℃, a new high, and the day slides on by one hour.
    later = NOW + timedelta(hours=1)
    warmer = (*SEOUL[1:], -7.5)
    # Seoul's air turns bad (종로구's PM2.5), Busan's turns unknown (no value this hour).
    store.put(with_air(day_snapshot(later, warmer),
                       {"서울 종로구": (70, 40, 2, 3), "제주 연동": (160, 80, 4, 4),
                        "강원 옥천동": (90, 20, 3, 1)},
                       measured_at=later.replace(minute=0), updated_at=later))
    clock.now = later
    feels, today, path = expected(later, warmer)
    assert today == "최저 -14.6 / 최고 -7.5"
    frame.wait_for_function("t => document.querySelector('[data-id=seoul] .r').textContent === t",
                            arg=today, timeout=20_000)
    frame.wait_for_function("d => document.getElementById('g-seoul').getAttribute('d') === d",
                            arg=path, timeout=20_000)
    for copy in (0, 1):
        seoul = frame.locator(".cp").nth(copy).locator("[data-id=seoul]")
        assert seoul.inner_text().strip() == f"맑음 서울 -7.5℃ {feels} {today} 미세먼지 나쁨"
        assert seoul.locator(".pg").get_attribute("class") == "pg pg-bad"
        assert frame.locator(".cp").nth(copy).locator("[data-id=busan] .p").is_hidden()
    assert frame.locator(".aa").is_visible()
    assert frame.get_attribute(".cp:nth-child(2) [data-id=seoul] use", "href") == "#g-seoul"
    label = frame.get_attribute(".cp .g", "aria-label")
    assert label is not None and label.endswith(", -9.0, -7.5")
    assert frame.locator("[data-id=jeju] .f").first.is_hidden()
    assert frame.evaluate("() => window.__loaded_marker") == 1  # no reload
    # One more fetch of the page for the new snapshot, and none while it stays the same.
    wanted = polls() + 2
    run_until(tab, lambda: polls() >= wanted)
    assert pages() == 2
    tab.assert_clean()


def run_until(tab: Tab, predicate: Any, timeout_ms: int = 20_000) -> None:
    """Let the page run until ``predicate()`` holds."""
    for _ in range(timeout_ms // 100):
        if predicate():
            return
        tab.page.wait_for_timeout(100)
    assert predicate()


@pytest.fixture(scope="module")
def sets_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TickerProcess]:
    process = start_ticker(tmp_path_factory.mktemp("show-sets"),
                           settings={"sets": {"south": ["busan", "ulsan", "jeju"]}})
    yield process
    process.stop()


def test_embed_js_forwards_data_set_and_data_show_and_reserves_the_size(
        tab: Tab, host: HostSite, sets_server: TickerProcess) -> None:
    held: list[Any] = []
    tab.page.route("**/widget?*", lambda route: held.append(route))
    tag = (f'<script src="{sets_server.base_url}/embed.js" data-set="south" '
           'data-show="feels,minmax" data-size="l" async></script>')
    tab.page.goto(host.page("/embed-show.html", f"<div>{tag}</div><p>Article.</p>"),
                  wait_until="domcontentloaded")
    run_until(tab, lambda: len(held) == 1)
    assert "set=south" in held[0].request.url and "show=feels%2Cminmax" in held[0].request.url
    reserved = tab.page.eval_on_selector("iframe", "f => f.getBoundingClientRect().height")
    assert reserved == HEIGHTS["l"]
    held[0].continue_()
    frame = frame_of(tab, "script + iframe")
    document = sets_server.get("/v1/weather?set=south").json()
    # The sample's today is the recording's day: its one hour gives the low and the high.
    assert items(frame) == [
        " ".join(filter(None, (c["condition_text"], c["name"],
                               f"{c['temperature_c']:.1f}℃",
                               # A feels-like reading as the temperature is left out.
                               f"체감 {c['feels_like_c']:.1f}℃"
                               if f"{c['feels_like_c']:.1f}" != f"{c['temperature_c']:.1f}"
                               else None,
                               f"최저 {c['today_min_c']:.1f} / 최고 {c['today_max_c']:.1f}")))
        for c in document["cities"]]
    tab.page.wait_for_function("() => document.querySelector('iframe').style.height === '63px'")
    assert frame.evaluate("() => document.querySelector('.w').getBoundingClientRect().height") \
        == HEIGHTS["l"]
    tab.assert_clean()
