"""The refresh budget: one deadline for every call of a refresh, so no refresh outlasts it."""

from __future__ import annotations

import math
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
import requests
from support.faults import FaultyKma
from support.stations import CITIES

from ticker.app.compose import source_from_settings
from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import Settings
from ticker.core.errors import NetworkError
from ticker.core.kst import KST
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.budget import RefreshBudget
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_budget_counts_down_from_each_start() -> None:
    ticks = Ticks()
    budget = RefreshBudget(10, clock=ticks)
    assert budget.remaining() == math.inf  # a client used outside any refresh
    budget.start()
    ticks.now += 4
    assert budget.remaining() == 6
    ticks.now += 7
    assert budget.remaining() == 0
    budget.start()
    assert budget.remaining() == 10


def test_a_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RefreshBudget(0)


def settings(fake: FaultyKma, tmp_path: Path, budget: float) -> Settings:
    access = {"url": fake.url, "key": "budget-key", "connect_timeout": 1, "read_timeout": 5,
              "total_timeout": 5}
    return Settings.model_validate({
        "provider": "asos,vilage", "data_dir": str(tmp_path),
        "kma_apihub": access, "data_go_kr": access,
        "schedule": {"refresh_budget_seconds": budget},
        "quota": {"daily_limits": {"asos": None, "vilage": None}}})


@pytest.mark.slow  # two refreshes of 2 s each: the budget is what is tested
@pytest.mark.parametrize("mode", ["hang", "trickle"])
def test_a_refresh_of_both_sources_ends_within_its_budget(faulty_kma: FaultyKma, tmp_path: Path,
                                                          mode: str,
                                                          caplog: pytest.LogCaptureFixture
                                                          ) -> None:
    faulty_kma.mode = mode  # for data.go.kr, the fallback asked city by city
    faulty_kma.modes = {SFCTM2_PATH: "5xx"}
    config = settings(faulty_kma, tmp_path, budget=2.0)
    source, _ = source_from_settings(config, requests.Session(),
                             FileQuotaLedger(tmp_path, config.quota.daily_limits))
    refresher = Refresher(source, FileStore(tmp_path), CITIES, clock=lambda: datetime.now(KST))
    for _ in range(2):  # and the next refresh has the whole budget again
        started = time.monotonic()
        result = refresher.run()
        took = time.monotonic() - started
        assert isinstance(result.failure, NetworkError)
        assert took >= 1.9  # the budget, not less; how much more is the machine's business
    # Without the budget 16 cities would take 16 × 5 s; with it the first city's call is cut
    # at the budget's end and no other call is made: the counts prove it, not a stopwatch.
    assert faulty_kma.hits[SFCTM2_PATH] == 2
    assert (faulty_kma.hits[NCST_PATH], faulty_kma.hits[FCST_PATH]) == (2, 0)
    # What ended each data.go.kr call: what was left of the budget, not its own 5 s.
    cut_after = [float(s) for s in re.findall(r"timed out after ([\d.]+) s", caplog.text)]
    assert len(cut_after) == 2 and all(0 < seconds <= 2 for seconds in cut_after), cut_after
