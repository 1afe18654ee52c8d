"""Daily call accounting in the file ledger: counts per source, persisted; the pacing arithmetic.

The rules both ledgers share (reset at midnight KST, pausing, pacing) are tested on both, file
and Redis, in tests/state/test_redis_quota.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from ticker.core.kst import KST, next_midnight
from ticker.core.quota import min_spacing
from ticker.state.file_ledger import FileQuotaLedger

NOON = datetime(2025, 12, 1, 12, 0, tzinfo=KST)


def test_calls_are_counted_per_source_and_survive_a_restart(tmp_path: Path) -> None:
    ledger = FileQuotaLedger(tmp_path, {"vilage": 10_000, "asos": None})
    ledger.record("vilage", 32, NOON)
    ledger.record("vilage", 2, NOON + timedelta(minutes=10))
    ledger.record("asos", 1, NOON)
    restarted = FileQuotaLedger(tmp_path, {"vilage": 10_000, "asos": None})
    assert restarted.report(NOON).sources["vilage"].calls == 34
    assert restarted.report(NOON).model_dump(mode="json") == {
        "day": "2025-12-01",
        "asos": {"calls": 1, "limit": None, "remaining": None},
        "vilage": {"calls": 34, "limit": 10_000, "remaining": 9_966},
    }








def test_a_plentiful_budget_never_stretches_the_normal_cadence(tmp_path: Path) -> None:
    ledger = FileQuotaLedger(tmp_path, {"vilage": 10_000})
    ledger.record("vilage", 32, NOON)
    assert ledger.allows("vilage", 32, NOON + timedelta(minutes=10))[0]


def test_spacing_arithmetic() -> None:
    assert next_midnight(NOON) == datetime(2025, 12, 2, tzinfo=KST)
    assert min_spacing(remaining=24 * 10, calls_per_run=10, now=NOON) == timedelta(minutes=30)
    assert min_spacing(remaining=5, calls_per_run=10, now=NOON) == timedelta(hours=12)


def test_unknown_or_unlimited_sources_are_always_allowed(tmp_path: Path) -> None:
    ledger = FileQuotaLedger(tmp_path, {"asos": None})
    ledger.record("asos", 5_000, NOON)
    assert ledger.allows("asos", 1, NOON) == (True, "")
