"""Prepared responses: every header and body of a variant built once, gzip included.

A request that hits a prepared response only compares its ETag, picks the plain or gzip
body, and adds the one header that depends on the clock (Cache-Control's max-age).

The gzip form is another representation, so it carries its own strong ETag (the plain one
with ``-gz``), as RFC 9110 §8.8.3 requires of different bytes; a conditional request is
compared with the ETag of the form it would be sent.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus

from ticker.web.http.headers import security_headers
from ticker.web.http.httpcache import (
    cache_control,
    etag_matches,
    gzip_etag,
    http_date,
    max_age_changes_at,
    max_age_seconds,
    parse_http_date,
    strong_etag,
)

# Below this, gzip's header costs more than it saves.
MIN_GZIP_BYTES = 256
# Level 6 is within a few bytes of 9 on these small texts, at a fraction of the time.
GZIP_LEVEL = 6
NO_STORE = "no-store"
VARY = ("Vary", "Accept-Encoding")


def status_line(code: int) -> str:
    """``200 OK`` and the like."""
    return f"{code} {HTTPStatus(code).phrase}"


def gzip_bytes(body: bytes) -> bytes:
    """``body`` as a gzip stream, with a window no larger than the body.

    Most of zlib's time on a few kilobytes goes to setting up its default 32 KiB window and
    memory; one sized to the body gives the same bytes' worth of compression in a third of it.
    """
    window = min(15, max(9, len(body).bit_length()))
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + window, 4)
    return compressor.compress(body) + compressor.flush()


# Kinds of answer; a 304 to a client that takes gzip is NOT_MODIFIED | GZIP.
PLAIN, GZIP, NOT_MODIFIED = 0, 1, 2
NOT_MODIFIED_GZIP = NOT_MODIFIED | GZIP


class _MaxAgeWindow:
    """A Cache-Control value, the moments it holds for, and the header lists built with it."""

    __slots__ = ("lists", "start", "until", "value")

    def __init__(self, start: datetime, until: datetime | None, value: str) -> None:
        self.start, self.until, self.value = start, until, value
        self.lists: list[list[tuple[str, str]] | None] = [None, None, None, None]


@dataclass
class Prepared:
    """One variant, ready to send: its header sets, its body, and when it goes bad.

    The gzip form is made on the first request that accepts it (a miss costs a join, and a
    compression only when asked for), then kept.
    """

    code: int
    status: str
    plain_headers: tuple[tuple[str, str], ...]
    not_modified_headers: tuple[tuple[str, str], ...] | None
    body: bytes
    etag: str | None
    # The gzip form's ETag (the plain one with -gz), and whether a client that takes gzip
    # gets that form (the body is large enough to gain from it).
    gzip_etag: str | None
    zips: bool
    # Last-Modified as a POSIX second (None: not sent), what If-Modified-Since compares.
    modified_second: int | None
    # Cache-Control: fixed, or None to compute max-age from next_refresh on each request.
    fixed_cache_control: str | None
    next_refresh: datetime | None
    version: int
    # Rebuild at this time even without a new version (a city turns stale, say).
    expires_at: datetime | None
    # The headers a gzip answer shares with the plain one (ETag and Content-Length aside).
    common_headers: tuple[tuple[str, str], ...] = ()
    # Served since the variant cache's eviction sweep last passed it (variantcache.py).
    used: bool = field(default=False, init=False, repr=False, compare=False)
    # The check record's stamp the fast path rendered it with (fastpath.py).
    checked: object = field(default=None, init=False, repr=False, compare=False)
    _gzipped: tuple[tuple[tuple[str, str], ...], bytes] | None = field(
        default=None, init=False, repr=False)
    _window: _MaxAgeWindow | None = field(default=None, init=False, repr=False)

    def cache_control(self, now: datetime) -> str:
        """The Cache-Control value for a response sent at ``now``."""
        return self._window_at(now).value

    def held_by(self, zips: bool, if_none_match: str | None, if_modified_since: str | None,
                now: datetime) -> bool:
        """Whether a conditional request shows the client holds this body (a 304): If-None-Match
        against the ETag of the form it gets (plain or gzip), else If-Modified-Since against
        Last-Modified to the second (RFC 9110 §13.2.2)."""
        etag = self.gzip_etag if zips else self.etag
        if etag is None:
            return False
        if if_none_match:
            return etag_matches(if_none_match, etag)
        if not if_modified_since or self.modified_second is None:
            return False
        moment = parse_http_date(if_modified_since)
        # Invalid, or ahead of our clock (a client cannot hold a body not served yet): ignored.
        return moment is not None and moment <= now and (
            self.modified_second <= moment.timestamp())

    def headers_at(self, now: datetime, kind: int) -> list[tuple[str, str]]:
        """Every header of a ``kind`` answer (PLAIN, GZIP, NOT_MODIFIED or NOT_MODIFIED_GZIP)
        sent at ``now``.

        The list is shared by every request in the same second: callers must not change it.
        GZIP is only asked for once ``gzipped()`` has returned a body.
        """
        window = self._window_at(now)
        headers = window.lists[kind]
        if headers is None:
            if kind == GZIP:
                assert self._gzipped is not None
                base = self._gzipped[0]
            elif kind == NOT_MODIFIED_GZIP:
                base = tuple((name, self.gzip_etag or value) if name == "ETag" else (name, value)
                             for name, value in self.not_modified_headers or ())
            else:
                base = self.plain_headers if kind == PLAIN else self.not_modified_headers or ()
            headers = window.lists[kind] = [*base, ("Cache-Control", window.value)]
        return headers

    def _window_at(self, now: datetime) -> _MaxAgeWindow:
        # Every request asks, and the answer changes once a second at most: keep it until then.
        window = self._window
        if window is not None and window.start <= now and (
                window.until is None or now < window.until):
            return window
        if self.fixed_cache_control is not None:
            window = _MaxAgeWindow(datetime.min.replace(tzinfo=UTC), None,
                                   self.fixed_cache_control)
        else:
            window = _MaxAgeWindow(now, max_age_changes_at(now, self.next_refresh),
                                   cache_control(max_age_seconds(now, self.next_refresh)))
        self._window = window
        return window

    def gzipped(self) -> tuple[tuple[tuple[str, str], ...], bytes] | None:
        """The gzip headers and body (None when the body is too small to gain from it)."""
        if not self.zips:
            return None
        if self._gzipped is None:
            # Two threads racing here compute the same bytes; either result is right.
            compressed = gzip_bytes(self.body)
            tag = () if self.gzip_etag is None else (("ETag", self.gzip_etag),)
            self._gzipped = ((*self.common_headers, *tag, VARY, ("Content-Encoding", "gzip"),
                              ("Content-Length", str(len(compressed)))), compressed)
        return self._gzipped

    @property
    def size(self) -> int:
        """Bytes this variant holds in memory, roughly (bodies and headers)."""
        return len(self.body) * 2 + 512


def prepare(code: int, content_type: str, body: bytes, *, version: int,
            extra: tuple[tuple[str, str], ...] = (), variant: str | None = None,
            last_modified: datetime | None = None, next_refresh: datetime | None = None,
            fixed_cache_control: str | None = None,
            expires_at: datetime | None = None) -> Prepared:
    """Build a Prepared response; ``variant`` given means cacheable with a strong ETag."""
    common = [("Content-Type", content_type), *extra, *security_headers(extra)]
    if last_modified is not None:
        common.append(("Last-Modified", http_date(last_modified)))
    etag = strong_etag(version, variant, body) if variant is not None else None
    tag = () if etag is None else (("ETag", etag),)
    plain = (*common, *tag, VARY, ("Content-Length", str(len(body))))
    # A 304 carries what a 200 would have, minus the body's own description.
    not_modified = None if etag is None else tuple(
        (name, value) for name, value in (*common, *tag, VARY) if name != "Content-Type")
    return Prepared(
        code=code, status=status_line(code), plain_headers=plain, not_modified_headers=not_modified,
        body=body, etag=etag, gzip_etag=None if etag is None else gzip_etag(etag),
        zips=len(body) >= MIN_GZIP_BYTES,
        modified_second=None if last_modified is None else int(last_modified.timestamp()),
        fixed_cache_control=NO_STORE if variant is None and fixed_cache_control is None
        else fixed_cache_control,
        next_refresh=next_refresh, version=version, expires_at=expires_at,
        common_headers=tuple(common))
