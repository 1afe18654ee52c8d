"""What the web layer reads: the store, the configured cities, freshness rules and a clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ticker.core.cities import City
from ticker.core.freshness import Freshness
from ticker.core.quota import QuotaLedger
from ticker.state.store import SnapshotStore
from ticker.web.settings import ServerSettings, WidgetSettings


@dataclass(frozen=True)
class WebContext:
    """What the routes read: the store, the configured cities, the freshness rules, a clock."""

    store: SnapshotStore
    cities: Sequence[City]
    freshness: Freshness
    clock: Callable[[], datetime]
    quota: QuotaLedger | None = None
    widget: WidgetSettings = field(default_factory=WidgetSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    # Renders the Prometheus exposition; None when metrics are off.
    metrics: Callable[[], bytes] | None = None
