"""The configurator in headless Chromium: pick, preview, copy, paste on another origin; the
same result without JavaScript; and the page's script building what the server renders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.browser import REPORT_CSP_VIOLATIONS, HostSite, Tab, frame_of, items, start_ticker
from support.service import TickerProcess

from ticker.web.configurator.demo import PLACEHOLDER_BASE

pytest_plugins = ["support.browser_fixtures"]

# An "&" is valid in an address, and escaped in the snippets by the server and the script alike.
PUBLIC_URL = "https://ticker.example.org/news&weather/"
PICKS = {"서울": "맑음 서울 3.8℃", "강릉": "맑음 강릉 11.0℃", "제주": "박무 제주 14.1℃"}
PREVIEW_SRC = "() => document.getElementById('preview').getAttribute('src')"


@pytest.fixture
def clipboard_tab(browser: Any, sample_server: TickerProcess) -> Iterator[Tab]:
    """A tab whose page may read and write the clipboard, watched like the others."""
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"],
                              origin=sample_server.base_url)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    try:
        yield Tab(context.new_page()).watch()
    finally:
        context.close()


@pytest.fixture(scope="module")
def sets_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TickerProcess]:
    """Sample data, two sets and a public address."""
    process = start_ticker(tmp_path_factory.mktemp("sets"), settings={
        "sets": {"south": ["busan", "ulsan", "jeju"], "gangwon": ["chuncheon", "gangneung"]},
        "server": {"public_url": PUBLIC_URL}})
    yield process
    process.stop()


def copy(tab: Tab, snippet: str) -> str:
    """Press a snippet's copy button; what the clipboard then holds."""
    page = tab.page
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.click(f"button[data-copy={snippet}]")
    page.wait_for_function("() => document.getElementById('copied').textContent !== ''")
    copied: str = page.evaluate("() => navigator.clipboard.readText()")
    page.evaluate("() => { document.getElementById('copied').textContent = ''; }")
    return copied


def test_pick_three_by_korean_name_go_dark_copy_and_embed_on_another_origin(
        clipboard_tab: Tab, host: HostSite, sample_server: TickerProcess, browser: Any) -> None:
    page = clipboard_tab.page
    base = sample_server.base_url
    page.goto(base + "/")
    for name in PICKS:
        page.locator("#q").press_sequentially(name)
        page.press("#q", "Enter")
    # 강릉 is the station named so, not 북강릉 that also contains it.
    assert page.locator("#picked li").evaluate_all(
        "items => items.map(i => i.dataset.id)") == ["seoul", "gangneung", "jeju"]
    page.select_option("#theme", "dark")
    query = "cities=seoul,gangneung,jeju&theme=dark"
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget?{query}'")
    assert page.url == f"{base}/?{query}"
    preview = frame_of(clipboard_tab, "#preview")
    preview.wait_for_function("() => document.documentElement.className === 't-dark'")
    assert items(preview) == list(PICKS.values())

    script = copy(clipboard_tab, "script-snippet")
    assert script == (f'<div style="min-height:56px"><script src="{base}/embed.js" '
                      'data-cities="seoul,gangneung,jeju" data-theme="dark" async></script></div>')
    iframe = copy(clipboard_tab, "iframe-snippet")
    assert iframe.startswith(f'<iframe src="{base}/widget?cities=seoul,gangneung,jeju&amp;'
                             'theme=dark" title="날씨 티커 (기상청 제공)"')
    clipboard_tab.assert_clean()

    # A blank page of another origin with just the snippets pasted in.
    context = browser.new_context(viewport={"width": 1000, "height": 600})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    try:
        pasted = Tab(context.new_page()).watch()
        pasted.page.goto(host.page("/pasted.html", f"<div>{script}</div><div>{iframe}</div>"))
        assert host.origin != base
        for selector in ("script + iframe", "div:nth-of-type(2) iframe"):
            frame = frame_of(pasted, selector)
            assert items(frame) == list(PICKS.values())
            assert frame.evaluate("() => document.documentElement.className") == "t-dark"
        titles = pasted.page.eval_on_selector_all("iframe", "fs => fs.map(f => f.title)")
        assert len(set(titles)) == 2
        pasted.assert_clean()
    finally:
        context.close()


