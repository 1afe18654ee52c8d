"""``ticker serve`` under continuous load while its upstream rotates through every fault mode.

One run, shared by the tests of this module: both sources point at the fault server with
unique canary keys (with ``+ / =``, so every percent-encoded form differs), the service logs
at DEBUG, refreshes run every second under a 3 s budget, and three client threads request
every public page for the whole rotation, over 60 s. The tests then read what was recorded.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.fault_answers import DATA_MODES, FAILING
from support.faults import FaultyKma, FaultyKmaServer, rotate
from support.loadgen import Load, LoadRecord, Values, city_values
from support.service import TickerProcess, clean_env, write_config

from ticker.core.redact import secret_forms
from ticker.state.file_ledger import QUOTA_FILE
from ticker.state.store import SNAPSHOT_FILE
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

SECONDS_PER_MODE = 4.3  # 14 failing modes: 60 s of load while failing
# Modes in which the upstream holds a refresh's call open until a timeout ends it.
HELD_MODES = ("hang", "trickle", "slow_headers")
ACCESS = {"connect_timeout": 0.5, "read_timeout": 1, "total_timeout": 1.5,
          "max_body_bytes": 256 * 1024}
SETTINGS = {
    "provider": "asos,vilage",
    "kma_apihub": ACCESS, "data_go_kr": ACCESS,
    "schedule": {"interval_seconds": 1, "jitter_seconds": 0, "refresh_budget_seconds": 3},
    # Stale limits above the run: a value shown is the last good one, never a withheld one.
    "freshness": {"stale_after_minutes": 5, "withhold_after_minutes": 60},
    "quota": {"daily_limits": {"asos": None, "vilage": None}},
}


@dataclass
class OutageRun:
    """What one rotation left behind."""

    record: LoadRecord
    good: Values
    log: list[str]
    files: dict[Path, bytes]
    secrets: tuple[str, ...]
    fake: FaultyKma
    load_seconds: float


def wait_good(server: TickerProcess) -> Values:
    def good() -> Values | None:
        response = server.get("/v1/weather")
        if not response.ok or response.json()["sample"]:
            return None
        values = city_values(response.json())
        return values if all(t is not None for t, _ in values.values()) else None

    return server.wait_for(good, timeout=30)


def written_files(*roots: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for root in roots for path in root.rglob("*")
            if path.is_file()}


@pytest.fixture(scope="module")
def outage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OutageRun]:
    root = tmp_path_factory.mktemp("outage")
    scratch = root / "tmp"  # the service's TMPDIR: its metrics files land here
    scratch.mkdir()
    tag = uuid.uuid4().hex[:12]
    keys = {"KMA_APIHUB_KEY": f"hub+{tag}/Key=", "DATA_GO_KR_KEY": f"dgk+{tag}/Key=="}
    secrets = tuple(form for key in keys.values() for form in secret_forms(key))
    with FaultyKmaServer() as fake:
        config = write_config(root, {"data_dir": str(root / "data"), **SETTINGS})
        env = {"TICKER_CONFIG": str(config), "TMPDIR": str(scratch), **keys,
               "KMA_APIHUB_URL": fake.url, "DATA_GO_KR_URL": fake.url}
        server = TickerProcess(["--log-level", "DEBUG", "serve", "--port", "0"],
                               clean_env(env), root)
        try:
            server.wait_listening()
            good = wait_good(server)
            started = time.monotonic()
            with Load(server.base_url, threads=3, good=good, secrets=secrets,
                      label=lambda: fake.mode) as record:
                for _ in rotate(fake, FAILING, SECONDS_PER_MODE):
                    pass
                fake.mode = "ok"
                hits = fake.hits[SFCTM2_PATH]
                server.wait_for(lambda: fake.hits[SFCTM2_PATH] >= hits + 2)
            load_seconds = time.monotonic() - started
            files = written_files(root / "data", scratch)
            server.terminate()
        finally:
            server.stop()
        files.update(written_files(root / "data"))
        yield OutageRun(record, good, server.lines, files, secrets, fake, load_seconds)


def test_serving_under_load_while_the_upstream_fails(outage: OutageRun) -> None:
    record = outage.record
    assert outage.load_seconds >= 60
    # Enough load to mean something; how much a loaded machine manages is bench/outage's job.
    assert len(record.samples) > 300
    assert [s for s in record.samples if s.status >= 500] == []
    assert record.problems == []  # every body JSON or HTML; values those of the last good one
    assert record.documents > 30
    served_modes = {s.label for s in record.samples}
    assert set(FAILING) <= served_modes


def test_serving_never_waits_on_a_held_upstream_call(outage: OutageRun) -> None:
    """While a refresh is stuck on a hanging or trickling upstream, answers still complete.

    Judged by order, not by a stopwatch: for every refresh call the upstream held open, some
    answer was both asked for and delivered while that call was still held. Had serving
    waited on the refresh, no answer could fit inside one.
    """
    held = [span for span in outage.fake.spans
            if span.path == SFCTM2_PATH and span.mode in HELD_MODES]
    assert held, "no refresh call was held: the rotation proved nothing"
    samples = outage.record.samples
    for span in held:
        assert any(span.started <= sample.started
                   and sample.started + sample.seconds <= span.ended for sample in samples), span


def test_every_mode_reached_both_interfaces(outage: OutageRun) -> None:
    fake = outage.fake
    assert fake.hits[SFCTM2_PATH] >= len(FAILING)
    assert fake.hits[NCST_PATH] > 0
    assert fake.hits[FCST_PATH] > 0
    # Refreshes never overlap: one sfctm2 call at a time (one per refresh). The data.go.kr
    # paths are not counted here: after abandoning a cell's 10 MB or trickling body the
    # per-city loop asks the next cell at once, while the server may still be writing the
    # abandoned answer. Non-overlap of whole refreshes is proven in test_scheduler_e2e.
    assert fake.max_in_flight[SFCTM2_PATH] == 1


def test_failing_and_recovered_are_each_said_once_per_outage(outage: OutageRun) -> None:
    log = "\n".join(outage.log)
    outages = sum(1 for before, after in zip(FAILING, (*FAILING[1:], "ok"), strict=True)
                  if before not in DATA_MODES and after in DATA_MODES)
    assert log.count("asos fetch failing") == log.count("asos fetch recovered") == outages
    # 429 then 503: one outage of waits per source, said once at WARNING.
    for source in ("asos", "vilage"):
        said = [line for line in outage.log
                if f"WARNING ticker.sources.chain: {source} postponed" in line]
        assert len(said) == 1, said


def test_the_canary_keys_appear_nowhere(outage: OutageRun) -> None:
    log = "\n".join(outage.log)
    assert "kma_sfctm2.php" in log and "getUltraSrtNcst" in log  # DEBUG request lines
    for secret in outage.secrets:
        assert secret not in log
        for path, data in outage.files.items():
            assert secret.encode() not in data, path
    # Everything the service wrote is searched: the snapshot and the quota ledger (one
    # process serves by default, so there are no multiprocess metrics files).
    assert {path.name for path in outage.files} >= {SNAPSHOT_FILE, QUOTA_FILE}
