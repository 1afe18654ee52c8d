"""The catalogue's Japanese and Chinese names: every station has both, as Japanese and Chinese
newspapers write Korean places (docs/languages.md), and the traps of the issue are avoided."""

from __future__ import annotations

import re

import pytest

from ticker.app.compose import station_name_notices
from ticker.app.settings import Settings
from ticker.core.catalogue import StationSpec, load_catalogue, station_from_spec

CATALOGUE = load_catalogue()
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
# Forms a Japanese name must not use (their shinjitai: 済 関 鉄 栄 亀 霊 帰 広 実 黒 清 青 徳),
# and forms a Simplified Chinese name must not use: traditional ones, and Japanese shinjitai
# that are not Simplified (済 not 济, 関 not 关, 鉄 not 铁, 黒 not 黑, 徳 not 德 ...).
NOT_JAPANESE = set("濟關鐵榮龜靈歸廣實黑淸靑德國營")
NOT_SIMPLIFIED = set("濟關鐵榮龜靈歸廣實淸靑國營爾東陽長興義慶聞寧華島風嶺統麗順晉楊報錦項豐"
                     "済関鉄栄亀霊帰広実黒営徳")


def test_every_station_has_both_names_without_hangul() -> None:
    assert len(CATALOGUE) == 95
    for station in CATALOGUE:
        for name in (station.name_ja, station.name_zh):
            assert name and not HANGUL.search(name), station.id


@pytest.mark.parametrize("lang", ["name_ja", "name_zh"])
def test_no_two_stations_share_a_name(lang: str) -> None:
    names = [getattr(station, lang) for station in CATALOGUE]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(("station_id", "ja", "zh"), [
    # The examples.
    ("seoul", "ソウル", "首尔"), ("busan", "釜山", "釜山"), ("jeju", "済州", "济州"),
    ("gangneung", "江陵", "江陵"), ("daegu", "大邱", "大邱"),
    # 광주 is 光州 in both, never Guangzhou's 広州/广州.
    ("gwangju", "光州", "光州"),
    # Islands and passes by their own hanja.
    ("ulleungdo", "鬱陵島", "郁陵岛"), ("baengnyeongdo", "白翎島", "白翎岛"),
    ("chupungnyeong", "秋風嶺", "秋风岭"), ("daegwallyeong", "大関嶺", "大关岭"),
    ("heuksando", "黒山島", "黑山岛"),
    # KMA's 군/시 suffix kept, so 고창 and 고창군 stay two names.
    ("gochang", "高敞", "高敞"), ("gochang-gun", "高敞郡", "高敞郡"),
    ("gyeongju", "慶州市", "庆州市"), ("seogwipo", "西帰浦", "西归浦"),
])
def test_the_names_newspapers_write(station_id: str, ja: str, zh: str) -> None:
    station = CATALOGUE.by_id(station_id)
    assert station is not None
    assert (station.name_ja, station.name_zh) == (ja, zh)


def test_no_name_is_guangzhou_and_the_scripts_are_their_own() -> None:
    for station in CATALOGUE:
        assert "広州" not in station.name_ja and "广州" not in station.name_zh
        assert not NOT_JAPANESE & set(station.name_ja), station.id
        assert not NOT_SIMPLIFIED & set(station.name_zh), station.id


SPEC = {"id": "gyeonggi-gwangju", "station": 998, "name_ko": "광주(경기)",
        "name_en": "Gwangju (Gyeonggi)", "lat": 37.4095, "lon": 127.2550}


def test_an_added_station_keeps_its_own_names() -> None:
    spec = StationSpec.model_validate({**SPEC, "name_ja": "京畿道光州", "name_zh": "京畿道光州"})
    station = station_from_spec(spec)
    assert (station.name_ja, station.name_zh) == ("京畿道光州", "京畿道光州")
    assert spec.missing_names == ()


def test_an_added_station_without_them_shows_its_english_name_and_says_so_once() -> None:
    spec = StationSpec.model_validate(SPEC)
    station = station_from_spec(spec)
    assert (station.name_ja, station.name_zh) == ("Gwangju (Gyeonggi)", "Gwangju (Gyeonggi)")
    settings = Settings(stations=(spec, StationSpec.model_validate(
        {**SPEC, "id": "other", "station": 997, "name_ja": "他"})))
    assert station_name_notices(settings) == [
        "stations: gyeonggi-gwangju has no name_ja or name_zh: its English name is shown "
        "instead",
        "stations: other has no name_zh: its English name is shown instead"]
