"""Snapshot persistence behind one small interface: get, put, version.

The file backend keeps one JSON document in the data directory, replaced atomically (see
``ticker.state.jsonfile``), so a crash at any moment leaves either the old or the new snapshot on
disk, never a torn one. Beside it, ``checked.json`` holds when each part was last confirmed
(``ticker.core.checks``): a refresh that found nothing new writes it and no new version.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from ticker.core.checks import NO_CHECKS, Checks
from ticker.core.held import HELD_STATE, HeldModel
from ticker.core.observations import Snapshot
from ticker.state.jsonfile import CachedFile

log = logging.getLogger(__name__)

SNAPSHOT_FILE = "snapshot.json"
CHECKS_FILE = "checked.json"
# The environment variable naming the store, and its values that mean this file store.
STORE_VARIABLE = "TICKER_STORE"
FILE_VALUES = ("", "file", "file:")


class StoredSnapshot(HeldModel):
    """A snapshot with the store version it was written under."""

    version: int
    snapshot: Snapshot


class SnapshotStore(Protocol):
    """Where the last good snapshot lives; readers never see a partial write."""

    def get(self) -> StoredSnapshot | None:
        """The newest stored snapshot, or None before the first write."""
        ...

    def put(self, snapshot: Snapshot) -> int:
        """Store a snapshot and return its version, greater than every earlier one."""
        ...

    def version(self) -> int:
        """The newest version (0 before the first write); cheap enough to poll."""
        ...

    def checks(self) -> Checks:
        """When each part was last confirmed (empty before the first check)."""
        ...

    def put_check(self, part: str, moment: datetime) -> None:
        """Record a successful check of ``part``; no new version."""
        ...

    @property
    def available(self) -> bool:
        """False while a shared store is unreachable and answers from memory."""
        ...

    def describe(self) -> str:
        """Where the snapshot lives, for log lines (never a password)."""
        ...


class FileStore:
    """The embedded default: one JSON file, re-read only when another process replaced it."""

    def __init__(self, directory: Path) -> None:
        self._file = CachedFile(Path(directory) / SNAPSHOT_FILE, self._parse)
        self._write_lock = threading.Lock()
        self._checks = CachedFile(Path(directory) / CHECKS_FILE, self._parse_checks)

    @property
    def path(self) -> Path:
        """The snapshot file."""
        return self._file.path

    @property
    def available(self) -> bool:
        """A local file is always there to read."""
        return True

    def describe(self) -> str:
        """The snapshot file's path."""
        return str(self.path)

    def _parse(self, data: bytes) -> StoredSnapshot | None:
        try:
            return StoredSnapshot.model_validate_json(data, context=HELD_STATE)
        except (ValidationError, ValueError) as exc:
            # Only a foreign or hand-edited file can be invalid: writes are atomic.
            log.error("snapshot file %s is unreadable (%s); serving without it",
                      self.path, type(exc).__name__)
            return None

    def _parse_checks(self, data: bytes) -> Checks | None:
        try:
            return Checks.model_validate_json(data, context=HELD_STATE)
        except (ValidationError, ValueError) as exc:
            log.error("checks file %s is unreadable (%s); judging by the snapshot's own times",
                      self._checks.path, type(exc).__name__)
            return None

    def checks(self) -> Checks:
        """When each part was last confirmed, re-read only when the file changed."""
        return self._checks.get() or NO_CHECKS

    def put_check(self, part: str, moment: datetime) -> None:
        """Write the record again with ``part`` checked at ``moment`` (never back in time)."""
        with self._write_lock:
            current = self._checks.read_fresh() or NO_CHECKS
            checks = current.with_check(part, moment)
            if checks is not current:
                self._checks.write(checks.model_dump_json().encode(), checks)

    def get(self) -> StoredSnapshot | None:
        """The newest snapshot, re-read from disk only when the file changed."""
        return self._file.get()

    def version(self) -> int:
        """The newest version on disk (0 before the first write)."""
        stored = self.get()
        return stored.version if stored else 0

    def put(self, snapshot: Snapshot) -> int:
        """Write atomically under a version one above the newest on disk."""
        with self._write_lock:
            current = self._file.read_fresh()
            version = (current.version if current else 0) + 1
            stored = StoredSnapshot(version=version, snapshot=snapshot)
            data = json.dumps(stored.model_dump(mode="json"), ensure_ascii=False).encode()
            self._file.write(data, stored)
            return version


def read_checked(store: SnapshotStore) -> StoredSnapshot | None:
    """The newest snapshot with its parts' check times (``Snapshot.checks``): what the web
    renders and judges freshness and readiness by."""
    stored = store.get()
    checks = store.checks() if stored is not None else NO_CHECKS
    if stored is None or not checks.at:
        return stored
    return stored.model_copy(update={
        "snapshot": stored.snapshot.model_copy(update={"checks": checks})})
