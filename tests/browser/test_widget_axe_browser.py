"""axe-core's WCAG 2.1 A and AA rules on the widget and the demo page, in headless Chromium.

``axe-playwright-python`` bundles axe-core. Every run must report no violation at all; the
widget is checked in each theme, language and size that changes its look, at a phone width
and a desktop one.
"""

from __future__ import annotations

import pytest
from support.browser import ARTIFACTS, Tab, axe_violations, frame_of
from support.service import TickerProcess

pytest_plugins = ["support.browser_fixtures"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("query", "motion"), [
    ("theme=light", "no-preference"), ("theme=dark", "no-preference"),
    ("lang=en", "no-preference"), ("size=xl", "no-preference"), ("", "reduce"),
    ("lang=en&size=s&theme=dark", "reduce"), ("lang=ja", "no-preference"),
    ("lang=zh&size=s&theme=dark", "reduce"),
])
def test_the_widget_has_no_wcag_21_aa_violation(tab: Tab, sample_server: TickerProcess,
                                                query: str, motion: str, width: int) -> None:
    tab.page.emulate_media(reduced_motion=motion)
    tab.page.set_viewport_size({"width": width, "height": 400})
    tab.page.goto(f"{sample_server.base_url}/widget?{query}")
    tab.page.wait_for_selector(".cp li")
    assert axe_violations(tab.page) == ""
    # WCAG 2.2's target size too (axe leaves it off by default): every control is 24 px+.
    target_size = {"runOnly": {"type": "rule", "values": ["target-size"]},
                   "rules": {"target-size": {"enabled": True}}, "resultTypes": ["violations"]}
    assert axe_violations(tab.page, target_size) == ""
    tab.assert_clean()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_demo_page_has_no_wcag_21_aa_violation(tab: Tab, sample_server: TickerProcess,
                                                   width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    page = tab.page
    page.goto(sample_server.base_url + "/")
    frame_of(tab, "#preview")
    assert axe_violations(page) == ""
    assert page.locator("main").count() == 1
    assert page.locator('meta[name="description"]').get_attribute("content")
    # The snippets scroll sideways on a phone, so a keyboard must be able to reach them.
    assert page.eval_on_selector_all("pre", "els => els.map(e => e.tabIndex)") == [0, 0, 0]
    # Filled in from the page's own address, never from the request's Host header.
    snippets = page.locator("pre").all_inner_texts()
    assert f'src="{sample_server.base_url}/widget"' in snippets[0]
    assert f'src="{sample_server.base_url}/embed.js"' in snippets[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"demo-{width}.png", full_page=True)

    # Searching, picking (each pick gets a remove button) and a second ticker on the page.
    page.fill("#q", "부산")
    page.press("#q", "Enter")
    page.fill("#q", "gang")
    page.select_option("#theme", "dark")
    page.check("input[name=show][value=feels]")
    page.wait_for_function("() => document.getElementById('preview').getAttribute('src')"
                           ".includes('theme=dark')")
    frame_of(tab, "#preview")
    assert axe_violations(page) == ""
    titles = page.eval_on_selector_all("iframe", "frames => frames.map(f => f.title)")
    assert len(titles) == len(set(titles))
    page.screenshot(path=ARTIFACTS / f"demo-{width}-configured.png", full_page=True)
    tab.assert_clean()

    # The message for a bad value is announced and passes too.
    page.goto(sample_server.base_url + "/?size=huge")
    assert page.locator("[role=alert]").inner_text().count("parameter 'size'") == 1
    assert axe_violations(page) == ""
    # The browser logs the 400 itself; nothing else may go wrong.
    assert len(tab.problems) == 1 and "status of 400" in tab.problems[0]
