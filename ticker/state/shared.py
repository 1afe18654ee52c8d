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
from ticker.state.store import FILE_VALUES, STORE_VARIABLE, FileStore, SnapshotStore

if TYPE_CHECKING:
    from ticker.state.keeper import SharedCopy
    from ticker.state.redis_store import RedisStore
    from ticker.state.redis_watch import RedisWatch

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

    # What the web reads (with Redis: memory that the watch keeps current) and writes through.
    store: SnapshotStore
    ledger: QuotaLedger
    # The Redis store itself: the leader lease lives beside it and fences its writes.
    redis_store: RedisStore | None = None
    # What the lease holder writes back when Redis restarts empty (beyond the snapshot).
    shared_copies: tuple[SharedCopy, ...] = ()
    # The thread that polls Redis for ``store`` and ``ledger``, so readers never wait on it.
    watch: RedisWatch | None = None

    def close(self) -> None:
        """Stop polling and close the Redis connections (once, at shutdown)."""
        if self.watch is not None:
            self.watch.stop()
        if self.redis_store is not None:
            self.redis_store.close()


def open_shared_state(url: str | None, data_dir: Path,
                      daily_limits: dict[str, int | None]) -> SharedState:
    """The store ``url`` names (file or Redis) with the ledger that lives beside it.

    With Redis a background thread polls it from here until ``close`` (see
    ``ticker.state.redis_watch``).
    """
    if redis_url(url) is None:
        return SharedState(FileStore(data_dir), FileQuotaLedger(data_dir, daily_limits))
    from ticker.state.redis_store import RedisStore, store_from_url

    store = store_from_url(url, data_dir)
    if not isinstance(store, RedisStore):  # redis_url said Redis: never taken
        return SharedState(store, FileQuotaLedger(data_dir, daily_limits))
    return redis_state(store, daily_limits)


def redis_state(store: RedisStore, daily_limits: dict[str, int | None]) -> SharedState:
    """The shared state of a Redis ``store``, its ledger in the same Redis, and the watch
    (started) that keeps what readers see current."""
    from ticker.state.redis_ledger import RedisQuotaLedger
    from ticker.state.redis_watch import HeldLedger, HeldStore, RedisWatch

    ledger = RedisQuotaLedger(store.client, daily_limits)
    watch = RedisWatch(store, ledger)
    watch.start()
    return SharedState(HeldStore(store), HeldLedger(ledger), store, shared_copies=(ledger,),
                       watch=watch)
