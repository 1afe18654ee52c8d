"""Route types and matching: what a route is, and the router that finds one for a path.

The table itself is ``ticker.web.routes``; a ``Router`` is built from a table and handed to
the fast path and to Flask, so nothing here knows which routes exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask.typing import ResponseReturnValue
from pydantic import BaseModel

from ticker.web.context import WebContext
from ticker.web.http.headers import JSON_MEDIA
from ticker.web.http.prepared import Prepared
from ticker.web.http.variant import Builder

# Metric labels stay bounded: known routes by their label, anything else as "other".
OTHER = "other"


@dataclass(frozen=True)
class Param:
    """A documented query or path parameter."""

    name: str
    schema: dict[str, Any]  # a JSON Schema fragment, copied into the OpenAPI document
    description: str
    where: str = "query"


@dataclass(frozen=True)
class Answer:
    """A documented response: its status, what it means, and its body (a model or text)."""

    status: int
    description: str
    media: str = JSON_MEDIA
    model: type[BaseModel] | None = None


@dataclass(frozen=True)
class Route:
    """One GET route: where it is, who answers it, and how it is documented."""

    path: str
    operation_id: str
    summary: str
    answers: tuple[Answer, ...]
    params: tuple[Param, ...] = ()
    builder: Builder | None = None
    # What a new one-off variant gets while the render budget is spent (the JSON ``busy``
    # error unless given): a page in an iframe must not turn into JSON.
    busy: Callable[[WebContext], Prepared] | None = None
    view: Callable[[], ResponseReturnValue] | None = None
    # Bytes that never depend on the snapshot.
    static: bool = False
    # Answered whatever the Host (load balancers and watchdogs ask by IP address).
    any_host: bool = False
    # The metric label; the path itself unless it has placeholders.
    label: str = ""

    @cached_property
    def query_names(self) -> frozenset[str]:
        """The query parameters this route reads; any other is ignored, cache key included."""
        return frozenset(param.name for param in self.params if param.where == "query")

    @property
    def metric_label(self) -> str:
        """The route label in ``ticker_http_requests_total``."""
        return self.label or self.path

    @property
    def flask_rule(self) -> str:
        """The path as a Flask rule (``{x}`` becomes ``<x>``)."""
        return re.sub(r"\{(\w+)\}", r"<\1>", self.path)

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """A matcher for a path with placeholders (None for a fixed path)."""
        if "{" not in self.path:
            return None
        return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)",
                                       re.escape(self.path)) + "$")


def canonical_query(route: Route, query: str) -> str:
    """The query reduced to the route's own parameters, sorted by name (repeats kept in
    order): ``?_=<random>`` and the plain URL are one variant, and one cache entry."""
    if not query:
        return ""
    kept = [pair for pair in query.split("&")
            if pair.partition("=")[0] in route.query_names]
    kept.sort(key=lambda pair: pair.partition("=")[0])
    return "&".join(kept)


class Router:
    """Finds the route of a path in one table: fixed paths by lookup, the rest by pattern."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self.routes = tuple(routes)
        self._fixed = {route.path: route for route in self.routes if route.pattern is None}
        self._patterns = tuple((pattern, route) for route in self.routes
                               if (pattern := route.pattern) is not None)

    def match(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route serving ``path`` and its path parameters, or None."""
        route = self._fixed.get(path)
        if route is not None:
            return route, {}
        for pattern, candidate in self._patterns:
            found = pattern.match(path)
            if found:
                return candidate, found.groupdict()
        return None

    def label_of(self, path: str) -> str:
        """The metric label of a path: its route's, or "other"."""
        found = self.match(path)
        return found[0].metric_label if found is not None else OTHER
