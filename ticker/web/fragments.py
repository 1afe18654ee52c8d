"""Pre-rendered pieces of the JSON documents, so a missed variant is a join, not a render.

A variant of ``/v1/weather`` (a city subset, an order, a language) is the document's head
and its cities' objects joined. Each city's JSON bytes are rendered once per snapshot
version and language, and kept until that city's freshness or day changes; the head once
per version and language. Bytes are exactly those of rendering the whole document at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from ticker.core.catalogue import Station
from ticker.core.documents import city_documents, document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.state.store import StoredSnapshot

# Every station in two languages, with room for a version change in between.
MAX_ENTRIES = 1024
Key = tuple[int, str, str]
# Renders a piece: its bytes and when they go bad (None: not before a new version).
Render = Callable[[], tuple[bytes, datetime | None]]


class Fragments:
    """City objects and document heads as JSON bytes, per version and language."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[Key, tuple[bytes, datetime | None]] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def weather_bytes(self, stored: StoredSnapshot, cities: Sequence[Station], lang: str,
                      now: datetime, freshness: Freshness) -> bytes:
        """The ``/v1/weather`` document of ``cities``, byte for byte, from cached pieces."""
        head = self._get((stored.version, lang, ""), now, lambda: (document_bytes(
            weather_document(stored.snapshot, (), lang, now, freshness))[:-2], None))
        parts = [self._get((stored.version, lang, city.id), now,
                           partial(self._city, stored, city, lang, now, freshness))
                 for city in cities]
        return b"".join((head, b",".join(parts), b"]}"))

    @staticmethod
    def _city(stored: StoredSnapshot, city: Station, lang: str, now: datetime,
              freshness: Freshness) -> tuple[bytes, datetime | None]:
        [document] = city_documents(stored.snapshot, [city], lang, now, freshness)
        return document_bytes(document), freshness.expires_at(stored.snapshot, [city.id], now)

    def _get(self, key: Key, now: datetime, render: Render) -> bytes:
        entry = self._entries.get(key)
        if entry is not None and (entry[1] is None or now < entry[1]):
            return entry[0]
        rendered = render()
        with self._lock:
            while len(self._entries) >= self._max:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = rendered
        return rendered[0]
