"""The widget routes on the Flask app: rendering, options, CSP, size budget, contrast, embed.js."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.clock import NOW, Clock
from support.contrast import contrast
from support.payloads import seed_rows
from support.stations import CITIES
from werkzeug.test import TestResponse

from ticker.app.refresh.refresher import Refresher
from ticker.app.server.settings import ServerSettings
from ticker.core.conditions import Condition
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation, Snapshot
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.configurator.demo import PLACEHOLDER_BASE, public_base
from ticker.web.context import WebContext
from ticker.web.settings import WidgetSettings
from ticker.web.site import create_app
from ticker.web.widget.options import HEIGHTS, SIZES
from ticker.web.widget.page import asset

# Pages with show= have their own budget, and say why: tests/web/test_widget_show.py.
BUDGET_BYTES = 20_000


def client_for(store: FileStore, clock: Clock,
               widget: WidgetSettings | None = None) -> FlaskClient:
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock,
                     widget=widget or WidgetSettings())
    return create_app(ctx).test_client()


@pytest.fixture
def sample_client(tmp_path: Path, clock: Clock) -> FlaskClient:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock).run()
    return client_for(store, clock)


@pytest.fixture
def live_store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path)
    observations = tuple(
        Observation(city_id=city.id, temperature_c=-0.5, condition=Condition.SNOW,
                    observed_at=NOW.replace(minute=0), source="asos")
        for city in CITIES if city.id != "jeju")
    store.put(Snapshot(source="asos", sample=False, updated_at=NOW, observations=observations))
    return store


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def first_copy_items(response: TestResponse) -> list[str]:
    html = response.get_data(as_text=True)
    copy = re.search(r'<ul class="cp">(.*?)</ul>', html, re.S)
    assert copy is not None
    return [text(item) for item in re.findall(r"<li[^>]*>(.*?)</li>", copy.group(1), re.S)]


def is_hidden(html: str, css_class: str) -> bool:
    tag = re.search(rf'<span class="b {css_class}"( hidden)?>', html)
    assert tag is not None
    return tag.group(1) is not None


def test_widget_shows_the_seed_ticker_on_sample_data(sample_client: FlaskClient) -> None:
    response = sample_client.get("/widget")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert first_copy_items(response) == [
        f"{r['condition_ko']} {r['name_ko']} {float(r['temperature_c']):.1f}℃"
        for r in seed_rows()]
    html = response.get_data(as_text=True)
    for visible in ("2025.12.01 (월)", '09:00</span><span class="lf"> 관측</span>', "기상청 제공"):
        assert visible in html
    # The narrow widget's forms, shown instead of the full ones.
    for short in ("12.01(월)", "샘플", "지연", "기상청 제공"):
        assert f'<span class="sf">{short}</span>' in html
    assert not is_hidden(html, "bs")  # sample badge
    assert is_hidden(html, "bd")  # not delayed
    # The loop's second copy is identical and hidden from assistive technology.
    assert html.count('<ul class="cp" aria-hidden="true">') == 1
    assert re.search(r'role="region" aria-label="[^"]+" lang="ko"', html)


def test_cities_and_lang_select_order_and_wording(sample_client: FlaskClient) -> None:
    response = sample_client.get("/widget?cities=busan,seoul&lang=en")
    assert first_copy_items(response) == ["Overcast Busan 13.5℃", "Clear Seoul 3.8℃"]
    html = response.get_data(as_text=True)
    assert '<html lang="en"' in html
    for visible in ("Mon, 1 Dec 2025", '<span class="lf">Observed </span><span class="ot">09:00',
                    "Sample data", "Korea Meteorological Administration"):
        assert visible in html
    for short in ("Mon 1 Dec", "Sample", "Delayed", "KMA"):
        assert f'<span class="sf">{short}</span>' in html
    assert 'data-src="v1/weather?cities=busan,seoul&amp;lang=en"' in html


def test_cadence_speed_size_and_colours_reach_the_page(sample_client: FlaskClient) -> None:
    default = sample_client.get("/widget").get_data(as_text=True)
    assert 'data-refresh="300"' in default
    assert "--fs:16px;" in default
    chosen = sample_client.get("/widget?refresh=2&size=xl&bg=%23102030&fg=%23F0F0F0"
                               "&parent=http%3A%2F%2F127.0.0.1%3A9").get_data(as_text=True)
    assert 'data-refresh="2"' in chosen
    assert 'data-parent="http://127.0.0.1:9"' in chosen
    assert "--fs:22px;" in chosen
    assert ";--bg:#102030;--fg:#f0f0f0}" in chosen

    def duration(query: str) -> float:
        html = sample_client.get(f"/widget?{query}").get_data(as_text=True)
        match = re.search(r"--dur:([\d.]+)s", html)
        assert match is not None
        return float(match.group(1))

    assert duration("speed=slow") > duration("speed=normal") > duration("speed=fast")


def test_a_city_without_data_keeps_its_place_with_a_dash(live_store: FileStore,
                                                         clock: Clock) -> None:
    items = first_copy_items(client_for(live_store, clock).get("/widget"))
    assert len(items) == 16
    assert items[9] == "제주 —"
    assert items[2] == "눈 서울 -0.5℃"


def test_stale_values_show_the_delay_badge(live_store: FileStore, clock: Clock) -> None:
    client = client_for(live_store, clock)
    assert is_hidden(client.get("/widget").get_data(as_text=True), "bd")
    clock.now = NOW + timedelta(hours=2)
    html = client.get("/widget").get_data(as_text=True)
    assert not is_hidden(html, "bd")
    assert "업데이트 지연" in html
    assert is_hidden(html, "bs")


def test_before_the_first_refresh_the_widget_asks_to_come_back(tmp_path: Path,
                                                               clock: Clock) -> None:
    response = client_for(FileStore(tmp_path), clock).get("/widget")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(("query", "parameter"), [
    ("theme=<script>alert(1)</script>", "theme"), ("lang=<script>", "lang"),
    ("cities=<script>", "cities"), ("speed=warp", "speed"), ("size=huge", "size"),
    ("bg=%3Cscript%3E", "bg"), ("fg=red", "fg"), ("accent=%23abc", "accent"),
    ("refresh=1", "refresh"), ("refresh=<script>", "refresh"),
    ("parent=%22%3E%3Cscript%3E", "parent"), ("parent=http%3A%2F%2Fa%3A99999", "parent"),
    ("parent=http%3A%2F%2F%5B%3A%3A%3A%3A%3A%3A%5D", "parent"),
])
def test_bad_options_get_a_400_page_naming_the_parameter(sample_client: FlaskClient,
                                                         query: str, parameter: str) -> None:
    response = sample_client.get(f"/widget?{query}")
    assert response.status_code == 400
    assert response.content_type == "text/html; charset=utf-8"
    body = response.get_data(as_text=True)
    assert f"parameter &#39;{parameter}&#39;" in body
    assert "<script" not in body
    assert "Content-Security-Policy" in response.headers


def test_csp_hashes_cover_every_inline_block_and_frame_ancestors_follow_config(
        tmp_path: Path, clock: Clock) -> None:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock).run()
    settings = WidgetSettings(frame_ancestors=("'self'", "https://news.example.com"))
    client = client_for(store, clock, settings)
    response = client.get("/widget?size=xl&bg=%23102030")
    csp = response.headers["Content-Security-Policy"]
    assert csp.endswith("frame-ancestors 'self' https://news.example.com")
    assert "unsafe-inline" not in csp
    assert "nonce-" not in csp
    html = response.get_data(as_text=True)
    blocks = re.findall(r"<(script|style)\b([^>]*)>(.*?)</\1>", html, re.S)
    assert [kind for kind, _, _ in blocks] == ["style", "style", "script"]
    for kind, attributes, content in blocks:
        assert attributes == ""
        digest = base64.b64encode(hashlib.sha256(content.encode()).digest()).decode()
        directive = "script-src" if kind == "script" else "style-src"
        allowed = re.search(rf"{directive} ([^;]+)", csp)
        assert allowed is not None
        assert f"'sha256-{digest}'" in allowed.group(1).split()
    # Same bytes for every reader: the page can be prepared once per snapshot.
    assert client.get("/widget?size=xl&bg=%23102030").get_data() == response.get_data()
    # Every other response forbids framing.
    for path in ("/", "/v1/weather", "/healthz", "/embed.js", "/nope"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("query", ["", "lang=en", "lang=en&theme=dark&bg=%23000000"
                                   "&fg=%23ffffff&accent=%23ffcc00&refresh=3600&speed=slow"
                                   "&size=xl&parent=https%3A%2F%2Fnews.example.com"])
def test_the_whole_widget_fits_the_size_budget(sample_client: FlaskClient, query: str) -> None:
    # CSS and script are inline, so the page is everything the widget loads.
    response = sample_client.get(f"/widget?{query}")
    assert response.status_code == 200
    assert len(response.get_data()) < BUDGET_BYTES
    assert not re.search(r"<(img|link|iframe)\b|(?<![-\w])src=|@import|url\(",
                         response.get_data(as_text=True))


def test_inline_script_cannot_end_its_own_tag() -> None:
    assert "</" not in asset("widget.js")
    assert "</" not in asset("widget.css")


def test_contrast_ratio_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_both_themes_meet_4_5_to_1_for_all_text() -> None:
    themes = {}
    for selectors, body in re.findall(r"([.\w,-]+)\{(--bg:#[^}]*)\}", asset("widget.css")):
        colors = dict(re.findall(r"--(\w+):(#[0-9a-f]{6})", body))
        themes[selectors] = colors
    assert {".t-light,.t-auto,.t-transparent", ".t-dark", ".t-auto"} <= set(themes)
    for selectors, colors in themes.items():
        for text_color in ("fg", "accent", "warn"):
            ratio = contrast(colors[text_color], colors["bg"])
            assert ratio >= 4.5, f"{selectors} --{text_color}: {ratio:.2f}"


def test_embed_js_is_served_as_javascript(sample_client: FlaskClient) -> None:
    response = sample_client.get("/embed.js")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "document.currentScript" in response.get_data(as_text=True)


def test_demo_never_reflects_the_host_header(sample_client: FlaskClient) -> None:
    for host in ("evil.example", 'evil"><script>alert(1)</script>'):
        body = sample_client.get("/", headers={"Host": host}).get_data(as_text=True)
        assert "evil" not in body
        assert "alert(1)" not in body
    body = sample_client.get("/", base_url="http://ticker.example:8080").get_data(as_text=True)
    assert "ticker.example:8080" not in body
    # The page's own links and preview are relative; the snippets hold a placeholder until
    # the page's script puts in the address the browser shows.
    assert '<a href="v1/weather">' in body
    assert '<iframe id="preview" class="h-m" src="widget"' in body
    assert f"&lt;script src=&#34;{PLACEHOLDER_BASE}embed.js&#34; async&gt;" in body
    assert '"base": null' in body
    nonce = re.search(r'<script nonce="([^"]+)">', body)
    assert nonce is not None
    assert 'new URL(".", location.href)' in body


def test_demo_uses_the_configured_public_url(tmp_path: Path, clock: Clock) -> None:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock,
                     server=ServerSettings(public_url="https://weather.example.com/ticker"))
    response = create_app(ctx).test_client().get("/?cities=seoul",
                                                 headers={"Host": "evil.example"})
    body = response.get_data(as_text=True)
    base = "https://weather.example.com/ticker/"
    assert f"&lt;script src=&#34;{base}embed.js&#34; data-cities=&#34;seoul&#34;" in body
    assert f"&lt;iframe src=&#34;{base}widget?cities=seoul&#34;" in body
    # The page's script uses the same address, not the browser's.
    assert f'"base": "{base}"' in body
    assert "evil" not in body
    assert "nonce-" in response.headers["Content-Security-Policy"]


def test_demo_states_each_sizes_height(sample_client: FlaskClient) -> None:
    assert HEIGHTS == {"s": 49, "m": 56, "l": 63, "xl": 77}
    ctx = WebContext(store=FileStore(Path("/nonexistent")), cities=CITIES, freshness=Freshness(),
                     clock=Clock(NOW))
    assert public_base(ctx) is None
    html = sample_client.get("/").get_data(as_text=True)
    assert ("<code>s</code> 49px, <code>m</code> 56px, <code>l</code> 63px, "
            "<code>xl</code> 77px") in html
    assert "height:56px;border:0" in html
    assert "height:77px;border:0" in sample_client.get("/?size=xl").get_data(as_text=True)


def test_embed_js_and_the_readme_carry_the_documented_heights() -> None:
    table = re.search(r"var HEIGHTS = \{([^}]*)\}", asset("embed.js"))
    assert table is not None
    assert dict(re.findall(r"(\w+): (\d+)", table.group(1))) == {
        size: str(px) for size, px in HEIGHTS.items()}
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    widget_section = readme.split("## The widget", 1)[1].split("\n## ", 1)[0]
    for size, px in HEIGHTS.items():
        assert re.search(rf"\| `{size}` \| {SIZES[size]} px \| {px} px \|", widget_section)
    assert f"height:{HEIGHTS['m']}px" in widget_section
