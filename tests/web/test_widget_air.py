"""show=air on the widget: `미세먼지 보통` after each temperature, the grade word on a chip in
its grade's colour at 4.5:1 whatever the theme, nothing for unknown air; AirKorea credited on
the meta line while any air is shown; the script drawing the same from the polled JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.air_snapshots import air_parts, with_air
from support.clock import NOW, Clock
from support.contrast import contrast
from support.snapshots import snapshot
from support.stations import CITIES, by_ids
from support.widget_pages import client_for
from werkzeug.datastructures import MultiDict

from ticker.core.air import GRADE_CODES
from ticker.core.air_documents import AirDocument
from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.core.langs import LANGS
from ticker.core.observations import Snapshot
from ticker.core.strips import Strips
from ticker.web.configurator.configuration import configure
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.page import asset
from ticker.web.widget.view import AirShown, scroll_seconds, widget_view
from ticker.web.widget.words import LABELS

QUERY = "cities=seoul,busan,jeju,daegu"
HELD = with_air(snapshot(3.0))
# Pages without show= keep tests/web/test_widget.py's 20,000 bytes (unchanged: tests/golden);
# pages with it tests/web/test_widget_show.py's 40,000. show=air alone on the default strip,
# every city with air, is ~27.5 KB (~8 KB gzipped, as it is sent): the show= script and each
# city's grade twice (both copies). The script grew with #27/#28 (icon swap, low/high words in
# four languages, the still strip), ~0.4 KB gzipped on every show= page.
AIR_BUDGET_BYTES = 30_000
AIR_BUDGET_GZIP_BYTES = 8_500


def make_client(tmp_path: Path, clock: Clock, state: Snapshot = HELD) -> FlaskClient:
    return client_for(state, tmp_path, clock, version_poll_seconds=0)


@pytest.fixture
def client(tmp_path: Path, clock: Clock) -> FlaskClient:
    return make_client(tmp_path, clock)


def first_copy(html: str) -> dict[str, str]:
    copy = re.search(r'<ul class="cp">(.*?)</ul>', html, re.S)
    assert copy is not None
    return dict(re.findall(r'<li[^>]*data-id="(\w+)">(.*?)</li>', copy.group(1), re.S))


def test_the_view_shows_the_grade_word_and_nothing_when_unknown() -> None:
    cities = by_ids(["seoul", "busan", "daegu"])
    for lang, words in (("ko", ("미세먼지", "보통", "좋음")), ("en", ("PM", "moderate", "good"))):
        document = weather_document(HELD, cities, lang, NOW, Freshness())
        seoul, busan, daegu = widget_view(
            document, WidgetOptions(cities=cities, lang=lang, show=("air",))).items
        assert seoul.air == AirShown(label=words[0], grade="moderate", word=words[1])
        assert busan.air == AirShown(label=words[0], grade="good", word=words[2])
        assert daegu.air == AirShown(label="", grade="", word="")
    plain = widget_view(weather_document(HELD, cities, "ko", NOW, Freshness()),
                        WidgetOptions(cities=cities))
    assert all(item.air is None for item in plain.items) and plain.air_credit is None


def test_the_page_shows_the_grade_after_the_temperature(client: FlaskClient) -> None:
    html = client.get(f"/widget?{QUERY}&show=air").get_data(as_text=True)
    items = first_copy(html)
    assert items["seoul"].endswith('<span class="t">3.0℃</span> <span class="p">미세먼지 '
                                   '<span class="pg pg-moderate">보통</span></span>')
    assert items["jeju"].endswith('<span class="p">미세먼지 <span class="pg pg-very_bad">'
                                  '매우나쁨</span></span>')
    # Unknown: kept hidden and empty for the script to fill, never a word or a colour.
    assert items["daegu"].endswith('<span class="p" hidden> <span class="pg pg-"></span></span>')
    assert html.count('<span class="pg pg-moderate">보통</span>') == 2  # both copies
    assert '<span class="aa">에어코리아</span>' in html
    english = client.get(f"/widget?{QUERY}&show=air&lang=en").get_data(as_text=True)
    assert first_copy(english)["busan"].endswith(
        '<span class="p">PM <span class="pg pg-good">good</span></span>')
    assert '<span class="aa">AirKorea</span>' in english


def test_the_credit_is_hidden_without_air_and_absent_without_show_air(
        client: FlaskClient, tmp_path: Path, clock: Clock) -> None:
    assert '<span class="aa" hidden>에어코리아</span>' in client.get(
        "/widget?cities=daegu&show=air").get_data(as_text=True)
    for query in (QUERY, f"{QUERY}&show=feels"):
        page = client.get(f"/widget?{query}").get_data(as_text=True)
        assert 'class="aa"' not in page and 'class="p"' not in page
    # No fine dust feed (no key): every city's air hidden, the credit too.
    bare = make_client(tmp_path / "bare", clock, snapshot(3.0))
    page = bare.get(f"/widget?{QUERY}&show=air").get_data(as_text=True)
    assert '<span class="aa" hidden>' in page and 'class="p">' not in page


def test_every_grade_s_chip_meets_4_5_to_1_whatever_the_theme() -> None:
    rules = dict(re.findall(r"^\.(pg(?:-\w+)?)\{([^}]*)\}", asset("widget_show.css"), re.M))
    base = dict(re.findall(r"(color|background):(#[0-9a-f]{6})", rules["pg"]))
    # Its own colours, never the theme's (light, dark, auto, transparent, custom fg/bg).
    assert all("var(" not in body for body in rules.values())
    hues = {}
    for grade in GRADE_CODES.values():
        colors = {**base, **dict(re.findall(r"(color|background):(#[0-9a-f]{6})",
                                            rules[f"pg-{grade}"]))}
        ratio = contrast(colors["color"], colors["background"])
        assert ratio >= 4.5, f"{grade}: {ratio:.2f}"
        hues[grade] = colors["background"]
    # Korea's customary colours: blue, green, orange, red (the strongest channel says which).
    def strongest(color: str) -> int:
        channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
        return channels.index(max(channels))
    assert [strongest(hues[g]) for g in ("good", "moderate", "bad", "very_bad")] == [2, 1, 0, 0]
    assert int(hues["bad"][3:5], 16) > int(hues["very_bad"][3:5], 16) + 0x40  # orange, red


def test_the_script_draws_the_same_from_the_documents() -> None:
    script = asset("widget_show.js")
    read = set(re.findall(r"\ba\.([a-z_]+)\b", script))
    assert read and read <= set(AirDocument.model_fields)
    labels = re.search(r'var AIR = \{ ko: "([^"]+)", en: "([^"]+)", ja: "([^"]+)", '
                       r'zh: "([^"]+)" \};', script)
    assert labels is not None
    assert labels.groups() == tuple(LABELS[lang]["air"] for lang in LANGS)
    grades = re.search(r"var GRADES = \[([^]]*)\];", script)
    assert grades is not None
    assert re.findall(r'"(\w+)"', grades.group(1)) == list(GRADE_CODES.values())
    assert 'querySelector(".aa")' in script


def test_air_lengthens_the_scroll_time_estimate() -> None:
    cities = by_ids(["seoul", "busan"])
    document = weather_document(HELD, cities, "ko", NOW, Freshness())
    with_it = widget_view(document, WidgetOptions(cities=cities, show=("air",))).items
    without = widget_view(document, WidgetOptions(cities=cities)).items
    assert scroll_seconds(with_it * 10, 3.0) > scroll_seconds(without * 10, 3.0)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_strip_all_with_air_fits_its_budget(tmp_path: Path, clock: Clock, lang: str) -> None:
    values = {f"서울 측정소{n}": (50, 30, 2, 3) for n in range(len(CITIES))}
    candidates = {city.id: (("서울", f"측정소{n}", 1.0),) for n, city in enumerate(CITIES)}
    air, stations = air_parts(values, candidates)
    state = snapshot(3.0).model_copy(update={"air": air, "air_stations": stations})
    client = make_client(tmp_path, clock, state)
    page = client.get(f"/widget?show=air&lang={lang}").data
    assert page.decode().count('class="pg pg-bad"') == 2 * len(CITIES)
    assert len(page) < AIR_BUDGET_BYTES
    gzipped = client.get(f"/widget?show=air&lang={lang}", headers={"Accept-Encoding": "gzip"})
    assert len(gzipped.data) < AIR_BUDGET_GZIP_BYTES


def test_show_air_is_offered_and_documented(client: FlaskClient) -> None:
    strips = Strips(by_ids(["seoul"]), by_ids(["seoul"]), {})
    assert configure(MultiDict([("show", "air")]), strips).params == (("show", "air"),)
    page = client.get("/?show=air").get_data(as_text=True)
    assert '<input type="checkbox" name="show" value="air" checked>미세먼지 등급' in page
    params = {p["name"]: p for p in client.get("/openapi.json").get_json()[
        "paths"]["/widget"]["get"]["parameters"]}
    assert "air" in params["show"]["schema"]["pattern"]
    assert "미세먼지" in params["show"]["description"]
    assert client.get("/widget?show=air,air").status_code == 400
