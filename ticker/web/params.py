"""Query-parameter validation against strict allow-lists (pure).

Errors name the parameter and what it accepts, and never repeat the value the client sent:
whatever is echoed could be rendered by some client as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MultiDict

from ticker.core.cities import City

Args = MultiDict[str, str]

LANGS = ("ko", "en")
MAX_PARAM_LENGTH = 512


class ParamError(ValueError):
    """A query parameter is invalid; ``name`` is the parameter, the message what it takes."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter {name!r}: {message}")
        self.name = name


def _single(args: Args, name: str) -> str | None:
    values = args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ParamError(name, "given more than once")
    value = values[0]
    if len(value) > MAX_PARAM_LENGTH:
        raise ParamError(name, "too long")
    return value


def parse_cities(args: Args, configured: Sequence[City]) -> tuple[City, ...]:
    """``cities=seoul,busan``: a selection of configured cities, in the order given."""
    value = _single(args, "cities")
    if value is None:
        return tuple(configured)
    by_id = {city.id: city for city in configured}
    ids = [part.strip() for part in value.split(",")]
    allowed = ", ".join(by_id)
    if not ids or any(not part for part in ids):
        raise ParamError("cities", f"expected comma-separated city ids from: {allowed}")
    if any(part not in by_id for part in ids):
        raise ParamError("cities", f"unknown city id; expected ids from: {allowed}")
    if len(set(ids)) != len(ids):
        raise ParamError("cities", "a city id is listed twice")
    return tuple(by_id[part] for part in ids)


def parse_choice(args: Args, name: str, choices: Sequence[str],
                 default: str) -> str:
    """A parameter whose value must be one of ``choices``."""
    value = _single(args, name)
    if value is None:
        return default
    if value not in choices:
        raise ParamError(name, "expected one of: " + ", ".join(choices))
    return value


def parse_lang(args: Args) -> str:
    """``lang=ko`` (default) or ``lang=en``."""
    return parse_choice(args, "lang", LANGS, "ko")
