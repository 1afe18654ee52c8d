"""A test seam passed in where the code takes a route table: every builder counted, so a test
sees how many variants were built (a cache hit builds none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ticker.state.store import StoredSnapshot
from ticker.web.context import WebContext
from ticker.web.http.prepared import Prepared
from ticker.web.http.routing import Route
from ticker.web.http.variant import Builder, VariantKey
from ticker.web.routes import ROUTES


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
