"""Mistakes in config.yaml, the environment and the command line: each is one line naming the
setting and the problem, exit 2, no traceback, and nothing asked of the upstream."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support.fakekma import FakeKma
from support.payloads import CANARY_KEY
from support.redisfix import running_redis
from support.service import TICKER, TickerProcess, clean_env, write_config

pytestmark = pytest.mark.e2e  # the installed ``ticker`` command runs as a subprocess

# Root may write any directory whatever its mode; /sys refuses even root.
READ_ONLY_DIR = "/sys" if os.geteuid() == 0 else "{tmp}/read-only"


@dataclass(frozen=True)
class Mistake:
    """One bad input and the name the refusal must carry."""

    named: str
    env: dict[str, str] = field(default_factory=dict)
    # YAML added to the test's config.yaml (bytes: the file's whole content).
    config: str | bytes = ""
    args: tuple[str, ...] = ("fetch",)


MISTAKES = {
    "store-scheme": Mistake("TICKER_STORE", {"TICKER_STORE": "bogus://x"}),
    "store-path": Mistake("TICKER_STORE", {"TICKER_STORE": "some/dir"}),
    "store-file-path": Mistake("TICKER_STORE", {"TICKER_STORE": "file:/path"}),
    "store-db": Mistake("TICKER_STORE", {"TICKER_STORE": "redis://h:6379/abc"}),
    "provider-sample-in-chain": Mistake("TICKER_PROVIDER", {"TICKER_PROVIDER": "sample,asos"}),
    "provider-twice": Mistake("provider", config="provider: [asos, asos]\n"),
    "interval-huge": Mistake("schedule.interval_seconds",
                             config="schedule:\n  interval_seconds: 99999999999999\n"),
    "interval-1e308": Mistake("schedule.interval_seconds",
                              config="schedule:\n  interval_seconds: 1e308\n"),
    "stale-after-withhold": Mistake("freshness.stale_after_minutes", config=(
        "freshness:\n  stale_after_minutes: 200\n  withhold_after_minutes: 100\n")),
    "duplicate-key": Mistake("cities", config="cities: [seoul]\ncities: [busan]\n"),
    "not-utf8": Mistake("config.yaml", config=b"cities: [\xff\xfe]\n"),
    "data-dir-file": Mistake("TICKER_DATA_DIR", {"TICKER_DATA_DIR": "/etc/passwd"}),
    "data-dir-read-only": Mistake("TICKER_DATA_DIR", {"TICKER_DATA_DIR": READ_ONLY_DIR}),
    "data-dir-empty": Mistake("TICKER_DATA_DIR", {"TICKER_DATA_DIR": ""}),
    "port-high": Mistake("--port", args=("serve", "--port", "99999")),
    "port-negative": Mistake("--port", args=("serve", "--port", "-1")),
    "host-unknown": Mistake("--host", args=("serve", "--host", "nonexistent.invalid")),
    "host-elsewhere": Mistake("--host", args=("serve", "--host", "8.8.8.8")),
}


def refused(tmp_path: Path, fake_kma: FakeKma, mistake: Mistake,
            env: dict[str, str] | None = None) -> str:
    """Run ``ticker`` with the mistake; assert the refusal's shape; return its one line."""
    config = tmp_path / "config.yaml"
    if isinstance(mistake.config, bytes):
        config.write_bytes(mistake.config)
    else:
        config.write_text(f"data_dir: {tmp_path / 'data'}\n{mistake.config}", encoding="utf-8")
    (tmp_path / "read-only").mkdir(mode=0o555)
    variables = {"TICKER_CONFIG": str(config), "KMA_APIHUB_URL": fake_kma.url,
                 "KMA_APIHUB_KEY": CANARY_KEY, **(env or {}),
                 **{name: value.format(tmp=tmp_path) for name, value in mistake.env.items()}}
    result = subprocess.run([TICKER, *mistake.args], env=clean_env(variables), cwd=tmp_path,
                            capture_output=True, text=True, timeout=30, check=False)
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert mistake.named in lines[0]
    assert sum(fake_kma.hits.values()) == 0  # refused before anything was fetched
    return lines[0]


@pytest.mark.parametrize("mistake", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_mistake_is_one_line_naming_the_setting_and_exit_2(tmp_path: Path, fake_kma: FakeKma,
                                                             mistake: Mistake) -> None:
    refused(tmp_path, fake_kma, mistake)


@pytest.mark.redis
@pytest.mark.parametrize("wrong", ["password", "db"])
def test_a_redis_that_refuses_us_is_a_mistake_naming_the_store(
        tmp_path: Path, fake_kma: FakeKma, wrong: str) -> None:
    with running_redis(tmp_path, password="right-password") as server:
        url = server.url.replace("right-password", "wrong-password") if wrong == "password" \
            else server.url.rsplit("/", 1)[0] + "/99"  # redis-server has 16 databases
        line = refused(tmp_path, fake_kma, Mistake("TICKER_STORE", args=("worker",)),
                       {"TICKER_STORE": url})
    assert "password" not in line or "wrong-password" not in line  # never the secret


def test_an_unreachable_redis_at_start_is_a_warning_and_readyz_says_so(
        processes: list[TickerProcess], tmp_path: Path) -> None:
    from ticker.app.server.serve import free_port

    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data")})
    nowhere = f"redis://127.0.0.1:{free_port('127.0.0.1')}/0"  # nothing listens there
    node = TickerProcess(["serve", "--port", "0", "--no-scheduler"],
                         clean_env({"TICKER_CONFIG": str(config), "TICKER_STORE": nowhere}),
                         tmp_path)
    processes.append(node)
    node.wait_listening()  # nodes come up during an outage
    warnings = [line for line in node.lines if "TICKER_STORE" in line]
    assert len(warnings) == 1 and " WARNING " in warnings[0] and "unreachable" in warnings[0]
    ready = node.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["store"].startswith("unavailable")
