"""The Source protocol (current observations for a set of stations) and the Feed protocol
(any other kind of data, fetched on its own schedule into its own part of the snapshot)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from ticker.core.catalogue import Station
from ticker.core.held import FeedState
from ticker.core.observations import Observation


class Source(Protocol):
    """Anything that can report current observations for a set of stations."""

    name: str
    sample: bool

    def fetch(self, stations: Sequence[Station], now: datetime,
              watched: frozenset[str] | None = None) -> dict[str, Observation]:
        """Observations keyed by station id; stations it has nothing for are left out.

        ``watched`` (None: all) are the stations some strip shows: only their absence is
        worth further calls (a step back, a fallback); the others come along for free.
        """
        ...

    def fetch_hour(self, stations: Sequence[Station], hour: datetime, now: datetime
                   ) -> dict[str, Observation] | None:
        """Observations of one past hour for the history; None when the source keeps none.

        ``now`` is the refresh's moment: the calls count on its quota day.
        """
        ...


class Feed(Protocol):
    """One kind of data beside the observations (warnings, their zones, …): fetched on its
    own schedule into its own part of the snapshot (``part``, a Snapshot field)."""

    name: str
    part: str
    sample: bool
    # The calls one run plans (the quota ledger paces runs with it).
    calls_per_run: int

    def due(self, held: FeedState | None, now: datetime) -> bool:
        """Whether a run at ``now`` should call the upstream, given the part held (a feed
        published hourly rests once it holds the hour; the job asks every few minutes)."""
        ...

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> FeedState:
        """The part as of ``now``, built on ``held`` where the feed keeps values across runs
        (None before its first store); raises UpstreamError (or a subclass) when it cannot."""
        ...
