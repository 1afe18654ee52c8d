"""The weather icons of ``show=icon``: which symbol each city shows, and the page's sprite (pure).

The symbols are Meteocons' (Bas Milius, MIT), built once by ``scripts/build_icons.py`` into
``assets/meteocons.svg``, one ``<symbol id="wi-…">`` a line. A page carries only the symbols
its cities use, each once, in one hidden ``<svg>``; every item, in both scrolling copies,
draws its icon with ``<use href="#wi-…">``, so no id appears twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib import resources

from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.sun import is_daylight

SPRITE_ASSET = "meteocons.svg"
# Sky conditions whose picture shows the sun or the moon: the rest look the same at night.
DAY_AND_NIGHT = frozenset({Condition.CLEAR, Condition.PARTLY_CLOUDY, Condition.MOSTLY_CLOUDY})
_SYMBOL = re.compile(r'^<symbol id="(wi-[a-z_-]+)"[^\n]*</symbol>$', re.M)
# Hidden, yet not display:none, which would leave some browsers without its gradients and
# clip paths (widget_show.css sizes it to nothing).
_SPRITE_OPEN = '<svg class="sp" aria-hidden="true" focusable="false">'


@cache
def symbols() -> dict[str, str]:
    """Every symbol of the bundled sprite by id, in the sprite's order."""
    text = resources.files("ticker.web.widget").joinpath("assets", SPRITE_ASSET).read_text(
        encoding="utf-8")
    return {match[1]: match[0] for match in _SYMBOL.finditer(text)}


def icon_id(condition: Condition, daylight: bool) -> str:
    """The symbol for a condition: ``wi-clear-day``, ``wi-clear-night``, ``wi-rain``."""
    if condition in DAY_AND_NIGHT:
        return f"wi-{condition.value}-{'day' if daylight else 'night'}"
    return f"wi-{condition.value}"


def station_icon(condition: Condition, station: Station | None,
                 observed_at: datetime | None) -> str:
    """The symbol for a station's condition, by its own sun at its observation time (day
    when either is unknown)."""
    daylight = (station is None or observed_at is None
                or is_daylight(station.lat, station.lon, observed_at))
    return icon_id(condition, daylight)


def sprite(used: Iterable[str]) -> str:
    """The hidden ``<svg>`` holding each used symbol once, in the sprite's order."""
    wanted = set(used)
    return _SPRITE_OPEN + "".join(text for name, text in symbols().items()
                                  if name in wanted) + "</svg>"
