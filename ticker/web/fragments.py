"""Pre-rendered pieces of the JSON documents, so a missed variant is a join, not a render.

A variant of ``/v1/weather`` (a city subset, an order, a language) is the document's head
and its cities' objects joined. Each city's JSON bytes are rendered once per snapshot
version and language, and kept until that city's freshness or day changes; the head once
per version and language in each of its two forms, with and without the air attribution,
chosen by whether any joined city has ``air`` (a flag kept beside each city's bytes). Bytes
are exactly those of rendering the whole document at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from ticker.core.air_documents import air_attribution
from ticker.core.catalogue import Station
from ticker.core.documents import city_documents, document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.state.store import StoredSnapshot

# Every station in four languages (380 pieces), with room for a version change in between.
MAX_ENTRIES = 1024
# (version, the check record's stamp, language, city id or head)
Key = tuple[int, tuple[tuple[str, datetime], ...], str, str]
# A rendered piece: its bytes, when they go bad (None: not before a new version), and whether
# it has air (a city) or credits it (a head).
Piece = tuple[bytes, datetime | None, bool]
Render = Callable[[], Piece]
# The heads' keys, beside the cities' ids (which are never empty or spaced).
_HEAD, _HEAD_AIR = "", " air"


class Fragments:
    """City objects and document heads as JSON bytes, per version and language."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: dict[Key, Piece] = {}
        self._max = max_entries
        self._lock = threading.Lock()

    def weather_bytes(self, stored: StoredSnapshot, cities: Sequence[Station], lang: str,
                      now: datetime, freshness: Freshness) -> bytes:
        """The ``/v1/weather`` document of ``cities``, byte for byte, from cached pieces."""
        # A newer check may show a part withheld before: its pieces are rendered again.
        stamp = stored.snapshot.checks.stamp
        parts = [self._get((stored.version, stamp, lang, city.id), now,
                           partial(self._city, stored, city, lang, now, freshness))
                 for city in cities]
        air = any(has_air for _, _, has_air in parts)
        head = self._get((stored.version, stamp, lang, _HEAD_AIR if air else _HEAD), now,
                         partial(self._head, stored, lang, now, freshness, air))
        return b"".join((head[0], b",".join(bytes_ for bytes_, _, _ in parts), b"]}"))

    @staticmethod
    def _head(stored: StoredSnapshot, lang: str, now: datetime, freshness: Freshness,
              air: bool) -> Piece:
        document = weather_document(stored.snapshot, (), lang, now, freshness)
        # Without cities the document credits no air: the form with it says so here.
        document = document.model_copy(update={"air_attribution": air_attribution(air, lang)})
        return document_bytes(document)[:-2], None, air

    @staticmethod
    def _city(stored: StoredSnapshot, city: Station, lang: str, now: datetime,
              freshness: Freshness) -> Piece:
        [document] = city_documents(stored.snapshot, [city], lang, now, freshness)
        return (document_bytes(document), freshness.expires_at(stored.snapshot, [city.id], now),
                document.air is not None)

    def _get(self, key: Key, now: datetime, render: Render) -> Piece:
        entry = self._entries.get(key)
        if entry is not None and (entry[1] is None or now < entry[1]):
            return entry
        rendered = render()
        with self._lock:
            while len(self._entries) >= self._max:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = rendered
        return rendered
