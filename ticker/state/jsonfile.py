"""Small JSON files done safely: atomic replacement, and cached reads that notice changes."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

TEMP_SUFFIX = ".tmp"
# A temp file this old was left by a writer killed mid-write; younger ones may be in flight.
STALE_TEMP_SECONDS = 60


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_temps(directory: Path, prefix: str) -> None:
    now = time.time()
    for leftover in directory.glob(f"{prefix}*{TEMP_SUFFIX}"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except FileNotFoundError:
            pass


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole.

    Temp file in the same directory, fsync, ``os.replace``, then fsync of the directory so
    the rename itself survives a power cut.
    """
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.stem}-"
    _remove_stale_temps(directory, prefix)
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_directory(directory)


class CachedFile(Generic[T]):
    """A parsed file, re-read only when its inode, mtime or size changed (one stat a read)."""

    def __init__(self, path: Path, parse: Callable[[bytes], T | None]) -> None:
        self.path = path
        self._parse = parse
        self._lock = threading.Lock()
        self._value: T | None = None
        self._stat: tuple[int, int, int] | None = None

    def _current_stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def read_fresh(self) -> T | None:
        """Parse the file now, bypassing the cache (None when absent or unparseable)."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return self._parse(data)

    def get(self) -> T | None:
        """The parsed content, re-read only when the file changed on disk."""
        stat = self._current_stat()
        with self._lock:
            if stat != self._stat:
                value = self.read_fresh() if stat else None
                # Keep serving the last good content if the new file cannot be parsed.
                if value is not None or stat is None:
                    self._value = value
                self._stat = stat
            return self._value

    def write(self, data: bytes, value: T) -> None:
        """Atomically replace the file and remember ``value`` as its parsed content."""
        with self._lock:
            atomic_write(self.path, data)
            self._value = value
            self._stat = self._current_stat()
