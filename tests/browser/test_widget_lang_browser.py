"""The widget in Japanese and Chinese, in headless Chromium with Debian's fonts-noto-cjk: one line
at the documented height at 320–2560 px, the text drawn with a Japanese or Chinese CJK font
(never the Korean one's forms, never tofu), the script rewording each poll as the server
does, and axe-core's WCAG 2.1 AA rules passing."""

from __future__ import annotations

from typing import Any

import pytest
from support.browser import Tab, axe_violations
from support.service import TickerProcess

from ticker.core.documents import ATTRIBUTION
from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]

WIDTHS = (320, 768, 1280, 2560)
LANGS = ("ja", "zh")
# The family fontconfig gives for each language's text with fonts-noto-cjk installed: the
# CJK fonts draw shared Han characters in each country's own forms.
FONT_FAMILY = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC"}
SHORT_SOURCE = {"ja": "韓国気象庁", "zh": "韩国气象厅"}

LAYOUT = """() => {
  const w = document.querySelector(".w").getBoundingClientRect();
  const strip = document.querySelector(".s").getBoundingClientRect();
  const top = document.querySelector(".top");
  const tops = new Set(), cut = [];
  for (const li of document.querySelectorAll(".cp:first-child li")) {
    const r = li.getBoundingClientRect();
    tops.add(Math.round(r.top));
    if (r.top < strip.top - 0.5 || r.bottom > strip.bottom + 0.5) cut.push("city cut");
  }
  if (top.scrollWidth > top.clientWidth) cut.push("meta line overflows");
  const a = document.querySelector(".a").getBoundingClientRect();
  if (a.right > top.getBoundingClientRect().right + 0.5) cut.push("source cut");
  const seen = [...document.querySelectorAll(".a > *")]
    .filter(e => e.getBoundingClientRect().width > 0).map(e => e.textContent);
  return {height: w.height, rows: tops.size, cut: cut, source: seen};
}"""


def platform_fonts(page: Any, selector: str) -> dict[str, int]:
    """The fonts Chromium actually drew an element's text with, and how many glyphs each."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", LANGS)
def test_one_line_at_the_documented_height_at_every_width(
        tab: Tab, sample_server: TickerProcess, lang: str, size: str) -> None:
    tab.page.goto(f"{sample_server.base_url}/widget?lang={lang}&size={size}")
    tab.page.wait_for_selector(".cp li")
    for width in WIDTHS:
        tab.page.set_viewport_size({"width": width, "height": 400})
        layout = tab.page.evaluate(LAYOUT)
        assert layout["height"] == HEIGHTS[size], width
        assert layout["rows"] == 1, width
        assert layout["cut"] == [], width
        assert layout["source"] in ([ATTRIBUTION[lang]], [SHORT_SOURCE[lang]]), width
    tab.assert_clean()


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


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("query", ["lang=ja", "lang=zh&theme=dark&size=s"])
def test_axe_passes_in_japanese_and_chinese(tab: Tab, sample_server: TickerProcess, query: str,
                                            width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 400})
    tab.page.goto(f"{sample_server.base_url}/widget?{query}")
    tab.page.wait_for_selector(".cp li")
    assert axe_violations(tab.page) == ""
    tab.assert_clean()
