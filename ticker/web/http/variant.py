"""The key of a prepared variant: what one is built from (path, query, moment), and the
builder type that builds it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl

from werkzeug.datastructures import MultiDict

from ticker.state.store import StoredSnapshot
from ticker.web.context import WebContext
from ticker.web.http.prepared import Prepared


@dataclass(frozen=True)
class VariantKey:
    """What a variant depends on: the route's path, its (canonical) query and the moment.

    The fast path caches a variant under (path, query); the moment decides when it expires.
    """

    path: str
    query: str
    now: datetime
    # Values of the path's {placeholders}, e.g. {"city_id": "seoul"}.
    path_params: Mapping[str, str] = field(default_factory=dict)

    def args(self) -> MultiDict[str, str]:
        """The query string as Werkzeug's MultiDict (repeated parameters kept)."""
        return MultiDict(parse_qsl(self.query, keep_blank_values=True))


# Builds one variant of a prepared route; called once per snapshot version and variant.
Builder = Callable[[WebContext, StoredSnapshot | None, VariantKey], Prepared]
