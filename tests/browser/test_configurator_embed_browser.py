"""The configurator as a site editor meets it (issue #28): no sideways scroll on phones, no axe
violation in any state, no layout shift on its own page, and each snippet it hands out pasted in
host pages of another origin (light and dark, phone and desktop) shifts nothing, scrolls nothing
sideways and breaks no axe rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from support.browser import HostSite, Tab, axe_violations, frame_of, start_ticker
from support.service import TickerProcess

from ticker.web.configurator.demo import PLACEHOLDER_BASE

pytest_plugins = ["support.browser_fixtures"]

# A set whose option text ("long: 춘천, 강릉, …") is far wider than a phone.
LONG_SET = ["chuncheon", "gangneung", "wonju", "sokcho", "seoul", "incheon", "suwon", "busan",
            "ulsan", "daegu", "gwangju", "jeonju", "jeju", "seogwipo"]
# The sum of every layout shift not caused by input, from the page's first paint on.
CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""
PREVIEW_SRC = "() => document.getElementById('preview').getAttribute('src')"
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
DARK = "<style>body{background:#121212!important;color:#e8eaed}</style>"
PROSE = "<p>Local news, more local news and the weather, embedded by the editor.</p>"


@pytest.fixture(scope="module")
def long_set_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TickerProcess]:
    """Sample data and one titled set with a long option text; no public address."""
    process = start_ticker(tmp_path_factory.mktemp("long"), settings={
        "sets": {"long": {"title": "전국 열네 곳", "cities": LONG_SET}}})
    yield process
    process.stop()


def snippet(tab: Tab, base: str, query: str, which: str) -> str:
    """The snippet the configurator hands out for ``query`` (its script fills the address)."""
    tab.page.goto(f"{base}/?{query}")
    frame_of(tab, "#preview")
    text: str = tab.page.locator(f"#{which}-snippet").inner_text()
    return text


@pytest.mark.parametrize("width", [280, 320, 360, 414])
def test_the_page_never_scrolls_sideways_on_a_phone(tab: Tab, long_set_server: TickerProcess,
                                                    width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 800})
    for query in ("", "set=long", "lang=ja&set=long", "lang=zh"):
        tab.page.goto(f"{long_set_server.base_url}/?{query}")
        frame_of(tab, "#preview")
        assert tab.page.evaluate(SIDEWAYS) <= 0, query
    tab.assert_clean()


@pytest.mark.parametrize("query", ["set=long", "cities=seoul,busan", "theme=dark",
                                   "theme=auto", "theme=transparent", "size=xl&lang=en",
                                   "lang=ja&set=long", "lang=zh&cities=seoul,busan"])
def test_no_axe_violation_in_any_state(tab: Tab, long_set_server: TickerProcess,
                                       query: str) -> None:
    tab.page.goto(f"{long_set_server.base_url}/?{query}")
    frame_of(tab, "#preview")
    assert axe_violations(tab.page) == ""
    tab.assert_clean()


def test_choosing_a_set_leaves_the_station_list_reachable(tab: Tab,
                                                          long_set_server: TickerProcess) -> None:
    page = tab.page
    page.goto(long_set_server.base_url + "/")
    # The set's title, through `ticker serve`'s workers, in the page and in /v1/sets.
    assert page.locator("#set option").nth(1).inner_text().startswith("전국 열네 곳: 춘천, 강릉")
    assert long_set_server.get("/v1/sets").json()["sets"][0]["title"] == "전국 열네 곳"
    page.select_option("#set", "long")
    page.wait_for_function("() => document.getElementById('stations').disabled")
    # Nothing in it takes focus then, so it is no scroll box a keyboard could not scroll.
    assert page.eval_on_selector("#list", "e => e.scrollHeight - e.clientHeight") == 0
    assert axe_violations(page) == ""
    tab.assert_clean()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_configurator_itself_does_not_shift(tab: Tab, long_set_server: TickerProcess,
                                                width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.page.goto(long_set_server.base_url + "/")
    frame_of(tab, "#preview")
    assert tab.page.evaluate(CLS) == 0
    tab.assert_clean()


@pytest.mark.parametrize("which", ["iframe", "script"])
@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("width", [320, 1280])
def test_each_snippet_pasted_on_another_origin_shifts_nothing(
        tab: Tab, browser: Any, host: HostSite, long_set_server: TickerProcess,
        which: str, dark: bool, width: int) -> None:
    base = long_set_server.base_url
    first = snippet(tab, base, "set=long", which)
    second = snippet(tab, base, "cities=seoul,busan&size=l&theme=dark", which)
    context = browser.new_context(viewport={"width": width, "height": 700})
    try:
        pasted = Tab(context.new_page()).watch()
        body = (DARK if dark else "") + PROSE + first + PROSE + second + PROSE
        pasted.page.goto(host.page(f"/{which}-{dark}-{width}.html", body))
        assert host.origin != base
        pasted.page.wait_for_function("() => document.querySelectorAll('iframe').length === 2")
        for n in (1, 2):
            frame_of(pasted, f":nth-match(iframe, {n})")
        assert pasted.page.evaluate(CLS) == 0
        assert pasted.page.evaluate(SIDEWAYS) <= 0
        assert axe_violations(pasted.page) == ""
        pasted.assert_clean()
    finally:
        context.close()


def test_colours_have_pickers_a_dark_preview_and_a_contrast_warning(
        tab: Tab, static_page: Any, long_set_server: TickerProcess) -> None:
    page = tab.page
    query = "theme=dark&fg=%23333333"
    page.goto(f"{long_set_server.base_url}/?{query}")
    frame_of(tab, "#preview-dark")
    assert page.input_value("#fg") == "#333333" and page.input_value("#fg-pick") == "#333333"
    assert "1.4" in page.locator("#contrast").inner_text()  # #333333 on #16181b: 1.43:1
    assert 'data-fg="#333333"' in page.locator("#script-snippet").inner_text()
    assert "widget?theme=dark&amp;fg=%23333333" in page.locator("#iframe-snippet").inner_text()
    # What the server renders without the script, the script builds too.
    static_page.goto(page.url)
    assert [text.replace(PLACEHOLDER_BASE, long_set_server.base_url + "/")
            for text in static_page.locator("pre").all_inner_texts()] == \
        page.locator("pre").all_inner_texts()
    page.fill("#fg", "#ECEFF1")
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget?theme=dark&fg=%23eceff1'")
    assert page.input_value("#fg-pick") == "#eceff1"
    assert page.locator("#contrast").inner_text() == ""
    assert page.eval_on_selector("#preview-dark", "f => f.getAttribute('src')") == \
        "widget?theme=dark&fg=%23eceff1"
    # A transparent strip is read on the host's background: dark text fails on the dark host.
    page.fill("#fg", "")
    page.select_option("#theme", "transparent")
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget?theme=transparent'")
    assert page.locator("#contrast").inner_text() != ""
    assert axe_violations(page) == ""
    tab.assert_clean()


@pytest.mark.parametrize(("lang", "picked", "remove"), [
    ("ja", "ソウル: 選びました。", "ソウルを外す"), ("zh", "首尔:已选择。", "移除首尔")])
def test_the_script_speaks_the_page_language(tab: Tab, long_set_server: TickerProcess,
                                             lang: str, picked: str, remove: str) -> None:
    page = tab.page
    page.goto(f"{long_set_server.base_url}/?lang={lang}")
    frame_of(tab, "#preview")
    page.fill("#q", "seoul")
    page.press("#q", "Enter")
    assert page.locator("#q-count").inner_text() == picked
    assert page.locator("#picked button").get_attribute("aria-label") == remove
    tab.assert_clean()
