"""The bundled sample: a recording of the seed ticker as ``kma_sfctm2`` sent it, and the
warnings and station-to-zone table of a winter moment beside it (2025-12-01 09:00 KST), and
the short-term forecast of that day for the default strip's grid cells.

With no API key the service replays them through the same parsers as live data, and says so.
"""

from __future__ import annotations

import json
from datetime import datetime
from importlib import resources

from ticker.upstream.apihub.client import BODY_ENCODING
from ticker.upstream.datagokr.envelope import Document, judge_datagokr_body

SAMPLE_RESOURCE = "sample_kma_sfctm2.txt"
SAMPLE_WARNINGS_RESOURCE = "sample_wrn_now_data.txt"
SAMPLE_ZONES_RESOURCE = "sample_wrn_reg_aws2.txt"
SAMPLE_AIR_VALUES_RESOURCE = "sample_airkorea_values.json"
SAMPLE_AIR_STATIONS_RESOURCE = "sample_airkorea_stations.json"
SAMPLE_FORECAST_RESOURCE = "sample_vilage_fcst.json"


def _load(resource: str) -> str:
    data = resources.files("ticker.upstream.sample").joinpath(resource).read_bytes()
    return data.decode(BODY_ENCODING)


def load_sample_text() -> str:
    """The bundled sfctm2 recording, decoded exactly as live bodies are."""
    return _load(SAMPLE_RESOURCE)


def load_sample_warnings() -> str:
    """The bundled ``wrn_now_data`` answer (CP949, as KMA sends it), decoded as live bodies
    are: winter warnings in force at the recording's moment."""
    return _load(SAMPLE_WARNINGS_RESOURCE)


def load_sample_zone_table() -> str:
    """The bundled ``wrn_reg_aws2`` table (CP949), decoded as live bodies are: a zone for
    every catalogue station."""
    return _load(SAMPLE_ZONES_RESOURCE)


def _load_json(resource: str) -> Document:
    data = resources.files("ticker.upstream.sample").joinpath(resource).read_bytes()
    return judge_datagokr_body(200, data.decode("utf-8"))


def load_sample_air_values() -> Document:
    """The bundled AirKorea values answer (one page, judged as live bodies are): fine dust
    at the measuring stations near the default strip, at the recording's hour."""
    return _load_json(SAMPLE_AIR_VALUES_RESOURCE)


def load_sample_air_stations() -> Document:
    """The bundled AirKorea station-list answer (one page): the stations of the values."""
    return _load_json(SAMPLE_AIR_STATIONS_RESOURCE)


def load_sample_forecast() -> tuple[datetime, dict[str, dict[str, object]]]:
    """The bundled getVilageFcst answers (JSON, as data.go.kr sends them) per grid cell
    ("nx,ny") of the default strip, and the moment they are shown as of: the 02:00 issuance
    of the recording's day, which carries that day's low and high."""
    data = resources.files("ticker.upstream.sample").joinpath(SAMPLE_FORECAST_RESOURCE)
    recording = json.loads(data.read_bytes().decode("utf-8"))
    return datetime.fromisoformat(recording["recorded_at"]), recording["issuances"]
