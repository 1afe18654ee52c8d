"""``ticker fetch --set NAME`` prints that set's strip, against a KMA-compatible fake."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from support.asos_rows import Reading, stations_handler
from support.fakekma import FakeKma
from support.payloads import CANARY_KEY
from support.service import TICKER, clean_env, write_config

from ticker.core.catalogue import load_catalogue
from ticker.upstream.apihub.client import SFCTM2_PATH

pytestmark = pytest.mark.e2e  # the installed ``ticker`` command runs as a subprocess


def fetch(tmp_path: Path, fake: FakeKma, *args: str) -> subprocess.CompletedProcess[str]:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"),
                                     "sets": {"jeju": ["jeju", "seogwipo", "seongsan",
                                                       "gosan"]}})
    env = clean_env({"TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake.url,
                     "KMA_APIHUB_KEY": CANARY_KEY})
    return subprocess.run([TICKER, "fetch", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)


def test_fetch_prints_a_sets_table(tmp_path: Path, fake_kma: FakeKma) -> None:
    fake_kma.route(SFCTM2_PATH, stations_handler(
        lambda tm: {s.station: Reading(ta=s.station / 10) for s in load_catalogue()}))
    result = fetch(tmp_path, fake_kma, "--set", "jeju")
    assert result.returncode == 0, result.stderr
    names = [line.split()[1] for line in result.stdout.splitlines()[1:]]
    assert names == ["제주", "서귀포", "성산", "고산"]
    assert "18.4℃" in result.stdout  # 제주 is station 184
    document = json.loads(fetch(tmp_path, fake_kma, "--set", "jeju", "--json").stdout)
    assert [c["id"] for c in document["cities"]] == ["jeju", "seogwipo", "seongsan", "gosan"]


def test_an_unknown_set_is_named_with_the_known_ones(tmp_path: Path, fake_kma: FakeKma) -> None:
    result = fetch(tmp_path, fake_kma, "--set", "busan")
    assert result.returncode == 2
    assert result.stderr.strip() == "ticker: unknown set 'busan'; sets: jeju"
    assert fake_kma.seen(SFCTM2_PATH) == []
