"""A strip that fits stands still, in headless Chromium; motion=static never moves; link= and
embed.js's data-theme="host" on a page of another origin (issue #28, items 7, 9, 10, 11).

Three cities fit a desktop's 1280 px: they stand at the left with the normal gap, one copy, no
controls. On a 320 px phone they overflow and scroll, and the same page decides again when its
width changes. motion=static pages through every city with the buttons, as reduced motion does.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from support.browser import HostSite, Tab, axe_violations, frame_of
from support.service import TickerProcess

pytest_plugins = ["support.browser_fixtures"]

THREE = "cities=seoul,gangneung,busan"
# The strip as a reader meets it: moving or not, each copy shown or not, the gaps between the
# cities of the first copy and how far the first one starts from the strip's left edge.
STATE = """() => {
  const w = document.querySelector(".w"), s = document.querySelector(".s");
  const shown = e => getComputedStyle(e).display !== "none";
  const [first, second] = document.querySelectorAll(".cp");
  const lis = [...first.children].map(li => li.getBoundingClientRect());
  return {
    animation: getComputedStyle(document.querySelector(".tr")).animationName,
    fit: w.classList.contains("fit"), second: shown(second),
    secondHidden: second.getAttribute("aria-hidden"),
    pause: shown(document.querySelector(".pp")),
    buttons: shown(document.querySelector(".nb-n")),
    gaps: lis.slice(1).map((r, i) => Math.round(r.left - lis[i].right)),
    start: Math.round(lis[0].left - s.getBoundingClientRect().left),
    mask: getComputedStyle(s).maskImage,
  };
}"""


def open_widget(tab: Tab, server: TickerProcess, query: str, width: int) -> dict[str, Any]:
    """The widget alone at ``width`` px; its STATE once the script has run."""
    tab.page.set_viewport_size({"width": width, "height": 400})
    tab.page.goto(f"{server.base_url}/widget?{query}")
    tab.page.wait_for_selector(".cp li")
    state: dict[str, Any] = tab.page.evaluate(STATE)
    return state


def test_three_cities_stand_still_at_1280_and_scroll_at_320(
        tab: Tab, sample_server: TickerProcess) -> None:
    still = open_widget(tab, sample_server, THREE, 1280)
    assert still["animation"] == "none" and still["fit"]
    # One copy, left-aligned, with the items' own padding as the only gap; no controls.
    assert not still["second"] and not still["pause"] and not still["buttons"]
    assert still["gaps"] == [0, 0] and still["start"] == 0
    assert still["mask"] == "none"
    # The phone turned: the same page now overflows and scrolls, the copy behind for the loop
    # (hidden from assistive technology), the edges fading.
    tab.page.set_viewport_size({"width": 320, "height": 400})
    tab.page.wait_for_function("() => !document.querySelector('.w').classList.contains('fit')")
    moving = tab.page.evaluate(STATE)
    assert moving["animation"] == "tk" and moving["second"] and moving["pause"]
    assert moving["secondHidden"] == "true"
    assert moving["mask"].startswith("linear-gradient")
    # And back: still again.
    tab.page.set_viewport_size({"width": 1280, "height": 400})
    tab.page.wait_for_function("() => document.querySelector('.w').classList.contains('fit')")
    assert tab.page.evaluate(STATE)["animation"] == "none"
    tab.assert_clean()


def test_three_cities_scroll_on_a_phone_from_the_start(
        tab: Tab, sample_server: TickerProcess) -> None:
    state = open_widget(tab, sample_server, THREE, 320)
    assert state["animation"] == "tk" and not state["fit"] and state["second"]
    tab.assert_clean()


@pytest.mark.parametrize("theme", ["light", "transparent&fg=%23ffffff"])
def test_the_edges_fade_in_every_theme(tab: Tab, sample_server: TickerProcess,
                                       theme: str) -> None:
    state = open_widget(tab, sample_server, f"theme={theme}", 1280)
    assert state["animation"] == "tk"
    # 1.2 em of the 16 px font: wider than a glyph, so none shows cut off at an edge.
    assert state["mask"].startswith("linear-gradient(90deg, rgba(0, 0, 0, 0), rgb(0, 0, 0) 19.2px")


def test_motion_static_never_moves_and_pages_with_the_buttons(
        tab: Tab, sample_server: TickerProcess) -> None:
    state = open_widget(tab, sample_server, "motion=static", 320)
    assert state["animation"] == "none" and not state["fit"]
    assert not state["second"] and not state["pause"] and state["buttons"]
    before = tab.page.evaluate("() => document.querySelector('.s').scrollLeft")
    tab.page.click(".nb-n")
    tab.page.wait_for_function(f"() => document.querySelector('.s').scrollLeft > {before}")
    # Wide enough for every city: still, and nothing to page through.
    tab.page.set_viewport_size({"width": 2560, "height": 400})
    assert open_widget(tab, sample_server, f"motion=static&{THREE}", 1280)["buttons"] is False
    tab.assert_clean()


def test_link_opens_the_sites_page_in_the_top_window(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    weather = host.page("/weather.html", "<p>The weather page</p>")
    src = f"{sample_server.base_url}/widget?{THREE}&link={weather}"
    tab.page.set_viewport_size({"width": 1280, "height": 400})
    tab.page.goto(host.page("/linked.html", f'<iframe id="w" title="날씨" src="{src}" '
                            'style="width:100%;height:56px;border:0"></iframe>'))
    frame = frame_of(tab, "#w")
    link = frame.locator("a.lk")
    assert link.get_attribute("href") == weather
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_top", "noopener")
    assert link.get_attribute("title") == "날씨 자세히 보기"
    # By keyboard: the strip's ring shows while the link has focus.
    link.focus()
    assert frame.evaluate("() => document.activeElement.className") == "lk"
    assert frame.eval_on_selector(".s", "s => getComputedStyle(s).outlineStyle") == "solid"
    assert axe_violations(tab.page) == ""
    with tab.page.expect_navigation(url=weather):
        frame.locator(".cp li").first.click()
    tab.assert_clean()


def test_without_link_nothing_is_a_link(tab: Tab, sample_server: TickerProcess) -> None:
    open_widget(tab, sample_server, THREE, 1280)
    assert tab.page.locator("a").count() == 0


def test_embed_follows_a_dark_serif_header(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    tag = (f'<script src="{sample_server.base_url}/embed.js" data-cities="seoul,busan" '
           'data-theme="host" data-link="https://news.example.com/weather" async></script>')
    header = ('<header style="background:#102a43;color:#f0f4f8;'
              f'font-family:Georgia,\'Times New Roman\',serif"><div>{tag}</div></header>')
    tab.page.set_viewport_size({"width": 1280, "height": 400})
    tab.page.goto(host.page("/dark.html", header))
    frame = frame_of(tab, "iframe")
    src = tab.page.eval_on_selector("iframe", "f => f.src")
    query = parse_qs(urlsplit(src).query)
    assert {name: query[name] for name in ("theme", "bg", "fg", "font", "link")} == {
        "theme": ["dark"], "bg": ["#102a43"], "fg": ["#f0f4f8"],
        "font": ["Georgia,Times New Roman,serif"], "link": ["https://news.example.com/weather"]}
    assert frame.locator("a.lk").get_attribute("href") == "https://news.example.com/weather"
    html = frame.evaluate("""() => { const s = getComputedStyle(document.documentElement);
        return [s.backgroundColor, s.color, s.fontFamily]; }""")
    assert html == ["rgb(16, 42, 67)", "rgb(240, 244, 248)", 'Georgia, "Times New Roman", serif']
    tab.assert_clean()
