"""Warning badges in headless Chromium: first in their city's entry on the strip's one line in
each size and both languages, 4.5:1 from the rendered colours in every theme, axe-core, and
kept current by the polls (added, changed, removed) without a reload.

The real app is served in a thread with an injected clock; a test writes the next snapshot.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support.browser import ARTIFACTS, HostSite, Tab, ThreadedApp, axe_violations, frame_of
from support.clock import NOW, Clock
from support.contrast import contrast
from support.snapshots import snapshot
from support.stations import CITIES
from support.warning_snapshots import (
    BUSAN,
    GANGNEUNG,
    JEJU,
    SEOUL_NW,
    ZONES,
    Zone,
    warning,
    with_warnings,
)

from ticker.core.freshness import Freshness
from ticker.core.observations import Snapshot
from ticker.core.warnings import HeldWarning
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]

DAEJEON: Zone = ("L1030200", "대전")
QUERY = "cities=seoul,busan,jeju,gangneung,daejeon,daegu"
# One badge of each level; Daejeon has none yet, Daegu no zone at all.
ROWS = [warning(SEOUL_NW, "대설", "경보"), warning(SEOUL_NW, "한파", "주의"),
        warning(BUSAN, "강풍", "중대경보"), warning(JEJU, "풍랑", "주의"),
        warning(GANGNEUNG, "건조", "심각")]
EXPECTED = {
    "ko": {"seoul": "대설경보 +1", "busan": "강풍중대경보", "jeju": "풍랑주의보",
           "gangneung": "건조심각"},
    "en": {"seoul": "Heavy snow warning +1", "busan": "Wind severe warning",
           "jeju": "High seas advisory", "gangneung": "Dry weather 심각"},
}
# Each item of the first copy: its badge and whether it comes first; and the strip's one line.
BADGES = """() => {
  const strip = document.querySelector(".s").getBoundingClientRect();
  const badges = {}, first = [], cut = [], tops = new Set();
  for (const li of document.querySelectorAll(".cp:first-child li")) {
    tops.add(Math.round(li.getBoundingClientRect().top));
    const badge = li.querySelector(".wb");
    if (!badge) continue;
    const r = badge.getBoundingClientRect();
    badges[li.dataset.id] = badge.textContent;
    first.push(li.firstElementChild === badge);
    if (r.top < strip.top - 0.5 || r.bottom > strip.bottom + 0.5) cut.push(li.dataset.id);
  }
  return {height: document.querySelector(".w").getBoundingClientRect().height,
          rows: tops.size, badges: badges, first: first, cut: cut};
}"""
COLOURS = """() => [...document.querySelectorAll(".cp:first-child .wb")].map(b => {
  const s = getComputedStyle(b);
  return [b.className, s.color, s.backgroundColor];
})"""


def held(rows: list[HeldWarning] = ROWS, temperature: float = -3.0) -> Snapshot:
    return with_warnings(snapshot(temperature), rows, zones={**ZONES, "daejeon": DAEJEON})


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[ThreadedApp, FileStore]]:
    store = FileStore(tmp_path)
    store.put(held())
    server = ThreadedApp(create_app(WebContext(store=store, cities=CITIES,
                                               freshness=Freshness(), clock=Clock(NOW))))
    yield server, store
    server.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_badges_come_first_on_the_one_line_of_each_size(
        tab: Tab, host: HostSite, app: tuple[ThreadedApp, FileStore], width: int,
        lang: str) -> None:
    server, _ = app
    tab.page.set_viewport_size({"width": width, "height": 400})
    frames = "".join(
        f'<iframe id="{size}" src="{server.url}/widget?{QUERY}&amp;size={size}&amp;lang={lang}"'
        f' title="날씨 {size}" style="display:block;width:100%;height:{HEIGHTS[size]}px;'
        'border:0;margin-bottom:8px"></iframe>' for size in SIZES)
    tab.page.goto(host.page(f"/warnings-{width}-{lang}.html", frames))
    for size in SIZES:
        layout = frame_of(tab, f"#{size}").evaluate(BADGES)
        assert layout["height"] == HEIGHTS[size]
        assert (layout["rows"], layout["cut"]) == (1, [])
        assert layout["badges"] == EXPECTED[lang]
        assert layout["first"] == [True] * 4
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=ARTIFACTS / f"widget-warnings-{width}-{lang}.png")
    tab.assert_clean()


@pytest.mark.parametrize(("query", "scheme"), [
    ("theme=light", "light"), ("theme=dark", "light"), ("theme=auto", "light"),
    ("theme=auto", "dark"), ("theme=transparent", "dark"),
    ("theme=dark&bg=%23fdf6e3&fg=%23202020&accent=%23b3261e", "dark"),
])
def test_every_badge_meets_4_5_to_1_as_rendered(tab: Tab, app: tuple[ThreadedApp, FileStore],
                                                query: str, scheme: str) -> None:
    server, _ = app
    tab.page.emulate_media(color_scheme=scheme)
    tab.page.goto(f"{server.url}/widget?{QUERY}&{query}")
    tab.page.wait_for_selector(".cp .wb")
    colours = tab.page.evaluate(COLOURS)
    assert sorted(name for name, _, _ in colours) == [
        "wb wb-advisory", "wb wb-severe", "wb wb-unknown", "wb wb-warning"]
    for name, color, background in colours:
        assert "0, 0, 0, 0" not in background, name  # filled, whatever shows behind
        assert contrast(color, background) >= 4.5, (name, color, background)
    if query in ("theme=light", "theme=dark"):
        assert axe_violations(tab.page) == ""
    tab.assert_clean()


def test_a_poll_brings_changed_warnings_into_the_badges(
        tab: Tab, app: tuple[ThreadedApp, FileStore]) -> None:
    server, store = app
    tab.page.goto(f"{server.url}/widget?{QUERY}&refresh=2")
    page = tab.page
    page.wait_for_selector(".cp .wb")
    page.evaluate("() => { window.__loaded_marker = 1; }")
    # Seoul's warning lifted (its advisory stays), Jeju's lifted, Daejeon's new; Busan as was.
    lifted = NOW - timedelta(minutes=1)
    store.put(held([*ROWS, warning(SEOUL_NW, "대설", "경보", lifted, command="해제"),
                    warning(JEJU, "풍랑", "주의", lifted, command="해제"),
                    warning(DAEJEON, "호우", "경보", lifted)]))
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-id=daejeon] .wb')].length === 2",
        timeout=20_000)
    for copy in (0, 1):
        shown = page.locator(".cp").nth(copy)
        assert shown.locator("[data-id=seoul] .wb").inner_text() == "한파주의보"
        assert shown.locator("[data-id=seoul] .wb").get_attribute("class") == "wb wb-advisory"
        assert shown.locator("[data-id=jeju] .wb").count() == 0
        assert shown.locator("[data-id=daejeon]").inner_text().startswith("호우경보 맑음 대전")
    seoul = page.locator(".cp").first.locator("[data-id=seoul] .wb")
    assert seoul.get_attribute("aria-label") == "기상특보: 한파주의보"
    assert seoul.get_attribute("title") == "기상특보: 한파주의보"
    assert page.locator(".cp").first.locator("[data-id=jeju]").inner_text() == "맑음 제주 -3.0℃"
    assert page.evaluate("() => window.__loaded_marker") == 1  # no reload

    # warnings=off: a poll's new values are shown, its warnings are not.
    page.goto(f"{server.url}/widget?{QUERY}&refresh=2&warnings=off")
    page.wait_for_selector(".cp li")
    store.put(held(temperature=-5.0))
    page.wait_for_function("() => document.querySelector('[data-id=seoul] .t').textContent"
                           " === '-5.0\u2103'", timeout=20_000)
    assert page.locator(".wb").count() == 0
    tab.assert_clean()
