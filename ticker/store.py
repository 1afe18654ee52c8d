"""Snapshot persistence behind one small interface: get, put, version.

The file backend keeps one JSON document in the data directory, replaced atomically (temp
file in the same directory, fsync, ``os.replace``, fsync of the directory) so a crash at any
moment leaves either the old or the new snapshot on disk, never a torn one.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

from ticker.models import Snapshot

log = logging.getLogger(__name__)

SNAPSHOT_FILE = "snapshot.json"
TEMP_PREFIX = ".snapshot-"
# A temp file this old was left by a writer killed mid-write; younger ones may be in flight.
STALE_TEMP_SECONDS = 60


class StoredSnapshot(BaseModel):
    """A snapshot with the store version it was written under."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    snapshot: Snapshot


class SnapshotStore(Protocol):
    """Where the last good snapshot lives; readers never see a partial write."""

    def get(self) -> StoredSnapshot | None:
        """The newest stored snapshot, or None before the first write."""
        ...

    def _remove_stale_temps(self) -> None:
        now = time.time()
        for leftover in self._directory.glob(f"{TEMP_PREFIX}*.tmp"):
            try:
                if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                    leftover.unlink()
            except FileNotFoundError:
                pass

    def put(self, snapshot: Snapshot) -> int:
        """Store a snapshot and return its version, greater than every earlier one."""
        ...

    def version(self) -> int:
        """The newest version (0 before the first write); cheap enough to poll."""
        ...


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    """The embedded default: one JSON file, re-read only when another process replaced it."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)
        self._path = self._directory / SNAPSHOT_FILE
        self._lock = threading.Lock()
        self._cached: StoredSnapshot | None = None
        self._cached_stat: tuple[int, int, int] | None = None

    @property
    def path(self) -> Path:
        """The snapshot file."""
        return self._path

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self._path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _load(self) -> StoredSnapshot | None:
        try:
            return StoredSnapshot.model_validate_json(self._path.read_bytes())
        except FileNotFoundError:
            return None
        except (ValidationError, ValueError, OSError) as exc:
            # Only a foreign or hand-edited file can be invalid: writes are atomic.
            log.error("snapshot file %s is unreadable (%s); serving without it",
                      self._path, type(exc).__name__)
            return None

    def get(self) -> StoredSnapshot | None:
        """The newest snapshot, re-read from disk only when the file changed."""
        stat = self._stat()
        with self._lock:
            if stat != self._cached_stat:
                loaded = self._load() if stat else None
                if loaded is not None or stat is None:
                    self._cached = loaded
                self._cached_stat = stat
            return self._cached

    def version(self) -> int:
        """The newest version on disk (0 before the first write)."""
        stored = self.get()
        return stored.version if stored else 0

    def _remove_stale_temps(self) -> None:
        now = time.time()
        for leftover in self._directory.glob(f"{TEMP_PREFIX}*.tmp"):
            try:
                if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                    leftover.unlink()
            except FileNotFoundError:
                pass

    def put(self, snapshot: Snapshot) -> int:
        """Write atomically under a version one above the newest on disk."""
        with self._lock:
            self._directory.mkdir(parents=True, exist_ok=True)
            current = self._load()
            version = (current.version if current else 0) + 1
            stored = StoredSnapshot(version=version, snapshot=snapshot)
            data = json.dumps(stored.model_dump(mode="json"), ensure_ascii=False).encode()
            self._remove_stale_temps()
            fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".tmp",
                                            dir=self._directory)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp_name, self._path)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
            _fsync_directory(self._directory)
            self._cached = stored
            self._cached_stat = self._stat()
            return version
