"""What the web layer reads: the store, the configured cities, freshness rules and a clock;
and how a Flask view finds it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from flask import current_app

from ticker.core.catalogue import Catalogue, Station, load_catalogue
from ticker.core.freshness import Freshness
from ticker.core.quota import QuotaLedger
from ticker.core.strips import Strips
from ticker.state.store import SnapshotStore
from ticker.web.fragments import Fragments
from ticker.web.settings import HttpSettings, WidgetSettings

# Where the Flask app keeps its WebContext.
EXTENSION = "ticker"


@dataclass(frozen=True)
class WebContext:
    """What the routes read: the store, the configured cities, the freshness rules, a clock."""

    store: SnapshotStore
    # The default strip.
    cities: Sequence[Station]
    freshness: Freshness
    clock: Callable[[], datetime]
    quota: QuotaLedger | None = None
    widget: WidgetSettings = field(default_factory=WidgetSettings)
    # The ``server:`` settings the web reads (the rest are the server's, in ticker.app).
    server: HttpSettings = field(default_factory=HttpSettings)
    # Renders the Prometheus exposition; None when metrics are off.
    metrics: Callable[[], bytes] | None = None
    # The named strips, and every station a request may name.
    sets: Mapping[str, tuple[Station, ...]] = field(default_factory=dict)
    # The sets' display titles, where configured.
    set_titles: Mapping[str, str] = field(default_factory=dict)
    catalogue: Catalogue = field(default_factory=load_catalogue)
    # Pre-rendered city objects, so a missed variant of the JSON is a join.
    fragments: Fragments = field(default_factory=Fragments)

    @cached_property
    def strips(self) -> Strips:
        """The default strip, the sets and the catalogue together."""
        return Strips(self.catalogue, tuple(self.cities), self.sets, self.set_titles)


def current_context() -> WebContext:
    """The WebContext of the Flask app answering the current request."""
    ctx: WebContext = current_app.extensions[EXTENSION]
    return ctx
