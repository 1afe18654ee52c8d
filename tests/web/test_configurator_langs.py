"""The configurator speaks its page's language (``/?lang=``): every word from one table per
language, none missing, and no Korean interface word left on a Japanese or Chinese page."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient
from support.clock import NOW
from support.stations import CITIES

from ticker.app.refresh.refresher import Refresher
from ticker.core.catalogue import load_catalogue
from ticker.core.freshness import Freshness
from ticker.core.langs import LANGS
from ticker.sources.asos import sample_source
from ticker.state.store import FileStore
from ticker.web.configurator.words import CHOICES, WORDS
from ticker.web.context import WebContext
from ticker.web.site import create_app

HANGUL = re.compile("[\uac00-\ud7a3]+")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    store = FileStore(tmp_path_factory.mktemp("configurator-langs"))
    Refresher(sample_source(), store, CITIES, lambda: NOW).run()
    return create_app(WebContext(store=store, cities=CITIES, freshness=Freshness(),
                                 clock=lambda: NOW)).test_client()


def test_every_language_has_every_word_and_choice() -> None:
    assert tuple(WORDS) == tuple(CHOICES) == LANGS
    for lang in LANGS:
        assert set(WORDS[lang]) == set(WORDS["ko"]), lang
        assert all(text.strip() for text in WORDS[lang].values()), lang
        for group, labels in CHOICES["ko"].items():
            assert set(CHOICES[lang][group]) == set(labels), (lang, group)
    # The same {fields} in every language, so no sentence loses its number or name.
    for key, text in WORDS["ko"].items():
        for lang in LANGS:
            assert set(re.findall(r"\{\w+\}", WORDS[lang][key])) == set(
                re.findall(r"\{\w+\}", text)), (lang, key)


@pytest.mark.parametrize("lang", ["ja", "zh", "en"])
def test_the_page_speaks_its_language(client: FlaskClient, lang: str) -> None:
    response = client.get(f"/?lang={lang}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{WORDS[lang]['heading']} " in html
    assert all(f">{label}</option>" in html for label in CHOICES[lang]["theme"].values())
    # What may stay Korean: the province headings (KMA's data), the language menu's own
    # name for Korean, Korean station names beside English ones on the English page, and
    # each station's Korean name for the search to match (data-ko).
    provinces = {station.province for station in load_catalogue() if station.province}
    text = re.sub(r'<span lang="ko">[^<]*</span>|data-ko="[^"]*"', "", html)
    for province in provinces:
        text = text.replace(f"<legend>{province}</legend>", "")
    words = set(HANGUL.findall(unescape(text)))
    assert words <= {"한국어", "기타"}, words


def test_station_names_follow_the_language(client: FlaskClient) -> None:
    html = client.get("/?lang=ja&station=seoul&station=busan").get_data(as_text=True)
    assert '<li data-id="seoul">ソウル</li>' in html
    zh = client.get("/?lang=zh").get_data(as_text=True)
    assert ">首尔 <span" in zh


def test_the_korean_page_keeps_its_words(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in html and "<h1>날씨 티커 설정 " in html
    assert "자바스크립트 없이는 아래 목록 순서대로 나옵니다." in html
