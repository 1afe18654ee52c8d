"""The quota ledger in ``quota.json`` beside the snapshot (the file backend)."""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from ticker.core.kst import kst_day
from ticker.core.quota import QuotaDay, QuotaReport, day_report, judge
from ticker.state.jsonfile import CachedFile

log = logging.getLogger(__name__)

QUOTA_FILE = "quota.json"


class FileQuotaLedger:
    """The ledger in ``quota.json`` beside the snapshot; one writer, any number of readers."""

    def __init__(self, directory: Path, limits: dict[str, int | None]) -> None:
        self._file = CachedFile(Path(directory) / QUOTA_FILE, self._parse)
        self._limits = dict(limits)
        self._lock = threading.Lock()

    def _parse(self, data: bytes) -> QuotaDay | None:
        try:
            return QuotaDay.model_validate_json(data)
        except (ValidationError, ValueError):
            log.error("quota file %s is unreadable; counting from zero", self._file.path)
            return None

    def _today(self, now: datetime) -> QuotaDay:
        current = self._file.get()
        if current is None or current.day != kst_day(now):
            return QuotaDay(day=kst_day(now))
        return current.model_copy(deep=True)

    def record(self, source: str, calls: int, now: datetime) -> None:
        """Add calls and the run time; persisted at once so a restart keeps counting."""
        with self._lock:
            today = self._today(now)
            today.calls[source] = today.calls.get(source, 0) + calls
            today.last_run[source] = now
            data = json.dumps(today.model_dump(mode="json")).encode()
            self._file.write(data, today)

    def allows(self, source: str, planned_calls: int, now: datetime) -> tuple[bool, str]:
        """No when the calls left cannot cover this run, or it comes sooner than the pace."""
        return judge(self._today(now), source, self._limits.get(source), planned_calls, now)

    def report(self, now: datetime) -> QuotaReport:
        """Per source: calls today, the daily limit and what is left."""
        return day_report(self._today(now), self._limits)
