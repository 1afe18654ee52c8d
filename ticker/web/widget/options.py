"""Widget options from the query string, each checked against a strict allow-list (pure).

Like the JSON API's parameters, an error names the parameter and what it accepts and never
repeats the value sent. Values that reach the page are all drawn from these lists or
re-formatted here, so the template never prints a client's raw text.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from ticker.core.catalogue import Station
from ticker.core.strips import Strips
from ticker.web.api.params import (
    Args,
    ParamError,
    parse_choice,
    parse_cities,
    parse_lang,
    single,
)

THEMES = ("light", "dark", "auto", "transparent")
# Scroll speed in em per second: the em follows `size`, so a bigger font still moves the same
# number of characters past the reader each second.
SPEEDS = {"slow": 2.0, "normal": 3.0, "fast": 5.0}
# Base font size in CSS px.
SIZES = {"s": 14, "m": 16, "l": 18, "xl": 22}
# The widget is 3.5 em tall at every width (a meta line and the strip, neither wraps), so an
# embedder can reserve its height up front. embed.js and the README carry the same numbers.
HEIGHT_EM = 3.5
HEIGHTS = {size: round(px * HEIGHT_EM) for size, px in SIZES.items()}
COLOR_PARAMS = ("bg", "fg", "accent")
# Opt-in extras, listed in the order they appear whatever the order asked: a weather icon
# before the condition word, then after each temperature feels-like (체감), today's low and
# high, fine dust's grade (미세먼지 보통), the forecast (today's, from 17:00 tomorrow's), and a
# sparkline of the last 24 hours.
SHOW = ("icon", "feels", "minmax", "air", "forecast", "trend")
REFRESH_MIN, REFRESH_MAX = 2, 3600
# Weather warnings (기상특보) as badges before each city: on unless turned off.
WARNINGS = ("on", "off")

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SECONDS = re.compile(r"[0-9]{1,4}")
# An origin as browsers serialise `location.origin`: scheme, host (name, IPv4 or [IPv6]), port.
# The parts are checked one by one below: a shape alone let `http://a:99999` through, which
# postMessage then refused, stopping the widget's script.
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<host>[a-z0-9._-]+))"
                     r"(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", re.IGNORECASE)
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
MAX_PORT = 65535
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class WidgetOptions:
    """Everything a widget request may choose, validated."""

    cities: tuple[Station, ...]
    lang: str = "ko"
    theme: str = "light"
    speed: str = "normal"
    size: str = "m"
    colors: tuple[tuple[str, str], ...] = ()
    refresh: int | None = None
    parent: str | None = None
    show: tuple[str, ...] = ()
    warnings: bool = True

    @property
    def em_per_second(self) -> float:
        """The scroll speed in em per second."""
        return SPEEDS[self.speed]

    @property
    def font_px(self) -> int:
        """The base font size in CSS px."""
        return SIZES[self.size]


def parse_color(args: Args, name: str) -> str | None:
    """A colour given as ``#rrggbb`` (the ``#`` sent as ``%23``), returned in lower case."""
    value = single(args, name)
    if value is None:
        return None
    if not _COLOR.fullmatch(value):
        raise ParamError(name, "expected a colour as #rrggbb")
    return value.lower()


def parse_refresh(args: Args) -> int | None:
    """``refresh``: whole seconds between polls, within the allowed range."""
    value = single(args, "refresh")
    if value is None:
        return None
    if not _SECONDS.fullmatch(value) or not REFRESH_MIN <= int(value) <= REFRESH_MAX:
        raise ParamError("refresh", f"expected whole seconds from {REFRESH_MIN} to {REFRESH_MAX}")
    return int(value)


def parse_show(args: Args) -> tuple[str, ...]:
    """``show=icon,feels,minmax,air,trend``: the extras asked for, each at most once, in
    SHOW's order; empty, none (as ``embed.js`` sends an empty ``data-show``)."""
    value = single(args, "show")
    if not value:
        return ()
    parts = value.split(",")
    if any(part not in SHOW for part in parts) or len(set(parts)) != len(parts):
        raise ParamError("show", "expected a comma-separated list of " + ", ".join(SHOW)
                         + ", each at most once")
    return tuple(name for name in SHOW if name in parts)


def _origin_host(ipv6: str | None, host: str | None) -> str | None:
    """The host in the form browsers serialise it, or None when a browser would refuse it."""
    if ipv6 is not None:
        try:
            return f"[{ipaddress.IPv6Address(ipv6).compressed}]"
        except ValueError:
            return None
    assert host is not None
    labels = host.lower().split(".")
    # A numeric last label (decimal or 0x hex) makes browsers read the host as IPv4.
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            return None
    if len(host) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return host.lower()


def parse_parent(args: Args) -> str | None:
    """``parent``: the embedding page's origin, the only target of the height messages.

    Returned as a browser would serialise it (lower case, IPv6 compressed, no default port),
    so it matches the origin the messages are checked against.
    """
    value = single(args, "parent")
    if value is None:
        return None
    match = _ORIGIN.fullmatch(value)
    host = match and _origin_host(match["ipv6"], match["host"])
    if not match or host is None or (match["port"] and int(match["port"]) > MAX_PORT):
        raise ParamError("parent", "expected an origin such as https://news.example.com "
                         f"(http or https, a host name or IP address, a port up to {MAX_PORT})")
    scheme = match["scheme"].lower()
    port = int(match["port"]) if match["port"] else DEFAULT_PORTS[scheme]
    return f"{scheme}://{host}" + ("" if port == DEFAULT_PORTS[scheme] else f":{port}")


def parse_widget_options(args: Args, configured: Strips) -> WidgetOptions:
    """Every widget option from the query string; unknown parameters are ignored."""
    colors = tuple((name, color) for name in COLOR_PARAMS
                   if (color := parse_color(args, name)) is not None)
    return WidgetOptions(
        cities=parse_cities(args, configured),
        lang=parse_lang(args),
        theme=parse_choice(args, "theme", THEMES, "light"),
        speed=parse_choice(args, "speed", tuple(SPEEDS), "normal"),
        size=parse_choice(args, "size", tuple(SIZES), "m"),
        colors=colors,
        refresh=parse_refresh(args),
        parent=parse_parent(args),
        show=parse_show(args),
        warnings=parse_choice(args, "warnings", WARNINGS, "on") == "on",
    )
