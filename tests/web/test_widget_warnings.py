"""Warning badges on the widget: before the city, the most severe first with a count, every one
in the accessible name, coloured by level at 4.5:1 in every theme; none when unknown;
warnings=off; the page rebuilt when a warning takes effect or the list turns too old; the
script drawing the same badge from the polled JSON; embed.js and the configurator."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.clock import NOW, Clock
from support.contrast import contrast
from support.snapshots import snapshot
from support.stations import CATALOGUE, CITIES, by_ids
from support.warning_snapshots import BUSAN, JEJU, SEOUL_NW, SEOUL_SW, warning, with_warnings
from support.widget_pages import client_for
from werkzeug.datastructures import MultiDict

from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.core.langs import LANGS
from ticker.core.observations import Snapshot
from ticker.core.strips import Strips
from ticker.core.warning_documents import WarningDocument
from ticker.core.warnings import TITLE_JOIN, WarningLevel
from ticker.web.configurator.configuration import configure
from ticker.web.widget.badges import BADGE_LABEL
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.page import asset, inlined, script_words
from ticker.web.widget.view import scroll_seconds, widget_view

QUERY = "cities=seoul,busan,jeju,daegu"
TAKES_EFFECT = NOW + timedelta(minutes=10)
# Seoul (108, 서북권): a heavy-snow warning and a cold-wave advisory, and another Seoul zone's
# warning that is not its own; Busan a severe one from TAKES_EFFECT on; Jeju a level this
# version does not know; Daegu has no zone (unknown).
ROWS = [warning(SEOUL_NW, "한파", "주의"), warning(SEOUL_NW, "대설", "경보"),
        warning(SEOUL_SW, "강풍", "경보"),
        warning(BUSAN, "강풍", "중대경보", NOW - timedelta(minutes=5), TAKES_EFFECT),
        warning(JEJU, "풍랑", "심각")]


# The page without a badge keeps the budget of tests/web/test_widget.py (20,000 bytes). A
# badge is written in both copies with its label twice (accessible name and tooltip), ~0.3 KB
# a city: a heat wave over the whole default strip, two warnings each, is ~26.3 KB in English
# (~5.7 KB gzipped, as it is sent). #28's still strip and labels and #27's per-language words
# added ~0.7 KB to every page.
WARNED_BUDGET_BYTES = 27_000
WARNED_BUDGET_GZIP_BYTES = 7_000


def held(rows: list = ROWS) -> Snapshot:
    return with_warnings(snapshot(-3.0), rows, updated_at=NOW - timedelta(minutes=2))


def make_client(tmp_path: Path, clock: Clock, state: Snapshot) -> FlaskClient:
    return client_for(state, tmp_path, clock, version_poll_seconds=0)


@pytest.fixture
def client(tmp_path: Path, clock: Clock) -> FlaskClient:
    return make_client(tmp_path, clock, held())


def badges(client: FlaskClient, query: str = QUERY) -> dict[str, str]:
    """Each city's badge in the first copy, as its HTML (cities without one left out)."""
    html = client.get(f"/widget?{query}").get_data(as_text=True)
    copy = re.search(r'<ul class="cp">(.*?)</ul>', html, re.S)
    assert copy is not None
    return {city: found.group(0) for city, item in re.findall(
        r'<li[^>]*data-id="(\w+)">(.*?)</li>', copy.group(1), re.S)
        if (found := re.match(r'<span class="wb[^>]*>[^<]*</span> ', item))}


def test_badges_come_before_the_city_most_severe_first_with_a_count(
        client: FlaskClient) -> None:
    label = "기상특보: 대설경보, 한파주의보"
    assert badges(client) == {
        "seoul": f'<span class="wb wb-warning" role="img" aria-label="{label}" '
                 f'title="{label}">대설경보 +1</span> ',
        "jeju": '<span class="wb wb-unknown" role="img" aria-label="기상특보: 풍랑심각" '
                'title="기상특보: 풍랑심각">풍랑심각</span> '}
    html = client.get(f"/widget?{QUERY}").get_data(as_text=True)
    # Both copies, the badge first in the item: then the icon, condition, name, temperature.
    assert html.count("대설경보 +1</span> <span class=\"i i-clear\"></span>") == 2


def test_english_badges(client: FlaskClient) -> None:
    seoul = badges(client, QUERY + "&lang=en")["seoul"]
    assert 'aria-label="Weather warnings: Heavy snow warning, Cold wave advisory"' in seoul
    assert seoul.endswith(">Heavy snow warning +1</span> ")


def test_a_warning_taking_effect_or_the_list_turning_old_rebuilds_the_page(
        client: FlaskClient, clock: Clock) -> None:
    before = client.get(f"/widget?{QUERY}").data
    clock.now = TAKES_EFFECT - timedelta(seconds=1)
    assert client.get(f"/widget?{QUERY}").data == before
    clock.now = TAKES_EFFECT
    assert 'class="wb wb-severe"' in badges(client)["busan"]
    assert ">강풍중대경보</span> " in badges(client)["busan"]
    clock.now = NOW - timedelta(minutes=2) + timedelta(minutes=30, seconds=1)
    assert badges(client) == {}
    page = client.get(f"/widget?{QUERY}").get_data(as_text=True)
    assert "특보 없음" not in page and 'class="wb' not in page


def test_none_in_force_and_unknown_both_show_no_badge(tmp_path: Path, clock: Clock) -> None:
    for state in (held([]), snapshot(-3.0), with_warnings(snapshot(-3.0), ROWS, zones=None)):
        client = make_client(tmp_path / str(id(state)), clock, state)
        assert badges(client) == {}