def test_without_javascript_the_form_shows_the_submitted_choice(
        static_page: Any, sample_server: TickerProcess) -> None:
    page = static_page
    page.goto(sample_server.base_url + "/")
    assert not page.locator("#q").is_visible()  # searching needs the script
    assert not page.locator("button.copy").first.is_visible()
    page.check("input[name=station][value=seoul]")
    page.check("input[name=station][value=busan]")
    page.select_option("#theme", "dark")
    page.select_option("#size", "l")
    page.check("input[name=show][value=feels]")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "station=busan&station=seoul" in page.url  # the list's order: 부산 before 서울
    query = "cities=busan,seoul&theme=dark&size=l&show=feels"
    assert page.eval_on_selector("#preview", "f => f.getAttribute('src')") == f"widget?{query}"
    assert page.eval_on_selector("#preview", "f => f.getBoundingClientRect().height") == 63
    preview = page.locator("#preview").element_handle().content_frame()
    preview.wait_for_selector(".cp li")
    assert items(preview) == ["흐림 부산 13.5℃", "맑음 서울 3.8℃ 체감 1.8℃"]
    snippets = page.locator("pre").all_inner_texts()
    assert snippets[0] == (
        f'<iframe src="{PLACEHOLDER_BASE}widget?{query.replace("&", "&amp;")}" '
        'title="날씨 티커 (기상청 제공)"\n'
        '        loading="lazy" style="width:100%;height:63px;border:0"></iframe>')
    assert snippets[1] == (f'<div style="min-height:63px"><script src="{PLACEHOLDER_BASE}embed.js" '
                           'data-cities="busan,seoul" data-theme="dark" data-size="l" '
                           'data-show="feels" async></script></div>')
    assert page.locator("#picked li").all_inner_texts() == ["부산", "서울"]

    response = page.goto(sample_server.base_url + "/?theme=neon-pink")
    assert response is not None and response.status == 400
    assert "parameter 'theme'" in page.locator("[role=alert]").inner_text()
    assert "neon" not in page.content()


@pytest.mark.parametrize("query", [
    "", "set=south&lang=en&size=xl&speed=fast&show=trend",
    "cities=jeju,seoul,daegwallyeong&theme=auto&show=feels,minmax",
    "station=ulsan&station=sokcho&theme=transparent&size=s&speed=slow&lang=en",
])
def test_the_page_script_builds_what_the_server_renders(
        tab: Tab, static_page: Any, sets_server: TickerProcess, query: str) -> None:
    url = f"{sets_server.base_url}/?{query}"
    static_page.goto(url)
    rendered = static_page.locator("pre").all_inner_texts()
    assert all(PUBLIC_URL.replace("&", "&amp;") in snippet for snippet in rendered)
    tab.page.goto(url)
    frame_of(tab, "#preview")
    assert tab.page.locator("pre").all_inner_texts() == rendered
    assert tab.page.eval_on_selector("#preview", "f => f.getAttribute('src')") == \
        static_page.eval_on_selector("#preview", "f => f.getAttribute('src')")
    tab.assert_clean()


def test_choosing_a_set_sets_the_stations_aside(tab: Tab, static_page: Any,
                                                sets_server: TickerProcess) -> None:
    page = tab.page
    page.goto(sets_server.base_url + "/?cities=seoul")
    # In the configuration's order (the test's YAML writer sorts the names).
    assert page.locator("#set option").all_inner_texts()[1:] == [
        "gangwon: 춘천, 강릉", "south: 부산, 울산, 제주"]
    page.select_option("#set", "gangwon")
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget?set=gangwon'")
    assert page.locator("input[name=station]").first.is_disabled()
    preview = frame_of(tab, "#preview")
    assert preview.eval_on_selector_all(".cp:first-child li", "els => els.map(e => e.dataset.id)"
                                        ) == ["chuncheon", "gangneung"]
    # What the address now says, the server renders the same without the script.
    static_page.goto(page.url)
    assert static_page.locator("pre").all_inner_texts() == page.locator("pre").all_inner_texts()
    page.select_option("#set", "")
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget?cities=seoul'")
    assert not page.locator("input[name=station]").first.is_disabled()
    page.click("#picked button")  # 서울 빼기
    page.wait_for_function(f"() => ({PREVIEW_SRC})() === 'widget'")
    assert page.locator("#picked-none").is_visible()
    tab.assert_clean()


def test_screenshots_at_phone_and_desktop_width(tab: Tab, sets_server: TickerProcess) -> None:
    artifacts = Path(__file__).parents[2] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    for width in (360, 1280):
        tab.page.set_viewport_size({"width": width, "height": 900})
        tab.page.goto(f"{sets_server.base_url}/?set=south&theme=dark&show=feels")
        frame_of(tab, "#preview")
        tab.page.screenshot(path=artifacts / f"configurator-{width}.png", full_page=True)
    tab.assert_clean()
