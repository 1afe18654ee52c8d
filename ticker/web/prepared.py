"""Prepared responses: every header and body of a variant built once, gzip included.

A request that hits a prepared response only compares its ETag, picks the plain or gzip
body, and adds the one header that depends on the clock (Cache-Control's max-age).
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus

from ticker.web.headers import DEFAULT_CSP, SECURITY_HEADERS
from ticker.web.httpcache import cache_control, max_age_seconds, strong_etag

# Below this, gzip's header costs more than it saves.
MIN_GZIP_BYTES = 256
NO_STORE = "no-store"
VARY = ("Vary", "Accept-Encoding")


def status_line(code: int) -> str:
    """``200 OK`` and the like."""
    return f"{code} {HTTPStatus(code).phrase}"


@dataclass(frozen=True)
class Prepared:
    """One variant, ready to send: three header sets, two bodies, and when it goes bad."""

    status: str
    plain_headers: tuple[tuple[str, str], ...]
    gzip_headers: tuple[tuple[str, str], ...] | None
    not_modified_headers: tuple[tuple[str, str], ...] | None
    body: bytes
    gzip_body: bytes | None
    etag: str | None
    # Cache-Control: fixed, or None to compute max-age from next_refresh on each request.
    fixed_cache_control: str | None
    next_refresh: datetime | None
    version: int
    # Rebuild at this time even without a new version (a city turns stale, say).
    expires_at: datetime | None

    def cache_control(self, now: datetime) -> str:
        """The Cache-Control value for a response sent at ``now``."""
        if self.fixed_cache_control is not None:
            return self.fixed_cache_control
        return cache_control(max_age_seconds(now, self.next_refresh))


def prepare(code: int, content_type: str, body: bytes, *, version: int,
            extra: tuple[tuple[str, str], ...] = (), variant: str | None = None,
            last_modified: datetime | None = None, next_refresh: datetime | None = None,
            fixed_cache_control: str | None = None,
            expires_at: datetime | None = None) -> Prepared:
    """Build a Prepared response; ``variant`` given means cacheable with a strong ETag."""
    common = [("Content-Type", content_type), *extra, *SECURITY_HEADERS]
    if not any(name == "Content-Security-Policy" for name, _ in extra):
        common.append(("Content-Security-Policy", DEFAULT_CSP))
    if last_modified is not None:
        common.append(("Last-Modified",
                       format_datetime(last_modified.astimezone(UTC), usegmt=True)))
    etag = strong_etag(version, variant, body) if variant is not None else None
    if etag is not None:
        common.append(("ETag", etag))
    compressed = gzip.compress(body, compresslevel=9, mtime=0) \
        if len(body) >= MIN_GZIP_BYTES else None
    plain = (*common, VARY, ("Content-Length", str(len(body))))
    zipped = None if compressed is None else (
        *common, VARY, ("Content-Encoding", "gzip"), ("Content-Length", str(len(compressed))))
    # A 304 carries what a 200 would have, minus the body's own description.
    not_modified = None if etag is None else tuple(
        (name, value) for name, value in (*common, VARY) if name != "Content-Type")
    return Prepared(
        status=status_line(code), plain_headers=plain, gzip_headers=zipped,
        not_modified_headers=not_modified, body=body, gzip_body=compressed, etag=etag,
        fixed_cache_control=NO_STORE if variant is None and fixed_cache_control is None
        else fixed_cache_control,
        next_refresh=next_refresh, version=version, expires_at=expires_at)


class VariantCache:
    """A bounded map of prepared responses; reads take no lock."""

    def __init__(self, max_entries: int = 512) -> None:
        self._entries: dict[tuple[str, str], Prepared] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> Prepared | None:
        """The prepared response for a (path, query string), if any."""
        return self._entries.get(key)

    def put(self, key: tuple[str, str], prepared: Prepared) -> None:
        """Keep a prepared response, dropping the oldest entry when full."""
        with self._lock:
            self._entries.pop(key, None)
            while len(self._entries) >= self._max:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = prepared

    def __len__(self) -> int:
        return len(self._entries)
