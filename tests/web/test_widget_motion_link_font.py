"""motion=, link= and font= (issue #28): allow-lists, the 400s naming them, and the page each
makes, never carrying a sent value raw into the markup or the CSS."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.clock import Clock
from support.stations import CITIES
from werkzeug.datastructures import MultiDict

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import load_catalogue
from ticker.core.freshness import Freshness
from ticker.core.strips import Strips
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.api.params import ParamError
from ticker.web.context import WebContext
from ticker.web.settings import WidgetSettings
from ticker.web.site import create_app
from ticker.web.widget.options import MAX_LINK_CHARS, WidgetOptions, parse_widget_options


def parse(**params: str) -> WidgetOptions:
    return parse_widget_options(MultiDict(params), Strips(load_catalogue(), CITIES))


@pytest.fixture
def client(tmp_path: Path, clock: Clock) -> FlaskClient:
    store = FileStore(tmp_path)
    Refresher(sample_source(), store, CITIES, clock).run()
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock,
                     widget=WidgetSettings())
    return create_app(ctx).test_client()


def test_defaults_move_when_needed_link_nothing_and_keep_the_font() -> None:
    assert (parse().motion, parse().link, parse().font) == ("auto", None, None)
    assert parse(motion="static").motion == "static"


@pytest.mark.parametrize(("sent", "kept"), [
    ("https://news.example.com/weather", "https://news.example.com/weather"),
    ("HTTPS://News.Example.COM", "https://news.example.com/"),
    ("http://news.example.com:80/w?region=gangwon&x=1#top",
     "http://news.example.com/w?region=gangwon&x=1#top"),
    ("https://a.example:8443/%EB%82%A0%EC%94%A8", "https://a.example:8443/%EB%82%A0%EC%94%A8"),
    ("http://[::1]:8080/w", "http://[::1]:8080/w"), ("https://a.example?x", "https://a.example/?x"),
    ("https://news.example.com/a(b)!*,;=:@~'$+", "https://news.example.com/a(b)!*,;=:@~'$+"),
])
def test_link_takes_absolute_http_urls(sent: str, kept: str) -> None:
    assert parse(link=sent).link == kept


@pytest.mark.parametrize(("sent", "kept"), [
    ("Georgia, Times New Roman, serif", '"Georgia","Times New Roman",serif'),
    ("Sans-Serif", "sans-serif"),
    ("-apple-system,BLINKMACSYSTEMFONT", "-apple-system,BlinkMacSystemFont"),
    ("Noto  Serif  KR", '"Noto Serif KR"'), ("inherit", '"inherit"'), ("", None),
    (",".join(["A"] * 8), ",".join(['"A"'] * 8)),
])
def test_font_names_are_quoted_generic_families_are_not(sent: str, kept: str | None) -> None:
    assert parse(font=sent).font == kept


BAD = [
    ("motion", "still"), ("motion", "STATIC"), ("motion", "<script>"), ("motion", ""),
    ("link", "javascript:alert(1)"), ("link", "data:text/html,<script>x</script>"),
    ("link", "//news.example.com/w"), ("link", "/weather"), ("link", "weather"),
    ("link", "ftp://news.example.com/"), ("link", "https://"), ("link", "https:///w"),
    ("link", "https://user@news.example.com/"), ("link", "https://a.example:99999/"),
    ("link", 'https://a.example/"onmouseover="x'), ("link", "https://a.example/<script>"),
    ("link", "https://a.example/a b"), ("link", "https://a.example/\\x"),
    ("link", "https://a.example/%zz"), ("link", "https://a.example/\nSet-Cookie: x"),
    ("link", "https://a.example/{x}"), ("link", "https://a.example/`x`"),
    ("link", "https://a.example/" + "w" * MAX_LINK_CHARS), ("link", "https://exämple.com/"),
    ("link", " https://a.example/"),
    ("font", 'Georgia"; } body { display:none'), ("font", "a;b"), ("font", "x}html{color:red"),
    ("font", "url(https://evil.example/f.woff)"), ("font", "expression(alert(1))"),
    ("font", "'Georgia'"), ("font", '"Georgia"'), ("font", "a\\22 b"), ("font", "</style><script>"),
    ("font", "x/*"), ("font", "a,,b"), ("font", "a, ,b"), ("font", "맑은 고딕"),
    ("font", "a\nb"), ("font", "a\tb"), ("font", "_a"), ("font", "a_b"), ("font", "-a"),
    ("font", "a:b"), ("font", "a!important"), ("font", "var(--x)"),
    ("font", ",".join(["A"] * 9)), ("font", "A" * 41), ("font", ",".join(["Abcdefghij"] * 8)
                                                             + "x" * 120),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_values_name_the_parameter_and_not_the_value(name: str, value: str) -> None:
    with pytest.raises(ParamError) as caught:
        parse(**{name: value})
    assert caught.value.name == name
    # The same words whatever was sent: nothing of the value comes back.
    with pytest.raises(ParamError) as neutral:
        parse(**{name: "~"})
    assert str(caught.value) == str(neutral.value)


@pytest.mark.parametrize(("query", "parameter"), [
    ("motion=wiggle", "motion"), ("link=javascript%3Aalert(1)", "link"),
    ("link=https%3A%2F%2Fa.example%2F%22%3E%3Cscript%3E", "link"),
    ("font=x%7Dhtml%7Bcolor%3Ared", "font"), ("font=%3C%2Fstyle%3E%3Cscript%3E", "font"),
])
def test_bad_options_get_a_400_page_naming_the_parameter(client: FlaskClient, query: str,
                                                         parameter: str) -> None:
    response = client.get(f"/widget?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert f"parameter &#39;{parameter}&#39;" in body
    assert "<script" not in body and "color:red" not in body


def test_motion_static_pages_are_still_without_any_script(client: FlaskClient) -> None:
    html = client.get("/widget?motion=static").get_data(as_text=True)
    assert '<div class="w ms" id="w"' in html
    assert ".ms .tr{animation:none}" in html
    plain = client.get("/widget").get_data(as_text=True)
    assert '<div class="w" id="w"' in plain and ".ms " not in plain


def test_link_makes_the_strip_one_link_to_the_top_window(client: FlaskClient) -> None:
    html = client.get("/widget?link=https%3A%2F%2Fnews.example.com%2Fw%3Fa%3D1%26b%3D'2")\
        .get_data(as_text=True)
    link = re.search(r'<a class="lk" [^>]*>', html)
    assert link is not None
    assert link.group(0) == ('<a class="lk" href="https://news.example.com/w?a=1&amp;b=&#39;2" '
                             'target="_top" rel="noopener" title="날씨 자세히 보기">')
    assert re.search(r'<a class="lk" [^>]*><div class="tr"><ul class="cp">.*</ul></div></a>',
                     html, re.S)
    assert "<a " not in client.get("/widget").get_data(as_text=True)
    english = client.get("/widget?lang=en&link=https%3A%2F%2Fa.example%2F").get_data(as_text=True)
    assert 'title="Weather details"' in english


def test_font_replaces_the_family_in_a_hashed_style_block(client: FlaskClient) -> None:
    response = client.get("/widget?font=Georgia%2C%20Noto%20Serif%20KR%2Cserif")
    html = response.get_data(as_text=True)
    block = 'html{font-family:"Georgia","Noto Serif KR",serif}'
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert styles[-1].endswith(block)
    digest = base64.b64encode(hashlib.sha256(styles[-1].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]
    assert "font-family" not in client.get("/widget").get_data(as_text=True).split("</style>")[-2]
