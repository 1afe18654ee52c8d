"""show=icon in headless Chromium: one line at the documented height at every size, width and
theme (beside a sparkline), each icon drawn from the page's one sprite in the text's colour,
axe-core clean, and the icons turned to night in place when a poll brings the evening's
snapshot.

The cold day of tests/support/day_history.py (09:30 KST, 1 December: Seoul clear, Busan and
Gangneung partly cloudy, Jeju without data) is served by the real app in a thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from support.browser import (
    ARTIFACTS,
    HostSite,
    Tab,
    ThreadedApp,
    axe_violations,
    frame_of,
    serve_snapshot,
    sizes_page,
)
from support.clock import Clock
from support.day_history import NOW, day_snapshot
from support.widget_pages import ONE_LINE, STRIP_QUERY

from ticker.state.store import FileStore
from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]

THEMES = ("light", "dark", "auto", "transparent",
          "transparent&bg=%23fff3e0&fg=%234a148c&accent=%231b5e20")
# Each shown icon's size, whether its symbol drew and whether it has its item's colour; the
# ids used twice; the plain strip's condition dots still shown.
ICONS = """() => {
  const icons = [];
  for (const icon of document.querySelectorAll(".cp .icon")) {
    // Reduced motion shows one copy only.
    if (getComputedStyle(icon.closest(".cp")).display === "none") continue;
    const r = icon.getBoundingClientRect(), use = icon.querySelector("use").getBBox();
    icons.push([Math.round(r.height * 10) / 10, use.width > 0,
                getComputedStyle(icon).color === getComputedStyle(icon.parentNode).color]);
  }
  const ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  return {icons: icons, twice: ids.filter((id, i) => ids.indexOf(id) !== i),
          dots: [...document.querySelectorAll(".cp .i")].filter(
            e => getComputedStyle(e).display !== "none").length};
}"""


@pytest.fixture
def day_app(tmp_path: Path) -> Iterator[tuple[ThreadedApp, FileStore, Clock]]:
    clock = Clock(NOW)
    server, store = serve_snapshot(tmp_path, day_snapshot(), clock)
    yield server, store, clock
    server.close()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
@pytest.mark.parametrize("width", [320, 1280, 2560])
def test_icons_keep_the_one_line_at_each_size_and_theme(
        tab: Tab, host: HostSite, day_app: tuple[ThreadedApp, FileStore, Clock], width: int,
        motion: str) -> None:
    server, _, _ = day_app
    tab.page.emulate_media(reduced_motion=motion)
    tab.page.set_viewport_size({"width": width, "height": 400})
    for index, theme in enumerate(THEMES):
        tab.page.goto(sizes_page(host, server.url, f"{STRIP_QUERY}&show=icon,trend&theme={theme}",
                                 f"icons-{width}-{motion}-{index}"))
        for size in SIZES:
            frame = frame_of(tab, f"#{size}")
            line, layout = frame.evaluate(ONE_LINE), frame.evaluate(ICONS)
            assert line["height"] == HEIGHTS[size]
            assert (line["rows"], line["cut"], layout["twice"]) == (1, [], [])
            # A strip that fits stands still with one copy shown (#28), as under reduced motion.
            still = motion == "reduce" or frame.evaluate("document.getElementById('w')"
                                                         ".classList.contains('fit')")
            copies = 1 if still else 2
            # Each city, in each copy shown, one icon 1.5 em tall, drawn, in its text colour.
            assert layout["icons"] == [[pytest.approx(1.5 * SIZES[size], abs=0.5), True,
                                        True]] * 4 * copies
            assert layout["dots"] == 0
        ARTIFACTS.mkdir(exist_ok=True)
        tab.page.screenshot(path=ARTIFACTS / f"widget-icons-{width}-{motion}-{index}.png")
    tab.assert_clean()


@pytest.mark.parametrize("width", [360, 1280])
def test_icons_pass_axe_in_every_theme(tab: Tab, day_app: tuple[ThreadedApp, FileStore, Clock],
                                       width: int) -> None:
    server, _, _ = day_app
    tab.page.set_viewport_size({"width": width, "height": 300})
    for theme in THEMES:
        tab.page.goto(f"{server.url}/widget?{STRIP_QUERY}&show=icon,feels&theme={theme}")
        tab.page.wait_for_selector(".cp li")
        assert axe_violations(tab.page) == ""
    tab.assert_clean()


def test_the_evening_s_snapshot_turns_the_icons_to_night_in_place(
        tab: Tab, host: HostSite, day_app: tuple[ThreadedApp, FileStore, Clock]) -> None:
    server, store, clock = day_app
    tab.page.goto(host.page("/icons-live.html", f'<iframe id="w" title="날씨" src="{server.url}'
                            f'/widget?{STRIP_QUERY}&amp;show=icon&amp;refresh=2" '
                            'style="width:100%;height:56px;border:0"></iframe>'))
    frame = frame_of(tab, "#w")
    hrefs = "() => [...document.querySelectorAll('.cp .icon use')].map(u => u.getAttribute('href'))"
    day = ["#wi-clear-day", "#wi-partly_cloudy-day", "#wi-unknown", "#wi-partly_cloudy-day"]
    assert frame.evaluate(hrefs) == day * 2
    frame.evaluate("() => { window.__loaded_marker = 1; }")
    # 19:30 KST: after Seoul's sunset (17:14) and every other station's.
    evening = NOW + timedelta(hours=10)
    store.put(day_snapshot(evening))
    clock.now = evening
    night = ["#wi-clear-night", "#wi-partly_cloudy-night", "#wi-unknown",
             "#wi-partly_cloudy-night"]
    frame.wait_for_function(f"() => ({hrefs})().join() === {','.join(night * 2)!r}",
                            timeout=20_000)
    layout = frame.evaluate(ICONS)
    assert layout["twice"] == [] and all(drawn for _, drawn, _ in layout["icons"])
    symbols = frame.evaluate("() => [...document.querySelectorAll('.sp symbol')].map(s => s.id)")
    assert symbols == ["wi-clear-night", "wi-partly_cloudy-night", "wi-unknown"]
    assert frame.evaluate("() => window.__loaded_marker") == 1  # no reload
    tab.assert_clean()
