"""Test seams passed in where the code takes them: a clock moved by hand, a scripted source,
a route table whose builders count the variants they build."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from ticker.core.cities import City
from ticker.core.errors import UpstreamError
from ticker.core.observations import Observation
from ticker.state.store import StoredSnapshot
from ticker.web.context import WebContext
from ticker.web.http.prepared import Prepared
from ticker.web.http.routing import Route
from ticker.web.http.variant import Builder, VariantKey
from ticker.web.routes import ROUTES

Answer = dict[str, Observation] | UpstreamError | Callable[[Sequence[City]], dict[str, Observation]]


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class ScriptedSource:
    """A Source whose answers are set by the test: a dict, an exception, or a function of
    the cities asked for. The last answer repeats; every call's city ids are recorded."""

    answers: list[Answer] = field(default_factory=list)
    name: str = "asos"
    sample: bool = False
    asked: list[list[str]] = field(default_factory=list)
    on_call: Callable[[], None] | None = None

    def fetch(self, cities: Sequence[City], now: datetime,
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

    def fetch_hour(self, cities: Sequence[City], hour: datetime, now: datetime
                   ) -> dict[str, Observation] | None:
        """A scripted source keeps no past hours."""
        return None


class CountedRoutes:
    """The route table with every builder counted: ``builds`` is how many variants were
    built (``create_app(ctx, routes=counted.routes)``); a cache hit adds nothing."""

    def __init__(self, routes: Sequence[Route] = ROUTES) -> None:
        self.builds = 0
        self.routes = tuple(route if route.builder is None
                            else replace(route, builder=self._counted(route.builder))
                            for route in routes)

    def _counted(self, builder: Builder) -> Builder:
        def build(ctx: WebContext, stored: StoredSnapshot | None, key: VariantKey) -> Prepared:
            self.builds += 1
            return builder(ctx, stored, key)

        return build
