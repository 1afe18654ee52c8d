"""Query-parameter validation against strict allow-lists (pure).

Errors name the parameter and what it accepts, and never repeat the value the client sent:
whatever is echoed could be rendered by some client as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MultiDict

from ticker.core.catalogue import Station
from ticker.core.langs import LANGS as LANGS  # every route's `lang` accepts these
from ticker.core.strips import Strips

Args = MultiDict[str, str]

MAX_PARAM_LENGTH = 4096
# A strip longer than this is not a ticker any more.
MAX_IDS = 100


class ParamError(ValueError):
    """A query parameter is invalid; ``name`` is the parameter, the message what it takes."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter {name!r}: {message}")
        self.name = name


def single(args: Args, name: str) -> str | None:
    """A parameter's value, None when absent; ParamError when given twice or too long."""
    values = args.getlist(name)
    if not values:
        return None
    if len(values) > 1:
        raise ParamError(name, "given more than once")
    value = values[0]
    if len(value) > MAX_PARAM_LENGTH:
        raise ParamError(name, "too long")
    return value


def parse_cities(args: Args, strips: Strips) -> tuple[Station, ...]:
    """``cities=seoul,busan`` (any catalogue ids, in that order) or ``set=NAME``; else the
    default strip."""
    ids_value, set_value = single(args, "cities"), single(args, "set")
    if ids_value is not None and set_value is not None:
        raise ParamError("set", "give either cities or set, not both")
    if set_value is not None:
        if set_value not in strips.sets:
            raise ParamError("set", "unknown set; see /v1/sets for the names")
        return strips.sets[set_value]
    if ids_value is None:
        return strips.default
    ids = [part.strip() for part in ids_value.split(",")]
    if any(not part for part in ids):
        raise ParamError("cities", "expected comma-separated station ids; see /v1/stations")
    if len(ids) > MAX_IDS:
        raise ParamError("cities", f"at most {MAX_IDS} station ids")
    if any(part not in strips.catalogue for part in ids):
        raise ParamError("cities", "unknown station id; see /v1/stations for the ids")
    if len(set(ids)) != len(ids):
        raise ParamError("cities", "a station id is listed twice")
    return strips.catalogue.select(ids)


def parse_choice(args: Args, name: str, choices: Sequence[str],
                 default: str) -> str:
    """A parameter whose value must be one of ``choices``."""
    value = single(args, name)
    if value is None:
        return default
    if value not in choices:
        raise ParamError(name, "expected one of: " + ", ".join(choices))
    return value


def parse_lang(args: Args) -> str:
    """``lang=ko`` (default), ``en``, ``ja`` or ``zh``."""
    return parse_choice(args, "lang", LANGS, "ko")
