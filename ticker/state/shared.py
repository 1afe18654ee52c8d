"""The shared state a process opens from ``TICKER_STORE``: the snapshot store and the ledger.

With the file store (the default) everything lives in the data directory. With Redis, the
snapshot, the quota counts and the leader lease live in one Redis, shared by every machine.
redis-py costs a process about 15 MB, so it is imported only when the store is Redis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ticker.core.errors import ConfigError
from ticker.core.quota import QuotaLedger
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.store import FileStore, SnapshotStore

if TYPE_CHECKING:
    from ticker.state.keeper import SharedCopy
    from ticker.state.redis_store import RedisStore

STORE_VARIABLE = "TICKER_STORE"
# TICKER_STORE values that mean the file store in the data directory.
FILE_VALUES = ("", "file", "file:")
DB_PATH = re.compile(r"(/\d*)?")


def redis_url(url: str | None) -> str | None:
    """The Redis URL ``TICKER_STORE`` names, None for the file store; ConfigError otherwise.

    Checked without redis-py or a connection, so settings can refuse a typo at start. The
    value may carry a Redis password, so no message repeats it.
    """
    value = (url or "").strip()
    expected = f"{STORE_VARIABLE}: expected empty, 'file:' or 'redis://host:port/db'"
    parts = urlsplit(value)
    if value in FILE_VALUES or (parts.scheme == "file" and not parts.netloc + parts.path):
        return None
    if parts.scheme == "file":
        raise ConfigError(f"{expected}; 'file:' takes no path (the file store is in the data "
                          "directory, TICKER_DATA_DIR)")
    if parts.scheme not in ("redis", "rediss"):
        raise ConfigError(f"{expected}; got a value with scheme {parts.scheme or '(none)'!r}")
    try:
        port = parts.port
    except ValueError:
        port = 0
    # redis-py would quietly use db 0 for a path it cannot read; a typo must not.
    if not parts.hostname or port == 0 or not DB_PATH.fullmatch(parts.path):
        raise ConfigError(f"{expected}; the {parts.scheme}:// URL needs a host, a port (not 0) "
                          "and a numeric db")
    return value


@dataclass(frozen=True)
class SharedState:
    """The store and ledger of one process, and the Redis store behind them, if any."""

    store: SnapshotStore
    ledger: QuotaLedger
    # The same store when it is Redis: the leader lease lives beside it and fences its writes.
    redis_store: RedisStore | None = None
    # What the lease holder writes back when Redis restarts empty (beyond the snapshot).
    shared_copies: tuple[SharedCopy, ...] = ()

    def close(self) -> None:
        """Close the Redis connections (once, at shutdown)."""
        if self.redis_store is not None:
            self.redis_store.close()


def open_shared_state(url: str | None, data_dir: Path,
                      daily_limits: dict[str, int | None]) -> SharedState:
    """The store ``url`` names (file or Redis) with the ledger that lives beside it."""
    if redis_url(url) is None:
        return SharedState(FileStore(data_dir), FileQuotaLedger(data_dir, daily_limits))
    from ticker.state.redis_ledger import RedisQuotaLedger
    from ticker.state.redis_store import RedisStore, store_from_url

    store = store_from_url(url, data_dir)
    assert isinstance(store, RedisStore)
    ledger = RedisQuotaLedger(store.client, daily_limits)
    return SharedState(store, ledger, store, shared_copies=(ledger,))
