"""The demo page's configurator: its query checked by the widget's parsers, the preview and
snippets it gives, and the page the server renders for it (the no-JavaScript path)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from flask.testing import FlaskClient
from support.clock import NOW
from support.stations import CITIES, by_id
from werkzeug.datastructures import MultiDict

from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import load_settings
from ticker.core.catalogue import load_catalogue
from ticker.core.errors import ConfigError
from ticker.core.freshness import Freshness
from ticker.core.strips import Strips
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.api.params import ParamError
from ticker.web.configurator.configuration import Configuration, configure
from ticker.web.context import WebContext
from ticker.web.settings import HttpSettings
from ticker.web.site import create_app

CATALOGUE = load_catalogue()
GANGWON = ("chuncheon", "wonju", "sokcho", "cheorwon", "daegwallyeong")
STRIPS = Strips(CATALOGUE, CITIES, {"gangwon": CATALOGUE.select(GANGWON)})
BASE = "https://news.example.com/ticker/"


def config(query: list[tuple[str, str]]) -> Configuration:
    return configure(MultiDict(query), STRIPS)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    store = FileStore(tmp_path_factory.mktemp("configurator"))
    Refresher(sample_source(), store, CITIES, lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW,
                     sets={"gangwon": CATALOGUE.select(GANGWON)})
    return create_app(ctx).test_client()


def test_the_defaults_are_the_bare_widget() -> None:
    default = config([])
    assert (default.params, default.widget_path, default.options.cities) == ((), "widget", CITIES)
    assert default.iframe_snippet(BASE) == (
        f'<iframe src="{BASE}widget" title="날씨 티커 (기상청 제공)"\n'
        '        loading="lazy" style="width:100%;height:56px;border:0"></iframe>')
    assert default.script_snippet(BASE) == (
        f'<div style="min-height:56px"><script src="{BASE}embed.js" async></script></div>')
    assert default.amp_snippet(BASE) == (
        f'<amp-iframe src="{BASE}widget" title="날씨 티커 (기상청 제공)"\n'
        '    sandbox="allow-scripts allow-same-origin" layout="fixed-height" height="56" '
        'resizable frameborder="0">\n'
        '  <div placeholder></div>\n'
        '  <div overflow tabindex="0" role="button" aria-label="더 보기">더 보기</div>\n'
        '</amp-iframe>')


def test_ticked_stations_keep_their_order_and_only_changed_options_are_given() -> None:
    chosen = config([("station", "jeju"), ("station", "seoul"), ("theme", "dark"),
                     ("lang", "en"), ("size", "xl"), ("speed", "normal"), ("show", "trend"),
                     ("show", "feels")])
    assert chosen.options.cities == (by_id("jeju"), by_id("seoul"))
    assert chosen.params == (("cities", "jeju,seoul"), ("lang", "en"), ("theme", "dark"),
                             ("size", "xl"), ("show", "feels,trend"))
    assert chosen.picked == ("jeju", "seoul")
    assert chosen.widget_path == "widget?cities=jeju,seoul&lang=en&theme=dark&size=xl" \
                                 "&show=feels,trend"
    assert chosen.iframe_snippet(BASE) == (
        f'<iframe src="{BASE}widget?cities=jeju,seoul&amp;lang=en&amp;theme=dark&amp;size=xl'
        '&amp;show=feels,trend" title="Weather ticker (Korea Meteorological Administration)"\n'
        '        loading="lazy" style="width:100%;height:77px;border:0"></iframe>')
    assert chosen.script_snippet(BASE) == (
        f'<div style="min-height:77px"><script src="{BASE}embed.js" data-cities="jeju,seoul" '
        'data-lang="en" data-theme="dark" data-size="xl" data-show="feels,trend" async></script>'
        '</div>')
    assert chosen.amp_snippet(BASE).startswith(
        f'<amp-iframe src="{BASE}widget?cities=jeju,seoul&amp;lang=en&amp;theme=dark&amp;size=xl'
        '&amp;show=feels,trend" title="Weather ticker (Korea Meteorological Administration)"\n'
        '    sandbox="allow-scripts allow-same-origin" layout="fixed-height" height="77" ')
    assert 'aria-label="Show more">Show more</div>' in chosen.amp_snippet(BASE)


def test_a_link_may_give_cities_and_show_as_the_widget_takes_them() -> None:
    linked = config([("cities", "busan,seoul"), ("show", "minmax,feels")])
    assert linked.params == (("cities", "busan,seoul"), ("show", "feels,minmax"))


def test_a_chosen_set_wins_over_ticked_stations() -> None:
    chosen = config([("set", "gangwon"), ("station", "seoul")])
    assert chosen.params == (("set", "gangwon"),)
    assert chosen.set_name == "gangwon"
    assert chosen.picked == ()
    assert [c.id for c in chosen.options.cities] == list(GANGWON)
    assert config([("set", ""), ("station", "seoul")]).params == (("cities", "seoul"),)


@pytest.mark.parametrize(("query", "name"), [
    ([("theme", "<script>neon")], "theme"), ([("size", "huge-size")], "size"),
    ([("speed", "warp-speed")], "speed"), ([("lang", "klingon")], "lang"),
    ([("show", "weather")], "show"), ([("show", "feels"), ("show", "feels")], "show"),
    ([("set", "atlantis")], "set"), ([("cities", "seoul,atlantis")], "cities"),
    ([("station", "atlantis")], "station"), ([("station", "")], "station"),
    ([("station", "seoul"), ("station", "seoul")], "station"),
    ([("station", "seoul"), ("cities", "busan")], "station"),
    ([("set", "gangwon"), ("cities", "busan")], "set"),
    ([("theme", "dark"), ("theme", "light")], "theme"),
])
def test_a_bad_value_names_its_parameter_and_not_the_value(query: list[tuple[str, str]],
                                                           name: str) -> None:
    with pytest.raises(ParamError) as caught:
        config(query)
    assert caught.value.name == name
    for _, value in query:
        if len(value) > 6:
            assert value not in str(caught.value)


def test_the_page_renders_the_submitted_configuration(client: FlaskClient) -> None:
    response = client.get("/?station=jeju&station=seoul&theme=dark&show=feels")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<iframe id="preview" class="h-m" src="widget?cities=jeju,seoul&amp;theme=dark&amp;' \
           'show=feels"' in html
    assert re.findall(r'value="(\w+)"[^>]* checked', html) == ["seoul", "jeju", "feels"]
    assert '<ol id="picked" aria-labelledby="picked-h"><li data-id="jeju">제주</li>' \
           '<li data-id="seoul">서울</li></ol>' in html
    assert '<option value="dark" selected>' in html
    assert "data-cities=&#34;jeju,seoul&#34; data-theme=&#34;dark&#34; data-show=&#34;feels" \
           "&#34; async" in html
    assert 'role="alert"' not in html


def test_a_chosen_set_is_selected_and_previewed(client: FlaskClient) -> None:
    html = client.get("/?set=gangwon").get_data(as_text=True)
    assert ('<option value="gangwon" selected>gangwon: 춘천, 원주, 속초, 철원, 대관령</option>'
            in html)
    assert 'src="widget?set=gangwon"' in html
    assert "data-set=&#34;gangwon&#34; async" in html


def test_a_bad_query_gets_a_message_naming_the_parameter(client: FlaskClient) -> None:
    response = client.get("/?size=%3Cscript%3Ehuge&theme=dark")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    alert = re.search(r'<div class="error" id="error" role="alert">(.*?)</div>', html, re.S)
    assert alert is not None
    assert "parameter &#39;size&#39;: expected one of: s, m, l, xl" in alert.group(1)
    assert "huge" not in html and "<script>huge" not in html
    # The form and preview fall back to the defaults.
    assert 'src="widget"' in html
    assert '<option value="dark" selected>' not in html


def test_every_station_is_offered_once_grouped_by_province(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    offered = re.findall(r'name="station" value="([a-z0-9-]+)"', html)
    assert sorted(offered) == sorted(CATALOGUE.ids)
    legends = re.findall(r'<fieldset class="prov"><legend>([^<]+)</legend>', html)
    assert legends == sorted({s.province or "기타" for s in CATALOGUE})
    gangwon = html.split("<legend>강원</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert 'data-ko="북강릉" data-en="Bukgangneung"' in gangwon
    assert 'data-ko="강릉" data-en="Gangneung"' in gangwon


def test_the_page_keeps_a_strict_csp(client: FlaskClient) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    assert "unsafe" not in csp and "form-action 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'nonce-" in csp  # not even 'self': nothing is loaded from anywhere
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts == [' type="application/json" id="demo-data"', f' nonce="{nonce.group(1)}"']
    # The second hides the search box without JavaScript (its room is kept with it).
    assert re.findall(r"<style([^>]*)>", html) == [f' nonce="{nonce.group(1)}"'] * 2
    # No style attribute either (the CSP would block it): sizes are classes.
    markup = html.split('<script type="application/json"', 1)[0]
    assert not re.search(r"<[a-z][^>]*\sstyle=", markup)
    assert client.get("/").headers["Content-Security-Policy"] != csp  # a nonce per response


def test_the_page_and_its_script_name_nothing_outside(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r"<(link|img)\b|@import|url\(|https?://(?!ticker\.example\.com/)", html)
    # The inline script cannot end its own tag.
    script = html.rsplit("<script nonce=", 1)[1].split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "</" not in script


def demo_page(tmp_path: Path, public_url: str, query: str = "") -> str:
    """The demo page's HTML, served with ``server.public_url`` set."""
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, lambda: NOW).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=lambda: NOW,
                     server=HttpSettings(public_url=public_url))
    return create_app(ctx).test_client().get(f"/{query}").get_data(as_text=True)


