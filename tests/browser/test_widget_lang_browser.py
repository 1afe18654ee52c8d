"""The widget in Japanese and Chinese, in headless Chromium with Debian's fonts-noto-cjk: the
text drawn with a Japanese or Chinese CJK font (never the Korean one's forms, never tofu), and
the script rewording each poll as the server does. Their one line at the documented height
from 280 to 2560 px is tests/browser/test_widget_layout_browser.py's, with the other
languages; axe-core's rules, tests/browser/test_widget_axe_browser.py's."""

from __future__ import annotations

from typing import Any

import pytest
from support.browser import Tab
from support.service import TickerProcess

pytest_plugins = ["support.browser_fixtures"]

LANGS = ("ja", "zh")
# The family fontconfig gives for each language's text with fonts-noto-cjk installed: the
# CJK fonts draw shared Han characters in each country's own forms.
FONT_FAMILY = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC"}


def platform_fonts(page: Any, selector: str) -> dict[str, int]:
    """The fonts Chromium actually drew an element's text with, and how many glyphs each."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize("lang", LANGS)
def test_the_text_is_drawn_with_the_languages_cjk_font(
        tab: Tab, sample_server: TickerProcess, lang: str) -> None:
    # 서울 is first in the sample strip: ソウル (kana) and 首尔 (a Simplified-only form).
    tab.page.goto(f"{sample_server.base_url}/widget?lang={lang}&cities=seoul,gwangju")
    tab.page.wait_for_selector(".cp li")
    name = tab.page.inner_text(".cp li .n")
    fonts = platform_fonts(tab.page, ".cp li .n")
    # Every glyph of the name from the language's own CJK font: none from a Korean font (its
    # forms of shared characters), none from a font without them (tofu boxes).
    assert fonts == {FONT_FAMILY[lang]: len(name)}, fonts
    attribution = platform_fonts(tab.page, ".a .lf")
    assert set(attribution) == {FONT_FAMILY[lang]}, attribution
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_the_script_rewords_each_poll_as_the_server_does(
        tab: Tab, sample_server: TickerProcess, lang: str) -> None:
    tab.page.goto(f"{sample_server.base_url}/widget?lang={lang}&refresh=2")
    tab.page.wait_for_selector(".cp li")
    shown = ".d .lf, .d .sf, .a .lf, .cp li .n, .cp li .c"
    server = tab.page.eval_on_selector_all(shown, "els => els.map(e => e.textContent)")
    # Blank them: only the script's next poll can write them again.
    tab.page.eval_on_selector_all(shown, "els => els.forEach(e => { e.textContent = ''; })")
    tab.page.wait_for_function(
        "([selector, expected]) => [...document.querySelectorAll(selector)]"
        ".map(e => e.textContent).every((text, i) => text === expected[i])",
        arg=[shown, server], timeout=15_000)
    tab.assert_clean()
