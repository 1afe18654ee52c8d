"""A test seam passed in where the code takes a feed: its parts (or errors) set by the test."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import UpstreamError
from ticker.core.held import FeedState
from ticker.core.warnings import HeldWarning, WarningsState

FeedAnswer = tuple[HeldWarning, ...] | UpstreamError


@dataclass
class ScriptedWarnings:
    """A warnings Feed answering the rows (or raising the errors) the test lists; the last
    answer repeats. Each fetch counts one call on ``on_call``, as a client would."""

    answers: list[FeedAnswer] = field(default_factory=list)
    sample: bool = False
    on_call: Callable[[], None] | None = None
    name: str = "warnings"
    part: str = "warnings"
    calls_per_run: int = 1
    fetched: int = 0

    def due(self, held: FeedState | None, now: datetime) -> bool:
        return True

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> FeedState:
        self.fetched += 1
        if self.on_call:
            self.on_call()
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, UpstreamError):
            raise answer
        return WarningsState(sample=self.sample, updated_at=now, warnings=answer)


def row(zone_id: str, kind: str, level: str, issued: datetime, command: str = "발표",
        effective: datetime | None = None, zone: str = "") -> HeldWarning:
    """One held warning row, effective when issued unless told."""
    return HeldWarning(zone_id=zone_id, zone=zone or zone_id, kind=kind, level=level,
                       command=command, issued_at=issued, effective_at=effective or issued)
