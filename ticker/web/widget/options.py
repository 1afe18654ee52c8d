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
# auto: the strip scrolls only when its cities overflow it (and never under reduced motion);
# static: it never scrolls, the reader pages with the previous/next buttons.
MOTIONS = ("auto", "static")
# font=: family names only, nothing is loaded. Each name is quoted in the CSS unless it is one
# of these keywords, and may hold letters, digits, spaces and hyphens only, so no value can
# close the string or the declaration it is written into.
GENERIC_FONTS = ("serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
                 "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "math", "emoji",
                 "fangsong", "-apple-system", "BlinkMacSystemFont")
MAX_FONTS, MAX_FONT_CHARS = 8, 200
MAX_LINK_CHARS = 1000

_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_SECONDS = re.compile(r"[0-9]{1,4}")
# An origin as browsers serialise `location.origin`: scheme, host (name, IPv4 or [IPv6]), port.
# The parts are checked one by one below: a shape alone let `http://a:99999` through, which
# postMessage then refused, stopping the widget's script.
_ORIGIN = re.compile(r"(?P<scheme>https?)://(?:\[(?P<ipv6>[0-9a-f:.]+)\]|(?P<host>[a-z0-9._-]+))"
                     r"(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?", re.IGNORECASE)
_NUMERIC_LABEL = re.compile(r"[0-9]+|0x[0-9a-f]*")
# link=: an origin as above, then a path, query and fragment of URL characters only (percent
# escapes whole): no space, quote, angle bracket or backslash ever reaches the page.
_LINK = re.compile(_ORIGIN.pattern + r"(?P<rest>[/?#](?:[A-Za-z0-9._~!$&'()*+,;=:@/?#-]"
                   r"|%[0-9A-Fa-f]{2})*)?", re.IGNORECASE)
_FONT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 -]{0,39}")
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
    motion: str = "auto"
    link: str | None = None
    # The CSS font-family list of font=, already quoted; None: the widget's own stack.
    font: str | None = None

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
    origin = _checked_origin(_ORIGIN.fullmatch(value))
    if origin is None:
        raise ParamError("parent", "expected an origin such as https://news.example.com "
                         f"(http or https, a host name or IP address, a port up to {MAX_PORT})")
    return origin


def _checked_origin(match: re.Match[str] | None) -> str | None:
    """The origin of an ``_ORIGIN`` match as a browser serialises it, or None if refused."""
    host = match and _origin_host(match["ipv6"], match["host"])
    if not match or host is None or (match["port"] and int(match["port"]) > MAX_PORT):
        return None
    scheme = match["scheme"].lower()
    port = int(match["port"]) if match["port"] else DEFAULT_PORTS[scheme]
    return f"{scheme}://{host}" + ("" if port == DEFAULT_PORTS[scheme] else f":{port}")


def parse_link(args: Args) -> str | None:
    """``link``: the embedding site's weather page, an absolute http(s) URL the strip opens."""
    value = single(args, "link")
    if value is None:
        return None
    match = _LINK.fullmatch(value) if len(value) <= MAX_LINK_CHARS else None
    origin = _checked_origin(match)
    if match is None or origin is None:
        raise ParamError("link", "expected an absolute http or https URL such as "
                         "https://news.example.com/weather (a host name or IP address, URL "
                         f"characters only, {MAX_LINK_CHARS} characters at most)")
    # As a browser writes it: a query or fragment right after the host gets its path "/".
    rest = match["rest"] or ""
    return origin + ("" if rest.startswith("/") else "/") + rest


def parse_font(args: Args) -> str | None:
    """``font``: comma-separated font family names, returned as a CSS font-family list."""
    value = single(args, "font")
    if not value:
        return None
    names = [name.strip() for name in value.split(",")]
    generic = {name.lower(): name for name in GENERIC_FONTS}
    if (len(value) > MAX_FONT_CHARS or len(names) > MAX_FONTS
            or not all(_FONT_NAME.fullmatch(n) or n.lower() in generic for n in names)):
        raise ParamError("font", f"expected up to {MAX_FONTS} comma-separated font family "
                         "names of letters, digits, spaces and hyphens (no quotes), "
                         f"{MAX_FONT_CHARS} characters at most")
    return ",".join(generic.get(n.lower()) or f'"{" ".join(n.split())}"' for n in names)


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
        motion=parse_choice(args, "motion", MOTIONS, "auto"),
        link=parse_link(args),
        font=parse_font(args),
    )
