"""The widget in headless Chromium, embedded in a page of another origin.

One browser serves the module. The sample-data server is the installed ``ticker serve``; the
live-update test runs it against the fake KMA; the delay test runs the app in a thread with an
injected clock and the strong ETags the API is about to get.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.browser import ARTIFACTS, HostSite, Tab, ThreadedApp, frame_of, items, start_ticker
from support.clock import Clock
from support.fakekma import FakeKma, Reply, Request
from support.payloads import (
    CANARY_KEY,
    SFCTM2_16,
    data_lines,
    live_sfctm2,
    seed_rows,
    sfctm2_body,
    with_field,
)
from support.service import TickerProcess
from support.stations import CITIES
from werkzeug.wrappers import Response

from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.observations import Observation, Snapshot
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.apihub.sfctm2 import COLUMNS
from ticker.web.context import WebContext
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS

pytest_plugins = ["support.browser_fixtures"]

SEED = [f"{r['condition_ko']} {r['name_ko']} {float(r['temperature_c']):.1f}℃"
        for r in seed_rows()]
TRANSFORM = "element => getComputedStyle(element).transform"
# No animation of the element running, or about to run or pause.
SETTLED = """element => element.getAnimations().every(
    animation => !animation.pending && animation.playState !== "running")"""


def embedding_page(host: HostSite, widget_url: str, name: str) -> str:
    return host.page(f"/{name}.html", f"""
<iframe id="direct" src="{widget_url}/widget?theme=light&amp;refresh=2" title="날씨"
        style="display:block;width:100%;height:60px;border:0"></iframe>
<p>Some article text between two widgets.</p>
<script id="dark" src="{widget_url}/embed.js" data-theme="dark" async></script>
<p>More text.</p>
<script id="en" src="{widget_url}/embed.js" data-cities="seoul,busan" data-lang="en" async>
</script>""")


def keeps_moving(tab: Tab, frame: Any) -> bool:
    """True once the strip's transform has changed (a starved browser may take a while)."""
    before = frame.eval_on_selector(".tr", TRANSFORM)
    for _ in range(60):
        tab.page.wait_for_timeout(250)
        if frame.eval_on_selector(".tr", TRANSFORM) != before:
            return True
    return False


def stands_still(tab: Tab, frame: Any) -> bool:
    """True when the strip's animation has settled, paused, and its transform then stays the
    same across 500 ms of watching."""
    # A pause takes effect at the next frame (until then it is "pending" and the strip still
    # moves), which a loaded machine can delay: wait for it before watching.
    for _ in range(60):
        if frame.eval_on_selector(".tr", SETTLED):
            break
        tab.page.wait_for_timeout(250)
    else:
        return False
    before = frame.eval_on_selector(".tr", TRANSFORM)
    tab.page.wait_for_timeout(500)
    return frame.eval_on_selector(".tr", TRANSFORM) == before