def test_the_script_data_names_the_public_url_only_when_configured(tmp_path: Path) -> None:
    html = demo_page(tmp_path, "https://w.example.com")
    assert '"base": "https://w.example.com/"' in html
    assert "https://w.example.com/widget" in html


@pytest.mark.parametrize("url", [
    'https://ticker.example.com/x"><img src=x onerror=alert(1)>',
    "https://ticker.example.com/x'onmouseover='alert(1)",
    "https://ticker.example.com/?a=b", "https://ticker.example.com/#top",
    "https://ticker.example.com/a b", "https://ticker.example.com/<b>",
    "javascript:alert(1)//http://", "https://", "https:///path", "//ticker.example.com",
    "https://user@ticker.example.com", "https://ticker.example.com:99999",
    "https://ticker.example.com/\\x", "https://ticker.example.com/\nx",
])
def test_a_public_url_that_is_not_a_plain_address_is_refused_naming_the_key(
        tmp_path: Path, url: str) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"server": {"public_url": url}}), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"server\.public_url"):
        load_settings(env={"TICKER_CONFIG": str(config)}, cwd=tmp_path)


@pytest.mark.parametrize(("url", "kept"), [
    ("https://ticker.example.com", "https://ticker.example.com"),
    ("https://ticker.example.com/weather/", "https://ticker.example.com/weather"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://[::1]:8080/a&b/%7Ex", "http://[::1]:8080/a&b/%7Ex"),
])
def test_a_plain_public_url_is_accepted(url: str, kept: str) -> None:
    assert HttpSettings(public_url=url).public_url == kept


def test_the_snippets_escape_the_public_url_for_html(tmp_path: Path) -> None:
    # A valid address may still hold an "&", which an attribute must escape.
    html = demo_page(tmp_path, "https://w.example.com/a&b", "?lang=en")
    snippets = [unescape(code) for code in re.findall(r"<pre[^>]*><code>(.*?)</code>", html,
                                                      re.S)]
    assert snippets[0].startswith('<iframe src="https://w.example.com/a&amp;b/widget?lang=en"')
    assert snippets[1].startswith('<div style="min-height:56px"><script '
                                  'src="https://w.example.com/a&amp;b/embed.js"')
    assert snippets[2].startswith('<amp-iframe src="https://w.example.com/a&amp;b/widget?lang=en"')
    # The script's copy is JSON inside a script element: no character there can end it.
    assert '"base": "https://w.example.com/a\\u0026b/"' in html


def test_the_forecast_extra_has_its_box_and_keeps_the_widget_s_order(client: FlaskClient) -> None:
    html = client.get("/?station=seoul&show=trend&show=forecast").get_data(as_text=True)
    assert ('<input type="checkbox" name="show" value="forecast" checked>'
            '예보 (오늘, 17시부터 내일)</label>') in html
    assert "show=forecast,trend" in html


def test_the_icons_are_offered_and_their_licence_shown(client: FlaskClient) -> None:
    html = client.get("/?station=seoul&show=feels&show=icon").get_data(as_text=True)
    assert ('<input type="checkbox" name="show" value="icon" checked>날씨 아이콘</label>'
            in html)
    # The widget's order: the icon, before the condition word, comes first.
    assert "show=icon,feels" in html
    assert '"show": ["icon", "feels", "minmax", "air", "forecast", "trend"]' in html
    # Meteocons' MIT notice, as it asks to be shipped with the icons.
    licence = re.search(r'<details id="icon-licence">.*?</details>', html, re.S)
    assert licence is not None
    assert "Meteocons" in licence[0] and "Copyright (c) 2020-2021 Bas Milius" in licence[0]
    assert "Permission is hereby granted" in licence[0]
