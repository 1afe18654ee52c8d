"""HTTP caching rules as pure functions: ETags, conditional requests, dates, Cache-Control.

Header syntax is werkzeug's (``werkzeug.http``); only the exact-match shortcut for a client
sending back the ETag it was given stays ours, because it is on every conditional request.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from functools import lru_cache

from werkzeug.http import http_date as werkzeug_http_date
from werkzeug.http import parse_date, parse_etags, unquote_etag

# Capped so that a CDN never holds a variant long after an unexpected early refresh.
MAX_AGE_CAP = 300
MIN_MAX_AGE = 5
STALE_WHILE_REVALIDATE = 60
# While the origin errors, a cache may serve what it has for a day: old data, clearly dated,
# is better than a broken strip.
STALE_IF_ERROR = 86_400


def strong_etag(version: int, variant: str, body: bytes) -> str:
    """A strong ETag for one variant of one snapshot version (its body digest included)."""
    digest = hashlib.blake2b(body, digest_size=8).hexdigest()
    return f'"v{version}-{hashlib.blake2b(variant.encode(), digest_size=4).hexdigest()}-{digest}"'


def gzip_etag(etag: str) -> str:
    """The gzip form's strong ETag: the plain form's with ``-gz`` (``"v3-…-gz"``)."""
    return etag[:-1] + '-gz"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison of an If-None-Match list (or ``*``) against our ETag."""
    if not if_none_match:
        return False
    if if_none_match == etag:
        return True  # what a client that revalidates sends back, as it was sent: no parsing
    tags = parse_etags(if_none_match.strip())
    return tags.contains_weak(unquote_etag(etag)[0])


@lru_cache(maxsize=256)
def parse_http_date(value: str) -> datetime | None:
    """An If-Modified-Since value as a time (None when it is not a valid HTTP date, which
    RFC 9110 §13.1.3 says to ignore); a client sends back the same few values."""
    return parse_date(value)


@lru_cache(maxsize=64)
def http_date(moment: datetime) -> str:
    """An HTTP date (``Mon, 01 Dec 2025 00:12:31 GMT``); a version's is formatted once."""
    return werkzeug_http_date(moment)


def max_age_seconds(now: datetime, next_refresh: datetime | None) -> int:
    """Seconds until the next expected refresh, bounded to [MIN_MAX_AGE, MAX_AGE_CAP]."""
    if next_refresh is None:
        return MAX_AGE_CAP
    seconds = int((next_refresh - now) / timedelta(seconds=1))
    return max(MIN_MAX_AGE, min(MAX_AGE_CAP, seconds))


def max_age_changes_at(now: datetime, next_refresh: datetime | None) -> datetime | None:
    """The moment from which ``max_age_seconds`` may answer differently than at ``now``
    (None: never), so that a caller can keep its answer for the moments before it."""
    if next_refresh is None:
        return None
    seconds = max_age_seconds(now, next_refresh)
    if seconds <= MIN_MAX_AGE:
        return None
    return next_refresh - timedelta(seconds=seconds)


def cache_control(max_age: int) -> str:
    """Public caching, revalidated in the background and served stale while the origin fails."""
    return (f"public, max-age={max_age}, stale-while-revalidate={STALE_WHILE_REVALIDATE}, "
            f"stale-if-error={STALE_IF_ERROR}")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value takes gzip: it names gzip, with a weight above 0.

    Browsers send a plain list (``gzip, deflate, br``): decided by two substring tests. Only
    a value with parameters (``gzip;q=0``) is parsed, and such values are remembered.
    """
    return "gzip" in accept_encoding and (
        ";" not in accept_encoding or _weighted_gzip(accept_encoding))


@lru_cache(maxsize=64)
def _weighted_gzip(accept_encoding: str) -> bool:
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip().lower() for part in item.split(";"))
        weight = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[coding] = weight
    return weights.get("gzip", weights.get("x-gzip", 0.0)) > 0