def wait_until(tab: Tab, predicate: Callable[[], bool], timeout_ms: int = 30_000) -> None:
    """Let the page run until ``predicate()`` holds."""
    for _ in range(timeout_ms // 250):
        if predicate():
            return
        tab.page.wait_for_timeout(250)
    assert predicate()


def reported_height(tab: Tab, selector: str) -> tuple[str, str]:
    """The iframe's height as embed.js set it, and the widget's own height inside it."""
    frame = frame_of(tab, selector)
    inside = frame.eval_on_selector(".w", "w => Math.ceil(w.getBoundingClientRect().height)")
    expected = f"{inside}px"
    tab.page.wait_for_function("([s, h]) => document.querySelector(s).style.height === h",
                               arg=[selector, expected])
    return tab.page.eval_on_selector(selector, "f => f.style.height"), expected


def test_embedded_widgets_show_every_item_from_the_other_origin(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    tab.page.goto(embedding_page(host, sample_server.base_url, "embedded"))
    direct = frame_of(tab, "#direct")
    assert items(direct) == SEED
    for item in direct.locator(".cp").first.locator("li").all():
        assert item.is_visible()
    for selector, text in ((".d", "2025.12.01 (월)"), (".o", "09:00 관측"),
                           (".a", "기상청 제공"), (".bs", "샘플 데이터")):
        assert direct.locator(selector).is_visible()
        assert direct.locator(selector).inner_text() == text
    assert not direct.locator(".bd").is_visible()
    # Seamless loop: two copies of equal width, the track exactly both.
    track, first, second = direct.eval_on_selector_all(
        ".tr, .cp", "els => els.map(e => e.getBoundingClientRect().width)")
    assert first == pytest.approx(second, abs=0.01)
    assert track == pytest.approx(first + second, abs=0.01)
    assert direct.locator(".cp").nth(1).get_attribute("aria-hidden") == "true"

    for selector in ("script#dark + iframe", "script#en + iframe"):
        frame_tag = tab.page.locator(selector)
        assert frame_tag.get_attribute("loading") == "lazy"
        assert "기상청" in frame_tag.get_attribute("title") or "Korea" in frame_tag.get_attribute(
            "title")
        height, expected = reported_height(tab, selector)
        assert height == expected
    english = frame_of(tab, "script#en + iframe")
    assert items(english) == ["Clear Seoul 3.8℃", "Overcast Busan 13.5℃"]
    assert english.locator(".d").inner_text() == "Mon, 1 Dec 2025"
    assert english.locator(".a").inner_text() == "Korea Meteorological Administration"
    assert tab.page.locator("iframe").count() == 3

    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.locator("#direct").screenshot(path=ARTIFACTS / "widget-light.png")
    tab.page.locator("script#dark + iframe").screenshot(path=ARTIFACTS / "widget-dark.png")
    tab.page.screenshot(path=ARTIFACTS / "widget-embedded.png")
    tab.assert_clean()


def test_the_strip_pauses_for_the_button_hover_and_focus(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    tab.page.goto(embedding_page(host, sample_server.base_url, "motion"))
    frame = frame_of(tab, "#direct")
    assert frame.eval_on_selector(".tr", "t => getComputedStyle(t).animationName") == "tk"
    # The script times one copy's pass to the speed asked for: normal is 3 em/s at 16 px.
    seconds, width = frame.eval_on_selector(".tr", """t => [
        parseFloat(getComputedStyle(t).animationDuration),
        t.querySelector(".cp").getBoundingClientRect().width]""")
    assert seconds == pytest.approx(width / 16 / 3.0, abs=0.06)
    assert keeps_moving(tab, frame)

    frame.locator(".pp").click()
    tab.page.mouse.move(5, 5)  # off the widget: only the button holds it still
    assert frame.locator(".pp").get_attribute("aria-pressed") == "true"
    assert stands_still(tab, frame)
    frame.locator(".pp").click()
    tab.page.mouse.move(5, 5)
    assert frame.locator(".pp").get_attribute("aria-pressed") == "false"
    assert keeps_moving(tab, frame)

    frame.locator(".s").hover()
    assert stands_still(tab, frame)
    tab.page.mouse.move(5, 5)
    frame.locator(".pp").focus()
    tab.page.keyboard.press("Tab")  # from the button to the strip, as a keyboard user would
    assert frame.evaluate("() => document.activeElement.className") == "s"
    assert stands_still(tab, frame)
    tab.assert_clean()


def test_reduced_motion_shows_a_still_strip_on_one_line(tab: Tab, host: HostSite,
                                                       sample_server: TickerProcess) -> None:
    tab.page.emulate_media(reduced_motion="reduce")
    tab.page.goto(embedding_page(host, sample_server.base_url, "reduced"))
    frame = frame_of(tab, "script#dark + iframe")
    assert frame.eval_on_selector(".tr", "t => getComputedStyle(t).animationName") == "none"
    assert stands_still(tab, frame)
    assert not frame.locator(".cp").nth(1).is_visible()
    assert not frame.locator(".pp").is_visible()
    assert frame.locator(".nb-p").is_visible()
    assert frame.locator(".nb-n").is_visible()
    # Every item is still there, on one line the reader scrolls; the frame keeps its height.
    assert items(frame) == SEED
    tops = frame.eval_on_selector_all(".cp:first-child li",
                                      "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(set(tops)) == 1
    height, expected = reported_height(tab, "script#dark + iframe")
    assert height == expected == f"{HEIGHTS['m']}px"
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=ARTIFACTS / "widget-reduced-motion.png")
    tab.assert_clean()


def test_csp_violations_would_be_seen(tab: Tab, host: HostSite,
                                      sample_server: TickerProcess) -> None:
    # The other tests assert no violation; this one shows a violation is caught when it happens.
    tab.page.goto(embedding_page(host, sample_server.base_url, "csp"))
    frame = frame_of(tab, "#direct")
    frame.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.__injected = 1";
                             document.body.appendChild(s); }""")
    wait_until(tab, lambda: any("CSP violation: script-src" in p for p in tab.problems))
    assert frame.evaluate("() => window.__injected") is None


def warmer_sfctm2(degrees: float) -> Callable[[Request], Reply]:
    """Like live_sfctm2(), with every temperature raised by ``degrees``."""
    lines = [with_field(line, "TA", f"{float(line.split()[COLUMNS.index('TA')]) + degrees:.1f}")
             for line in data_lines(SFCTM2_16)]
    text = sfctm2_body(lines)

    def handler(request: Request) -> Reply:
        now = datetime.now(KST).strftime("%Y%m%d%H%M")
        return Reply(body=text.replace("202512040900", now).encode("cp949"))

    return handler


def test_new_values_replace_the_text_without_a_reload(
        tab: Tab, host: HostSite, fake_kma: FakeKma, tmp_path: Path) -> None:
    fake_kma.route(SFCTM2_PATH, live_sfctm2())
    server = start_ticker(tmp_path, {"KMA_APIHUB_URL": fake_kma.url,
                                     "KMA_APIHUB_KEY": CANARY_KEY},
                          {"schedule": {"interval_seconds": 1, "jitter_seconds": 0}})
    try:
        # 240 px: two cities overflow it and scroll (on a wide page they would stand still).
        url = host.page("/live.html", f'<iframe id="direct" src="{server.base_url}/widget?'
                        'refresh=2&amp;cities=seoul,busan" title="날씨" '
                        'style="width:240px;height:60px;border:0"></iframe>')
        tab.page.goto(url)
        frame = frame_of(tab, "#direct")
        assert items(frame) == ["맑음 서울 3.8℃", "흐림 부산 13.5℃"]
        assert not frame.locator(".bs").is_visible()
        frame.evaluate("""() => { window.__loaded_marker = 1;
            window.__seoul = document.querySelector("[data-id=seoul] .t").firstChild;
            window.__started = document.querySelector(".tr").getAnimations()[0].currentTime; }""")

        fake_kma.route(SFCTM2_PATH, warmer_sfctm2(10.0))
        frame.wait_for_function(
            "() => document.querySelector('[data-id=seoul] .t').textContent === '13.8℃'",
            timeout=20_000)
        assert items(frame) == ["맑음 서울 13.8℃", "흐림 부산 23.5℃"]
        assert frame.locator(".cp").nth(1).locator("li").all_inner_texts()[1].strip() == (
            "흐림 부산 23.5℃")
        assert frame.evaluate("() => window.__loaded_marker") == 1
        # The same text node took the new value, and the scroll went on from where it was.
        assert frame.evaluate("""() => window.__seoul ===
            document.querySelector("[data-id=seoul] .t").firstChild""")
        assert frame.evaluate("""() => document.querySelector(".tr").getAnimations()[0]
            .currentTime > window.__started""")
        tab.assert_clean()
    finally:
        server.stop()


def with_etags(app: Any) -> Callable[..., Any]:
    """Strong ETags and 304s on /v1/weather, whatever the app itself sends."""

    def middleware(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != "/v1/weather":
            return app(environ, start_response)
        sent = environ.pop("HTTP_IF_NONE_MATCH", None)
        response = Response.from_app(app, environ)
        tag = '"' + hashlib.sha256(response.get_data()).hexdigest()[:20] + '"'
        if sent == tag:
            response = Response(status=304)
        response.headers["ETag"] = tag
        return response(environ, start_response)

    return middleware


@pytest.fixture
def clocked_app(tmp_path: Path) -> Iterator[tuple[ThreadedApp, Clock]]:
    now = datetime(2025, 12, 1, 9, 30, tzinfo=KST)
    store = FileStore(tmp_path)
    store.put(Snapshot(source="asos", sample=False, updated_at=now, observations=tuple(
        Observation(city_id=city.id, temperature_c=4.0, condition=Condition.OVERCAST,
                    observed_at=now.replace(minute=0), source="asos") for city in CITIES)))
    clock = Clock(now)
    app = create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock))
    server = ThreadedApp(with_etags(app))
    yield server, clock
    server.close()


def test_delayed_data_shows_its_badge_live_and_server_rendered(
        tab: Tab, browser: Any, host: HostSite,
        clocked_app: tuple[ThreadedApp, Clock]) -> None:
    server, clock = clocked_app
    polls: list[tuple[int, str | None]] = []
    tab.page.on("response", lambda response: "/v1/weather" in response.url and polls.append(
        (response.status, response.request.headers.get("if-none-match"))))
    url = host.page("/delay.html", f'<iframe id="direct" src="{server.url}/widget?refresh=2&amp;'
                    'cities=seoul,busan" title="날씨" style="width:100%;height:60px;border:0">'
                    '</iframe>')
    tab.page.goto(url)
    frame = frame_of(tab, "#direct")
    assert not frame.locator(".bd").is_visible()
    frame.evaluate("() => { window.__loaded_marker = 1; }")
    # A later poll sends back the ETag of the first and keeps its values on a 304.
    wait_until(tab, lambda: any(status == 304 and tag for status, tag in polls))
    assert polls[0] == (200, None)
    assert items(frame) == ["흐림 서울 4.0℃", "흐림 부산 4.0℃"]

    clock.now += timedelta(hours=2)
    frame.locator(".bd").wait_for(state="visible", timeout=15_000)
    assert frame.locator(".bd").inner_text() == "업데이트 지연"
    assert frame.evaluate("() => window.__loaded_marker") == 1
    assert items(frame) == ["흐림 서울 4.0℃", "흐림 부산 4.0℃"]
    tab.assert_clean()

    # Without any script the server's own rendering shows the same state.
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        static = page.locator("#direct").element_handle().content_frame()
        static.wait_for_selector(".cp li")
        assert static.locator(".bd").is_visible()
        assert [t.strip() for t in static.locator(".cp").first.locator("li").all_inner_texts()
                ] == ["흐림 서울 4.0℃", "흐림 부산 4.0℃"]
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("#direct").screenshot(path=ARTIFACTS / "widget-delayed.png")
    finally:
        context.close()


def test_the_demo_page_previews_the_default_strip_cleanly(tab: Tab,
                                                         sample_server: TickerProcess) -> None:
    tab.page.goto(sample_server.base_url + "/")
    preview = frame_of(tab, "#preview")
    assert items(preview) == SEED
    assert preview.evaluate("() => document.documentElement.className") == "t-light"
    assert sample_server.base_url + "/embed.js" in tab.page.locator("pre").nth(1).inner_text()
    tab.assert_clean()


REPLACEMENT = {
    "schema_version": 1, "source": "asos", "sample": False, "attribution": "기상청 제공",
    "updated_at": "2025-12-01T10:05:00+09:00",
    "cities": [
        {"id": "jeju", "name": "제주", "name_en": "Jeju", "station": 184, "temperature_c": None,
         "condition": "unknown", "condition_text": "", "observed_at": None, "stale": True,
         "source": "asos"},
        {"id": "busan", "name": "부산", "name_en": "Busan", "station": 159,
         "temperature_c": 20.0, "condition": "rain", "condition_text": "비",
         "observed_at": "2025-12-02T10:00:00+09:00", "stale": False, "source": "asos"},
    ],
}


def test_network_errors_keep_the_values_and_a_new_city_set_rebuilds(
        tab: Tab, host: HostSite, sample_server: TickerProcess) -> None:
    failures: list[str] = []

    def fail(route: Any) -> None:
        failures.append(route.request.url)
        route.abort()

    tab.page.route("**/v1/weather?*", fail)
    tab.page.goto(host.page("/errors.html", f'<iframe id="direct" src="{sample_server.base_url}'
                            '/widget?refresh=2&amp;cities=seoul,busan" title="날씨" '
                            'style="width:100%;height:60px;border:0"></iframe>'))
    frame = frame_of(tab, "#direct")
    frame.evaluate("() => { window.__loaded_marker = 1; }")
    wait_until(tab, lambda: len(failures) >= 2)
    assert items(frame) == ["맑음 서울 3.8℃", "흐림 부산 13.5℃"]

    def answer(route: Any) -> None:
        route.fulfill(json=REPLACEMENT)  # a 200 without an ETag

    tab.page.unroute("**/v1/weather?*")
    tab.page.route("**/v1/weather?*", answer)
    frame.wait_for_function("() => document.querySelector('.cp li').dataset.id === 'jeju'",
                            timeout=15_000)
    for copy in (0, 1):
        texts = frame.locator(".cp").nth(copy).locator("li").all_inner_texts()
        assert [text.strip() for text in texts] == ["제주 —", "비 부산 20.0℃"]
    assert frame.locator("[data-id=busan] .i").first.get_attribute("class") == "i i-rain"
    assert frame.locator(".d").inner_text() == "2025.12.02 (화)"
    assert frame.locator(".o").inner_text() == "10:00 관측"
    assert not frame.locator(".bs").is_visible()
    assert not frame.locator(".bd").is_visible()  # jeju has no value to be late with
    assert frame.evaluate("() => window.__loaded_marker") == 1
    # The only complaints are the browser's own lines about the requests we cut.
    assert tab.problems
    assert all("net::ERR_FAILED" in problem for problem in tab.problems)
