"""show=forecast in headless Chromium: on the one line of each size, legible at s, and turned
to tomorrow's by the polls at 17:00 KST on the reader's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support.browser import ARTIFACTS, HostSite, Tab, ThreadedApp, frame_of, items
from support.day_history import NOW, day_snapshot, with_day_forecast
from support.stations import CITIES
from support.widget_pages import ONE_LINE, STRIP_QUERY

from ticker.core.freshness import Freshness
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]


@pytest.fixture
def forecast_app(tmp_path: Path) -> Iterator[ThreadedApp]:
    store = FileStore(tmp_path)
    store.put(with_day_forecast(day_snapshot()))
    server = ThreadedApp(create_app(WebContext(store=store, cities=CITIES,
                                               freshness=Freshness(), clock=lambda: NOW)))
    yield server
    server.close()


WITH_FORECAST = "show=feels,minmax,forecast,trend"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_the_forecast_stays_on_the_one_line_of_each_size(
        tab: Tab, host: HostSite, forecast_app: ThreadedApp, width: int, lang: str) -> None:
    tab.page.set_viewport_size({"width": width, "height": 400})
    frames = "".join(
        f'<iframe id="{size}" src="{forecast_app.url}/widget?{STRIP_QUERY}&amp;'
        f'{WITH_FORECAST}&amp;size={size}&amp;lang={lang}" title="날씨 {size}" '
        f'style="display:block;width:100%;height:{HEIGHTS[size]}px;border:0"></iframe>'
        for size in SIZES)
    tab.page.goto(host.page(f"/forecast-{width}-{lang}.html", frames))
    for size in SIZES:
        frame = frame_of(tab, f"#{size}")
        layout = frame.evaluate(ONE_LINE)
        assert layout["height"] == HEIGHTS[size]
        assert (layout["rows"], layout["cut"]) == (1, [])
        # Legible at s: the forecast is drawn at the strip's own size, never smaller.
        sizes = frame.evaluate("""() => [".t", ".fc"].map(s => parseFloat(
            getComputedStyle(document.querySelector(".cp " + s)).fontSize))""")
        assert sizes[1] == sizes[0] >= SIZES["s"]
    seoul = items(frame_of(tab, "#m"))[0]
    low_high = "최저 -14.6 / 최고 -9.0" if lang == "ko" else "low -14.6 / high -9.0"
    assert seoul.endswith(f"{low_high} (-12 / -3℃) ☂70%")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=ARTIFACTS / f"widget-forecast-{width}-{lang}.png")
    tab.assert_clean()


def test_polls_turn_the_forecast_to_tomorrow_at_1700_kst(
        tab: Tab, host: HostSite, forecast_app: ThreadedApp) -> None:
    kst = timedelta(hours=9)
    tab.page.clock.set_fixed_time(NOW.replace(hour=16, minute=59, tzinfo=None) - kst)
    tab.page.goto(host.page("/forecast-live.html",
                            f'<iframe id="w" title="날씨" src="{forecast_app.url}/widget?'
                            f'{STRIP_QUERY}&amp;show=forecast&amp;refresh=2" '
                            'style="width:100%;height:56px;border:0"></iframe>'))
    frame = frame_of(tab, "#w")
    seoul = "[data-id=seoul] .fc"
    # The page as served (the server's 09:30), as a poll at 16:59 re-derives it too.
    assert frame.locator(seoul).first.inner_text() == "(-12 / -3℃) ☂70%"
    tab.page.clock.set_fixed_time(NOW.replace(hour=17, minute=0, tzinfo=None) - kst)
    frame.wait_for_function("t => document.querySelector('[data-id=seoul] .fc').textContent "
                            "=== t", arg="내일 눈 -14/-5℃", timeout=20_000)
    assert [frame.locator(".cp").nth(copy).locator(seoul).inner_text()
            for copy in (0, 1)] == ["내일 눈 -14/-5℃"] * 2
    assert frame.locator("[data-id=jeju] .fc").first.is_hidden()
    tab.assert_clean()
