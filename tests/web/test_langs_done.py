"""Issue #27's "done when" for Japanese and Chinese, on the app: ``/v1/weather?lang=ja`` and
``?lang=zh`` name every one of the catalogue's 95 stations as Japanese and Chinese newspapers
do and word every condition code in that language; every route that takes ``lang`` takes them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.air_snapshots import with_air
from support.clock import NOW
from support.day_history import STRIP, day_snapshot, with_day_forecast
from support.warning_snapshots import warning, with_warnings
from support.widget_pages import STRIP_QUERY, client_for

from ticker.core.catalogue import load_catalogue
from ticker.core.conditions import CONDITION_LABELS, Condition
from ticker.core.documents import ATTRIBUTION
from ticker.core.observations import Observation, Snapshot

CATALOGUE = load_catalogue()
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
CODES = list(Condition)
ALL = ",".join(CATALOGUE.ids)


def every_condition() -> Snapshot:
    """Each of the 95 stations observed, the condition codes taken in turn (each code 5+ times)."""
    observed = NOW.replace(minute=0)
    return Snapshot(source="asos", sample=False, updated_at=NOW, observations=tuple(
        Observation(city_id=station.id, temperature_c=1.5, condition=CODES[i % len(CODES)],
                    observed_at=observed, source="asos")
        for i, station in enumerate(CATALOGUE)))


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_every_station_is_named_and_every_condition_worded(tmp_path: Path, lang: str) -> None:
    client = client_for(every_condition(), tmp_path)
    document = client.get(f"/v1/weather?cities={ALL}&lang={lang}").get_json()
    assert document["attribution"] == ATTRIBUTION[lang]
    cities = document["cities"]
    assert [c["id"] for c in cities] == list(CATALOGUE.ids)
    assert {c["condition"] for c in cities} == {code.value for code in CODES}
    for city, station in zip(cities, CATALOGUE, strict=True):
        # Every language carries every name; the Korean one stays the official `name`.
        assert (city["name"], city["name_en"], city["name_ja"], city["name_zh"]) == (
            station.name_ko, station.name_en, station.name_ja, station.name_zh)
        assert not HANGUL.search(city[f"name_{lang}"])
        text = city["condition_text"]
        assert text == CONDITION_LABELS[lang][Condition(city["condition"])]
        assert not HANGUL.search(text)
        assert bool(text) == (city["condition"] != "unknown")


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_every_route_with_lang_takes_ja_and_zh(tmp_path: Path, lang: str) -> None:
    client = client_for(every_condition(), tmp_path)
    seoul = client.get(f"/v1/weather/seoul?lang={lang}")
    assert seoul.status_code == 200
    condition = CODES[CATALOGUE.ids.index("seoul") % len(CODES)]
    assert seoul.get_json()["condition_text"] == CONDITION_LABELS[lang][condition]
    history = client.get(f"/v1/weather/seoul/history?lang={lang}")
    assert history.status_code == 200
    assert client.get(f"/v1/warnings?lang={lang}").status_code == 200
    page = client.get(f"/widget?cities=seoul,gwangju,jeju&lang={lang}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<html lang="{lang}"' in html
    names = re.findall(r'<span class="n">([^<]*)</span>', html)
    station_names = [getattr(CATALOGUE.by_id(i), f"name_{lang}") for i in ("seoul", "gwangju",
                                                                          "jeju")]
    assert names == station_names * 2  # the strip's two copies
    assert ATTRIBUTION[lang] in html
    demo = client.get(f"/?lang={lang}").get_data(as_text=True)
    # The language selector offers it, and the station search finds names in it.
    assert f'<option value="{lang}" selected>' in demo
    assert f'data-{lang}="{getattr(CATALOGUE.by_id("seoul"), f"name_{lang}")}"' in demo
    assert client.get("/?lang=fr").status_code == 400
    assert client.get("/v1/weather?lang=fr").status_code == 400


def test_the_stations_list_names_each_in_every_language(tmp_path: Path) -> None:
    stations = client_for(every_condition(), tmp_path).get("/v1/stations").get_json()["stations"]
    assert len(stations) == 95
    assert all(s["name_ja"] and s["name_zh"] for s in stations)


def test_the_openapi_enum_is_every_language(tmp_path: Path) -> None:
    spec = client_for(every_condition(), tmp_path).get("/openapi.json").get_json()
    enums = [p["schema"]["enum"] for path in spec["paths"].values() for op in path.values()
             for p in op.get("parameters", ()) if p["name"] == "lang"]
    assert enums and all(enum == ["ko", "en", "ja", "zh"] for enum in enums)


def test_embed_js_titles_a_frame_in_the_language_asked(tmp_path: Path) -> None:
    script = client_for(every_condition(), tmp_path).get("/embed.js").get_data(as_text=True)
    assert 'ja: "天気ティッカー (韓国気象庁提供)"' in script
    assert 'zh: "天气滚动条 (韩国气象厅提供)"' in script


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_no_korean_word_is_left_on_the_page(tmp_path: Path, lang: str) -> None:
    # A day of history, the forecast, fine dust and three warnings per city, every extra shown.
    zones = {city.id: (f"L{city.station:07d}", city.name_ko) for city in STRIP}
    rows = [warning(zone, kind, level) for zone in zones.values()
            for kind, level in (("한파", "주의"), ("대설", "경보"), ("폭염", "중대경보"))]
    held = with_warnings(with_air(with_day_forecast(day_snapshot())), rows, zones=zones)
    client = client_for(held, tmp_path)
    html = client.get(f"/widget?{STRIP_QUERY}&lang={lang}&show=feels,minmax,air,forecast,trend"
                      ).get_data(as_text=True)
    # Badges, fine dust, the forecast and the sparklines are all drawn.
    assert all(mark in html for mark in ('class="wb ', 'class="pg ', 'class="fc"', 'class="g"'))
    shown = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    words = re.findall(r">([^<]+)<", shown) + re.findall(r'(?:aria-label|title)="([^"]+)"', shown)
    assert words and not [word for word in words if HANGUL.search(word)]
