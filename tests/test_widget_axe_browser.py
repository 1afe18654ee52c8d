"""axe-core's WCAG 2.1 A and AA rules on the widget and the demo page, in headless Chromium.

``axe-playwright-python`` bundles axe-core. Every run must report no violation at all; the
widget is checked in each theme, language and size that changes its look, at a phone width
and a desktop one.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import ARTIFACTS, Tab, frame_of
from service import TickerProcess

pytest_plugins = ["browser_fixtures"]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def axe_violations(page: Any, options: dict[str, Any] = WCAG_21_AA) -> str:
    """axe-core's report of the page and its frames; empty when nothing is violated."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    # axe audits a frame only where it is loaded itself; the top page gets it from run().
    for frame in page.frames[1:]:
        frame.evaluate(axe.axe_script)
    results = axe.run(page, options=options)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("query", "motion"), [
    ("theme=light", "no-preference"), ("theme=dark", "no-preference"),
    ("lang=en", "no-preference"), ("size=xl", "no-preference"), ("", "reduce"),
    ("lang=en&size=s&theme=dark", "reduce"),
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
    tab.page.goto(sample_server.base_url + "/")
    frame_of(tab, "iframe.light")
    frame_of(tab, ".dark iframe")
    assert axe_violations(tab.page) == ""
    page = tab.page
    assert page.locator("main").count() == 1
    assert page.locator('meta[name="description"]').get_attribute("content")
    titles = page.eval_on_selector_all("iframe", "frames => frames.map(f => f.title)")
    assert len(titles) == 2 and len(set(titles)) == 2
    # The snippets scroll sideways on a phone, so a keyboard must be able to reach them.
    assert page.eval_on_selector_all("pre", "els => els.map(e => e.tabIndex)") == [0, 0]
    # Filled in from the page's own address, never from the request's Host header.
    snippets = page.locator("pre").all_inner_texts()
    assert f'src="{sample_server.base_url}/widget?' in snippets[0]
    assert f'src="{sample_server.base_url}/embed.js"' in snippets[1]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"demo-{width}.png", full_page=True)
    tab.assert_clean()
