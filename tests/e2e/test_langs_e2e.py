"""``ticker serve`` with a station added in config.yaml without Japanese and Chinese names: the
config stays valid, the English name stands in for both, and the start says so once."""

from __future__ import annotations

from pathlib import Path

from support.service import TickerProcess, serve

ADDED = {"id": "gyeonggi-gwangju", "station": 998, "name_ko": "광주(경기)",
         "name_en": "Gwangju (Gyeonggi)", "lat": 37.4095, "lon": 127.2550}
NOTICE = ("stations: gyeonggi-gwangju has no name_ja or name_zh: its English name is shown "
          "instead")


def test_an_added_station_without_names_is_shown_in_english_and_said_once(
        processes: list[TickerProcess], tmp_path: Path) -> None:
    process = serve(processes, tmp_path, {"stations": [ADDED]})
    process.wait_listening()
    process.wait_for(lambda: process.get("/v1/weather").ok)
    city = process.get("/v1/weather/gyeonggi-gwangju?lang=ja").json()
    assert (city["name_ja"], city["name_zh"]) == ("Gwangju (Gyeonggi)", "Gwangju (Gyeonggi)")
    assert process.log.count(NOTICE) == 1