def test_warnings_off_shows_none_and_tells_the_script(client: FlaskClient) -> None:
    assert badges(client, QUERY + "&warnings=off") == {}
    page = client.get(f"/widget?{QUERY}&warnings=off").get_data(as_text=True)
    assert 'data-warnings="off"' in page
    assert "data-warnings" not in client.get(f"/widget?{QUERY}&warnings=on").get_data(
        as_text=True)
    assert client.get(f"/widget?{QUERY}&warnings=on").data == client.get(
        f"/widget?{QUERY}").data


@pytest.mark.parametrize("query", ["warnings=no", "warnings=ON", "warnings=on&warnings=off",
                                   "warnings=%3Cscript%3E"])
def test_a_bad_warnings_value_is_a_400_naming_it(client: FlaskClient, query: str) -> None:
    response = client.get(f"/widget?{query}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "parameter &#39;warnings&#39;" in body
    assert "<script" not in body


def test_badges_lengthen_the_scroll_time_estimate(client: FlaskClient) -> None:
    cities = by_ids(["seoul", "jeju"])
    document = weather_document(held(), cities, "ko", NOW, Freshness())
    on = widget_view(document, WidgetOptions(cities=cities)).items
    off = widget_view(document, WidgetOptions(cities=cities, warnings=False)).items
    assert scroll_seconds(on * 10, 3.0) > scroll_seconds(off * 10, 3.0)


def test_every_level_s_badge_meets_4_5_to_1_whatever_the_theme() -> None:
    rules = dict(re.findall(r"^\.(wb(?:-\w+)?)\{([^}]*)\}", asset("widget.css"), re.M))
    base = dict(re.findall(r"(color|background):(#[0-9a-f]{6})", rules["wb"]))
    # Its own colours, never the theme's (light, dark, auto, transparent, custom fg/bg).
    assert all("var(" not in body for body in rules.values())
    for level in ("unknown", "advisory", "warning", "severe"):
        colors = {**base, **dict(re.findall(r"(color|background):(#[0-9a-f]{6})",
                                            rules.get(f"wb-{level}", "")))}
        ratio = contrast(colors["color"], colors["background"])
        assert ratio >= 4.5, f"{level}: {ratio:.2f}"
    assert set(rules) == {"wb", "wb-advisory", "wb-warning", "wb-severe"}


def test_the_script_draws_the_same_badge_from_the_documents() -> None:
    script = asset("widget.js")
    read = set(re.findall(r"\bwarning\.([a-z_]+)\b", script))
    assert read and read <= set(WarningDocument.model_fields)
    assert "city.warnings" in script
    # The label and the join come from the page (script_words), in the page's language.
    assert 'data.bl + ": "' in script and "kind + data.tj + level" in script
    for lang in LANGS:
        words = dict(script_words(lang))
        assert (words["bl"], words["tj"]) == (BADGE_LABEL[lang], TITLE_JOIN[lang])
    levels = re.search(r"var LEVELS = \[([^]]*)\];", script)
    assert levels is not None
    assert re.findall(r'"(\w+)"', levels.group(1)) == [
        level.value for level in WarningLevel if level is not WarningLevel.UNKNOWN]


def test_the_page_inlines_its_files_without_their_comments(client: FlaskClient) -> None:
    page = client.get("/widget").get_data(as_text=True)
    script, css = inlined("widget.js"), inlined("widget.css")
    assert f"<script>{script}</script>" in page and f"<style>{css}</style>" in page
    assert "\n//" not in script and "/*" not in css and "\n " not in script
    assert len(script) < len(asset("widget.js")) and len(css) < len(asset("widget.css"))


def test_embed_js_forwards_data_warnings() -> None:
    options = re.search(r"var OPTIONS = \[([^]]*)\];", asset("embed.js"))
    assert options is not None and '"warnings"' in options.group(1)


def test_the_configurator_offers_warnings_off(client: FlaskClient) -> None:
    strips = Strips(CATALOGUE, CITIES, {})
    assert configure(MultiDict([("warnings", "on")]), strips).params == ()
    off = configure(MultiDict([("warnings", "off"), ("show", "feels")]), strips)
    assert off.params == (("warnings", "off"), ("show", "feels"))
    assert 'data-warnings="off"' in off.script_snippet("https://ticker.example.com/")
    page = client.get("/?warnings=off").get_data(as_text=True)
    assert '<select id="warnings" name="warnings">' in page
    assert '<option value="off" selected>' in page
    assert 'src="widget?warnings=off"' in page


def test_openapi_documents_the_widget_s_warnings_parameter(client: FlaskClient) -> None:
    document = client.get("/openapi.json").get_json()
    params = {p["name"]: p for p in document["paths"]["/widget"]["get"]["parameters"]}
    assert params["warnings"]["schema"] == {"type": "string", "enum": ["on", "off"]}



@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_strip_all_under_warnings_fits_its_budget(tmp_path: Path, clock: Clock,
                                                    lang: str) -> None:
    zones = {city.id: (f"L{city.station:07d}", city.name_ko) for city in CITIES}
    rows = [row for zone in zones.values()
            for row in (warning(zone, "폭염", "경보"), warning(zone, "열대야", "주의"))]
    client = make_client(tmp_path, clock, with_warnings(snapshot(31.0), rows, zones=zones))
    response = client.get(f"/widget?lang={lang}")
    assert response.get_data(as_text=True).count('class="wb wb-warning"') == 2 * len(CITIES)
    assert len(response.data) < WARNED_BUDGET_BYTES
    gzipped = client.get(f"/widget?lang={lang}", headers={"Accept-Encoding": "gzip"})
    assert len(gzipped.data) < WARNED_BUDGET_GZIP_BYTES
