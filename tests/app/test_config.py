"""Settings: defaults, config.yaml, environment overrides, and errors that name the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.payloads import CANARY_KEY

from ticker.app.settings import load_settings
from ticker.core.cities import DEFAULT_CITY_IDS
from ticker.core.errors import ConfigError

REPO_CONFIG = Path(__file__).parents[2] / "config.yaml"


def test_defaults_apply_without_a_config_file(tmp_path: Path) -> None:
    settings = load_settings(env={}, cwd=tmp_path)
    assert settings.cities == DEFAULT_CITY_IDS
    assert settings.provider == ("asos",)
    assert settings.kma_apihub.url == "https://apihub.kma.go.kr"
    assert settings.kma_apihub.key is None


def test_repo_config_yaml_shows_exactly_the_defaults(tmp_path: Path) -> None:
    assert load_settings(env={"TICKER_CONFIG": str(REPO_CONFIG)}) == load_settings(
        env={}, cwd=tmp_path)


def test_config_yaml_in_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("cities: [busan, seoul]\n", encoding="utf-8")
    assert load_settings(env={}, cwd=tmp_path).cities == ("busan", "seoul")


def test_ticker_config_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.yaml"
    path.write_text("provider: sample\n", encoding="utf-8")
    assert load_settings(env={"TICKER_CONFIG": str(path)}, cwd=tmp_path).provider == ("sample",)


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(
        "provider: sample\nkma_apihub: {url: 'http://file.example'}\n", encoding="utf-8")
    env = {"TICKER_PROVIDER": "asos", "KMA_APIHUB_URL": "http://127.0.0.1:9/",
           "KMA_APIHUB_KEY": CANARY_KEY}
    settings = load_settings(env=env, cwd=tmp_path)
    assert settings.provider == ("asos",)
    assert settings.kma_apihub.url == "http://127.0.0.1:9"
    assert settings.kma_apihub.key is not None
    assert settings.kma_apihub.key.get_secret_value() == CANARY_KEY
    assert CANARY_KEY not in repr(settings)
    assert CANARY_KEY not in str(settings.model_dump())


@pytest.mark.parametrize(("yaml_text", "named"), [
    ("cities: [seoul, atlantis]\n", "cities[1]: unknown station id 'atlantis'"),
    ("cities: [seoul, seoul]\n", "cities[1]: station id 'seoul' is listed twice"),
    ("sets: {gangwon: [chuncheon, wonju, chunchon]}\n",
     "sets.gangwon[2]: unknown station id 'chunchon'; nearest: chuncheon"),
    ("sets: {gangwon: [wonju, wonju]}\n", "sets.gangwon[1]: station id 'wonju' is listed twice"),
    ("sets: {Gangwon: [wonju]}\n", "sets: set name 'Gangwon' must match"),
    ("stations: [{id: seoul, station: 998, name_ko: 가, name_en: A, lat: 37.5, lon: 127}]\n",
     "stations: item 0: id is already station 108"),
    ("provider: carrier-pigeon\n", "provider: unknown provider"),
    ("kma_apihub: {read_timeout: soon}\n", "kma_apihub.read_timeout"),
    ("kma_apihub: {url: 'ftp://x'}\n", "kma_apihub.url: expected an http"),
    ("colour: red\n", "colour: unknown setting"),
    ("feeds: {pollen: {enabled: true}}\n", "feeds: unknown feed 'pollen'; feeds: warnings, "
                                           "warning_zones"),
    ("feeds: {warnings: {every_minutes: 0}}\n", "feeds.warnings.every_minutes"),
    ("feeds: {warnings: {enbled: false}}\n", "feeds.warnings.enbled: unknown setting"),
    ("freshness: {warnings_withhold_after_minutes: -1}\n",
     "freshness.warnings_withhold_after_minutes"),
    ("- just\n- a list\n", "expected a mapping"),
    ("cities: [\n", "not valid YAML"),
])
def test_invalid_file_names_the_bad_key(tmp_path: Path, yaml_text: str, named: str) -> None:
    (tmp_path / "config.yaml").write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(named)):
        load_settings(env={}, cwd=tmp_path)


def test_invalid_environment_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TICKER_PROVIDER: unknown provider 'nope'"):
        load_settings(env={"TICKER_PROVIDER": "nope"}, cwd=tmp_path)


def test_missing_ticker_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(env={"TICKER_CONFIG": str(tmp_path / "absent.yaml")}, cwd=tmp_path)


def test_key_never_appears_in_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("kma_apihub: {connect_timeout: -1}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(env={"KMA_APIHUB_KEY": CANARY_KEY}, cwd=tmp_path)
    assert CANARY_KEY not in str(caught.value)
