"""The widget on phones, in headless Chromium: one line and one height per size at every width.

The height must be the one the README documents (HEIGHTS) at 320, 360, 414, 768 and 1280 px
(and the extremes, 280 and 2560), in every language, with and without reduced motion; nothing may
be cut off inside it, and the source (`기상청 제공`) must stay in view.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.browser import ARTIFACTS, HostSite, Tab, ThreadedApp, frame_of
from support.service import TickerProcess
from support.stations import CITIES

from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.observations import Observation, Snapshot
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]

WIDTHS = (320, 360, 414, 768, 1280, 280, 2560)
PHONES = (320, 360, 414)
MOTIONS = ("no-preference", "reduce")
SOURCE = {"ko": ("기상청 제공",), "en": ("Korea Meteorological Administration", "KMA"),
          "ja": ("韓国気象庁提供", "韓国気象庁"), "zh": ("韩国气象厅提供", "韩国气象厅")}

# Everything the eye can see in the widget, and whether each piece lies inside it.
LAYOUT = """() => {
  const w = document.querySelector(".w").getBoundingClientRect();
  const seen = e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.clipPath === "none"; };
  const cut = [];
  for (const e of document.querySelectorAll(".top > *, .top .lf, .top .sf, .row > *")) {
    if (!seen(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.top < w.top - 0.5 || r.bottom > w.bottom + 0.5) cut.push(e.className + " below");
  }
  const top = document.querySelector(".top"), m = document.querySelector(".m");
  if (top.scrollWidth > top.clientWidth) cut.push("meta line overflows");
  if (m.scrollWidth > m.clientWidth) cut.push("date and time cut");
  const a = document.querySelector(".a").getBoundingClientRect();
  if (a.right > top.getBoundingClientRect().right + 0.5) cut.push("source cut");
  const strip = document.querySelector(".s").getBoundingClientRect();
  const tops = new Set();
  for (const li of document.querySelectorAll(".cp:first-child li")) {
    const r = li.getBoundingClientRect();
    tops.add(Math.round(r.top));
    if (r.top < strip.top - 0.5 || r.bottom > strip.bottom + 0.5) cut.push("city cut");
  }
  const source = [...document.querySelectorAll(".a > *")].filter(seen).map(e => e.textContent);
  return {height: w.height, cut: [...new Set(cut)], rows: tops.size, source: source};
}"""


@pytest.mark.parametrize("motion", MOTIONS)
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["ko", "en", "ja", "zh"])
def test_the_height_is_the_sizes_alone_at_every_width(
        tab: Tab, sample_server: TickerProcess, lang: str, size: str, motion: str) -> None:
    tab.page.emulate_media(reduced_motion=motion)
    tab.page.goto(f"{sample_server.base_url}/widget?lang={lang}&size={size}")
    tab.page.wait_for_selector(".cp li")
    for width in WIDTHS:
        tab.page.set_viewport_size({"width": width, "height": 400})
        layout = tab.page.evaluate(LAYOUT)
        assert layout["height"] == HEIGHTS[size], width
        assert layout["cut"] == [], width
        assert layout["rows"] == 1, width
        assert len(layout["source"]) == 1, width
        assert layout["source"][0] in SOURCE[lang], width
    tab.assert_clean()


@pytest.fixture
def delayed_server(tmp_path: Path) -> Iterator[str]:
    """Live data two hours old: the longer "업데이트 지연" badge replaces the sample one."""
    now = datetime(2025, 12, 1, 9, 30, tzinfo=KST)
    store = FileStore(tmp_path)
    store.put(Snapshot(source="asos", sample=False, updated_at=now, observations=tuple(
        Observation(city_id=city.id, temperature_c=-10.5, condition=Condition.MOSTLY_CLOUDY,
                    observed_at=now - timedelta(hours=2), source="asos") for city in CITIES)))
    app = create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(),
                                clock=lambda: now))
    server = ThreadedApp(app)
    yield server.url
    server.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_delay_badge_fits_on_the_line_too(tab: Tab, delayed_server: str, lang: str) -> None:
    for size in SIZES:
        tab.page.goto(f"{delayed_server}/widget?lang={lang}&size={size}")
        tab.page.wait_for_selector(".cp li")
        assert tab.page.locator(".bd").is_visible()
        for width in WIDTHS:
            tab.page.set_viewport_size({"width": width, "height": 400})
            layout = tab.page.evaluate(LAYOUT)
            assert (layout["height"], layout["cut"], layout["rows"]) == (
                HEIGHTS[size], [], 1), (size, width)
            assert layout["source"][0] in SOURCE[lang]
    tab.assert_clean()


def test_wide_screens_keep_the_full_meta_line_and_phones_compact_it(
        tab: Tab, sample_server: TickerProcess) -> None:
    tab.page.goto(f"{sample_server.base_url}/widget")
    tab.page.wait_for_selector(".cp li")
    shown = "() => document.querySelector('.top').innerText.replace(/\\s+/g, ' ').trim()"
    for width in (1280, 414):
        tab.page.set_viewport_size({"width": width, "height": 400})
        assert tab.page.evaluate(shown) == "2025.12.01 (월) 09:00 관측 샘플 데이터 기상청 제공"
    tab.page.set_viewport_size({"width": 360, "height": 400})
    assert tab.page.evaluate(shown) == "12.01(월) 09:00 샘플 데이터 기상청 제공"
    tab.page.set_viewport_size({"width": 320, "height": 400})
    assert tab.page.evaluate(shown) == "12.01(월) 09:00 샘플 기상청 제공"
    tab.page.goto(f"{sample_server.base_url}/widget?lang=en")
    assert tab.page.evaluate(shown) == "Mon 1 Dec 09:00 Sample KMA"
    tab.page.set_viewport_size({"width": 1280, "height": 400})
    assert tab.page.evaluate(shown) == (
        "Mon, 1 Dec 2025 Observed 09:00 Sample data Korea Meteorological Administration")
    assert tab.page.locator(".d").get_attribute("datetime") == "2025-12-01"


@pytest.mark.parametrize("size", list(SIZES))
def test_controls_are_at_least_24_px_and_grow_with_the_size(
        tab: Tab, sample_server: TickerProcess, size: str) -> None:
    boxes = []
    for motion, selectors in (("no-preference", (".pp",)), ("reduce", (".nb-p", ".nb-n"))):
        tab.page.emulate_media(reduced_motion=motion)
        tab.page.goto(f"{sample_server.base_url}/widget?size={size}")
        for selector in selectors:
            box = tab.page.locator(selector).bounding_box()
            assert box is not None, selector
            boxes.append((box["width"], box["height"]))
    for width, height in boxes:
        assert width >= 24 and height >= 24
        # The buttons take the widget's font: 1.75 em of the size's pixels.
        assert width == height == pytest.approx(1.75 * SIZES[size])


def phone_page(host: HostSite, widget_url: str, lang: str, width: int) -> str:
    """Every size in a plain iframe of its documented height, in a column ``width`` wide."""
    frames = "".join(
        f'<iframe id="{size}" src="{widget_url}/widget?lang={lang}&amp;size={size}" '
        f'title="Ticker {size}" style="display:block;width:100%;height:{HEIGHTS[size]}px;'
        'border:0;margin-bottom:8px"></iframe>' for size in SIZES)
    return host.page(f"/phone-{lang}-{width}.html", f'<div style="width:{width}px">{frames}</div>')


def strip_height(frame: Any) -> float:
    return frame.evaluate("() => document.querySelector('.w').getBoundingClientRect().height")


@pytest.mark.parametrize("motion", MOTIONS)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_width_screenshots(tab: Tab, host: HostSite, sample_server: TickerProcess,
                                 lang: str, motion: str) -> None:
    tab.page.emulate_media(reduced_motion=motion)
    ARTIFACTS.mkdir(exist_ok=True)
    for width in PHONES:
        tab.page.set_viewport_size({"width": width, "height": 400})
        tab.page.goto(phone_page(host, sample_server.base_url, lang, width))
        for size in SIZES:
            assert strip_height(frame_of(tab, f"#{size}")) == HEIGHTS[size]
        name = "reduced-motion" if motion == "reduce" else "moving"
        tab.page.screenshot(path=ARTIFACTS / f"widget-phone-{width}-{lang}-{name}.png")
    tab.assert_clean()
