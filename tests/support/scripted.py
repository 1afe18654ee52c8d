"""A test seam passed in where the code takes a source: a scripted source (the clock is in
tests/support/clock.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import UpstreamError
from ticker.core.observations import Observation

Answer = (dict[str, Observation] | UpstreamError
          | Callable[[Sequence[Station]], dict[str, Observation]])


@dataclass
class ScriptedSource:
    """A Source whose answers are set by the test: a dict, an exception, or a function of
    the cities asked for. The last answer repeats; every call's city ids are recorded."""

    answers: list[Answer] = field(default_factory=list)
    name: str = "asos"
    sample: bool = False
    asked: list[list[str]] = field(default_factory=list)
    on_call: Callable[[], None] | None = None

    def fetch(self, cities: Sequence[Station], now: datetime,
              watched: frozenset[str] | None = None) -> dict[str, Observation]:
        self.asked.append([city.id for city in cities])
        if self.on_call:
            self.on_call()
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, UpstreamError):
            raise answer
        if callable(answer):
            return answer(cities)
        return {k: v for k, v in answer.items() if k in {c.id for c in cities}}

    def fetch_hour(self, cities: Sequence[Station], hour: datetime, now: datetime
                   ) -> dict[str, Observation] | None:
        """A scripted source keeps no past hours."""
        return None
