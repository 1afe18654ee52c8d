"""The command line as a new user types it: options after the command, plain notices."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from support.service import TICKER, clean_env, write_config

pytestmark = pytest.mark.e2e  # the installed ``ticker`` command runs as a subprocess


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    return subprocess.run([TICKER, *args], env=clean_env({"TICKER_CONFIG": str(config)}),
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)


def test_log_level_works_before_and_after_the_command(tmp_path: Path) -> None:
    for args in (("--log-level", "DEBUG", "fetch"), ("fetch", "--log-level", "DEBUG")):
        result = run(tmp_path, *args)
        assert result.returncode == 0, result.stderr
        assert " DEBUG " in result.stderr


def test_fetch_without_a_key_says_it_uses_the_sample(tmp_path: Path) -> None:
    result = run(tmp_path, "fetch")
    assert result.returncode == 0
    assert "using the bundled SAMPLE data" in result.stderr
    assert "serving" not in result.stderr
