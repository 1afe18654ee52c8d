"""show=icon: the sprite as built, each city's symbol by its station's sun, the page's markup
(one symbol per icon used, a ``<use>`` per item in each copy, no id twice) and its budget."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from support.stations import CITIES, by_id
from support.widget_pages import (
    SHOW_BUDGET_BYTES,
    SHOW_BUDGET_GZIP_BYTES,
    client_for,
    full_day_everywhere,
    items_html,
)

from ticker.core.conditions import Condition
from ticker.core.kst import KST
from ticker.core.observations import Snapshot
from ticker.web.widget.icons import DAY_AND_NIGHT, icon_id, sprite, station_icon, symbols
from ticker.web.widget.page import asset

ICON = re.compile(r'<svg class="icon" aria-hidden="true" focusable="false">'
                  r'<use href="#(wi-[a-z_-]+)"/></svg><span class="i i-[a-z_]+"></span>'
                  r'<span class="c">')


def every_condition() -> Snapshot:
    """The default strip with each city under another condition: all 16 codes at once."""
    day = full_day_everywhere()
    codes = list(Condition)
    observations = tuple(o.model_copy(update={"condition": codes[i % len(codes)]})
                         for i, o in enumerate(day.observations))
    return day.model_copy(update={"observations": observations})


def test_the_sprite_has_every_code_and_nothing_that_moves() -> None:
    expected = {f"wi-{c.value}-{v}" for c in DAY_AND_NIGHT for v in ("day", "night")}
    expected |= {f"wi-{c.value}" for c in Condition if c not in DAY_AND_NIGHT}
    assert set(symbols()) == expected
    text = asset("meteocons.svg")
    assert not re.search(r"<(animate|set\b|style)|animation|@keyframes|\sstyle=|\son\w+=", text)
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids))
    # Every reference points inside its own symbol.
    for symbol in symbols().values():
        defined = set(re.findall(r'\sid="([^"]+)"', symbol))
        for target in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', symbol):
            assert "".join(target) in defined


def test_the_licence_ships_beside_the_sprite() -> None:
    notice = asset("LICENSE-meteocons.txt")
    assert "MIT License" in notice and "Copyright (c) 2020-2021 Bas Milius" in notice


@pytest.mark.parametrize(("condition", "daylight", "expected"), [
    (Condition.CLEAR, True, "wi-clear-day"), (Condition.CLEAR, False, "wi-clear-night"),
    (Condition.PARTLY_CLOUDY, False, "wi-partly_cloudy-night"),
    (Condition.MOSTLY_CLOUDY, True, "wi-mostly_cloudy-day"),
    (Condition.RAIN, False, "wi-rain"), (Condition.UNKNOWN, True, "wi-unknown")])
def test_icon_per_condition(condition: Condition, daylight: bool, expected: str) -> None:
    assert icon_id(condition, daylight) == expected


def test_day_or_night_by_the_station_s_own_sun() -> None:
    # 07:24 KST on 1 December: the sun has risen at Jeju (07:20), not yet at Seoul (07:28).
    at = datetime(2025, 12, 1, 7, 24, tzinfo=KST)
    assert station_icon(Condition.CLEAR, by_id("seoul"), at) == "wi-clear-night"
    assert station_icon(Condition.CLEAR, by_id("jeju"), at) == "wi-clear-day"
    assert station_icon(Condition.CLEAR, by_id("seoul"), None) == "wi-clear-day"


def test_a_sprite_holds_only_the_symbols_asked_for() -> None:
    drawn = sprite(["wi-rain", "wi-clear-night", "wi-rain"])
    assert re.findall(r'<symbol id="([^"]+)"', drawn) == ["wi-clear-night", "wi-rain"]
    assert drawn.startswith('<svg class="sp" aria-hidden="true" focusable="false">')


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return client_for(every_condition(), tmp_path)


def test_each_item_draws_its_symbol_before_the_word_in_both_copies(client: FlaskClient) -> None:
    html = client.get("/widget?show=icon").get_data(as_text=True)
    used = []
    for copy in (0, 1):
        items = items_html(html, copy)
        assert len(items) == len(CITIES)
        used.append([ICON.search(item)[1] for item in items])  # type: ignore[index]
    assert used[0] == used[1]
    # 09:30 KST: day everywhere; the words stay beside the icons.
    assert "wi-clear-day" in used[0] and "wi-clear-night" not in used[0]
    symbols_on_page = re.findall(r'<symbol id="([^"]+)"', html)
    assert sorted(symbols_on_page) == sorted(set(used[0]))
    assert len(symbols_on_page) == len(Condition)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    assert html.count('<svg class="sp" aria-hidden="true" focusable="false">') == 1


def test_at_night_the_sky_icons_turn(tmp_path: Path) -> None:
    night = every_condition()
    late = datetime(2025, 12, 1, 22, 0, tzinfo=KST)
    moved = night.model_copy(update={"observations": tuple(
        o.model_copy(update={"observed_at": late}) for o in night.observations)})
    html = client_for(moved, tmp_path, clock=lambda: late).get(
        "/widget?show=icon").get_data(as_text=True)
    assert 'href="#wi-clear-night"' in html and 'href="#wi-clear-day"' not in html
    assert 'href="#wi-rain"' in html


def test_without_icon_the_page_has_no_sprite(client: FlaskClient) -> None:
    html = client.get("/widget?show=feels").get_data(as_text=True)
    assert "<symbol" not in html and 'class="icon"' not in html and 'class="sp"' not in html


def test_icon_is_listed_first_whatever_the_order_asked(client: FlaskClient) -> None:
    html = client.get("/widget?show=feels,icon").get_data(as_text=True)
    assert 'data-show="icon,feels"' in html


@pytest.mark.parametrize("query", ["show=icon", "show=icon&lang=en&theme=dark&size=xl"])
def test_an_icon_page_fits_the_extras_budget(tmp_path: Path, query: str) -> None:
    client = client_for(full_day_everywhere(), tmp_path)
    assert len(client.get(f"/widget?{query}").get_data()) < SHOW_BUDGET_BYTES
    gzipped = client.get(f"/widget?{query}", headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert len(gzipped.get_data()) < SHOW_BUDGET_GZIP_BYTES


def test_every_icon_at_once_fits_the_budget_as_sent(client: FlaskClient) -> None:
    # All 16 symbols on one page (~40.8 KB raw, above the 40 KB of show= pages: the symbols
    # are paths, which gzip well): as sent, within the budget.
    gzipped = client.get("/widget?show=icon", headers={"Accept-Encoding": "gzip"})
    assert len(gzipped.get_data()) < SHOW_BUDGET_GZIP_BYTES
