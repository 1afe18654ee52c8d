"""embed.js and the widget's messages in headless Chromium, on a page of another origin.

The iframe has its final height before the widget loads, so the host page does not move when
it arrives; and a message the browser refuses to send never stops the widget from polling.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from support.browser import HostSite, Tab, frame_of
from support.service import TickerProcess

from ticker.web.widget.options import HEIGHTS, SIZES

pytest_plugins = ["support.browser_fixtures"]

# Layout shifts and the widgets' height messages, recorded from the page's first moment.
RECORDER = """<script>
window.__shifts = []; window.__heights = [];
new PerformanceObserver(list => list.getEntries().forEach(
  entry => window.__shifts.push([entry.startTime, entry.value]))
).observe({type: "layout-shift", buffered: true});
addEventListener("message", event => window.__heights.push(event.data && event.data.height));
</script>"""
# Each iframe's set and laid-out height, and where the text after it starts.
GEOMETRY = """() => [...document.querySelectorAll("iframe")].map(frame => [
  frame.title, frame.style.height, frame.getBoundingClientRect().height,
  frame.parentElement.nextElementSibling.getBoundingClientRect().top])"""


def pump_until(tab: Tab, predicate: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    """Let the page and Playwright's handlers run until ``predicate()`` holds."""
    for _ in range(timeout_ms // 100):
        if predicate():
            return
        tab.page.wait_for_timeout(100)
    assert predicate()


def test_embed_js_reserves_the_final_height_before_the_widget_loads(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    held: list[Any] = []
    # Answered only once the iframes are in place and measured.
    tab.page.route("**/widget?*", lambda route: held.append(route))
    script = f"{sample_server.base_url}/embed.js"
    tags = [f'<script src="{script}" data-size="{size}" async></script>' for size in SIZES]
    tags.append(f'<script src="{script}" data-lang="en" async></script>')  # the default size
    body = RECORDER + "".join(f"<div>{tag}</div><p>Article text.</p>" for tag in tags)
    tab.page.goto(host.page("/reserve.html", body), wait_until="domcontentloaded")
    pump_until(tab, lambda: len(held) == len(tags))
    before = tab.page.evaluate(GEOMETRY)
    assert [height for _, height, _, _ in before] == [
        f"{HEIGHTS[size]}px" for size in (*SIZES, "m")]
    assert [laid_out for _, _, laid_out, _ in before] == [HEIGHTS[s] for s in (*SIZES, "m")]
    released = tab.page.evaluate("() => performance.now()")

    for route in held:
        route.continue_()
    tab.page.wait_for_function(f"() => window.__heights.length === {len(tags)}")
    for index in range(len(tags)):
        frame_of(tab, f"div:nth-of-type({index + 1}) iframe")
    assert tab.page.evaluate(GEOMETRY) == before
    assert sorted(tab.page.evaluate("() => window.__heights")) == sorted(
        HEIGHTS[size] for size in (*SIZES, "m"))
    shifts = tab.page.evaluate("() => window.__shifts")
    assert [value for start, value in shifts if start >= released] == []
    # Two tickers on one page still have titles that tell them apart.
    titles = [title for title, _, _, _ in before]
    assert len(set(titles)) == len(titles)
    tab.assert_clean()


# In the widget's frame: point data-parent at an origin postMessage refuses, before the
# widget's script runs (mutation callbacks run before a parser-inserted script).
REFUSED_TARGET = """
if (location.pathname.endsWith("/widget")) {
  new MutationObserver((records, observer) => {
    const root = document.getElementById("w");
    if (!root) return;
    root.dataset.parent = "http://a.example:99999";
    window.__retargeted = true;
    observer.disconnect();
  }).observe(document, {childList: true, subtree: true});
}
"""


def test_a_refused_message_does_not_stop_polling(
        browser: Any, host: HostSite, sample_server: TickerProcess) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 400})
    context.add_init_script(REFUSED_TARGET)
    try:
        tab = Tab(context.new_page()).watch()
        polls: list[str] = []
        tab.page.on("request", lambda request: "/v1/weather" in request.url and
                    polls.append(request.url))
        tab.page.goto(host.page("/refused.html", f'<iframe id="w" title="날씨" '
                                f'src="{sample_server.base_url}/widget?refresh=2" '
                                'style="width:100%;height:56px;border:0"></iframe>'))
        frame = frame_of(tab, "#w")
        assert frame.evaluate("() => window.__retargeted") is True
        # The browser does refuse this target: it is the failure the widget must survive.
        refused = frame.evaluate("""() => { try { parent.postMessage({}, "http://a.example:99999");
            return "sent"; } catch (error) { return error.name; } }""")
        assert refused == "SyntaxError"
        pump_until(tab, lambda: len(polls) >= 2)
        tab.assert_clean()
    finally:
        context.close()
