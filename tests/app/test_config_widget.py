"""The widget settings: frame-ancestors sources and the polling cadence."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ticker.app.settings import Settings, WidgetSettings, load_settings
from ticker.core.errors import ConfigError

REPO = Path(__file__).parents[2]


def test_defaults_allow_any_site_and_poll_every_five_minutes() -> None:
    assert WidgetSettings() == WidgetSettings(frame_ancestors=("*",), refresh_seconds=300)
    assert Settings().widget == WidgetSettings()


def test_the_repository_config_states_the_defaults() -> None:
    assert load_settings(env={}, cwd=REPO).widget == WidgetSettings()


@pytest.mark.parametrize("sources", [
    ["*"], ["'self'"], ["'none'"], ["https:"], ["https://news.example.com"],
    ["https://*.example.org:8443", "http://127.0.0.1:8080", "'self'"],
    "https://a.example b.example",
])
def test_valid_frame_ancestors(sources: list[str] | str) -> None:
    settings = WidgetSettings(frame_ancestors=sources)
    expected = sources.split() if isinstance(sources, str) else sources
    assert settings.frame_ancestors == tuple(expected)


@pytest.mark.parametrize("sources", [
    [], ["https://a.example; script-src *"], ["https://a.example,b"], ["'none'", "https:"],
    ["'unsafe-inline'"], ["https://a.example/\nx"], [42],
])
def test_invalid_frame_ancestors_name_the_key(tmp_path: Path, sources: list[object]) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"widget": {"frame_ancestors": sources}}),
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"widget\.frame_ancestors"):
        load_settings(env={"TICKER_CONFIG": str(config)}, cwd=tmp_path)


@pytest.mark.parametrize("seconds", [1, 3601])
def test_refresh_seconds_is_bounded(seconds: int) -> None:
    with pytest.raises(ValueError, match="refresh_seconds"):
        WidgetSettings(refresh_seconds=seconds)
