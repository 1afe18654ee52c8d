"""The demo page's configurator: its query to widget options, preview URL and snippets (pure).

The form's fields are the widget's own parameters, checked by the widget's own parsers
(``widget.options``, ``api.params``), so the page accepts exactly what ``/widget`` accepts and its
errors name the parameter without repeating the value. Two fields differ, because a form without
JavaScript can only send what its controls hold: the station checkboxes send ``station`` once per
station (joined into ``cities``, in the list's order), and the extras send ``show`` once per box.
A chosen set wins over ticked stations (the form shows both controls at once).

The page's script (``assets/demo.js``) builds the same query and snippets in the browser; the
browser tests check that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from werkzeug.datastructures import MultiDict

from ticker.core.strips import Strips
from ticker.web.api.params import Args, ParamError
from ticker.web.widget.options import (
    COLOR_PARAMS,
    HEIGHTS,
    WidgetOptions,
    parse_widget_options,
)

STATION = "station"
# The widget parameters the configurator sets, in snippet order, with their defaults.
DEFAULTS = {"lang": "ko", "theme": "light", "speed": "normal", "size": "m", "warnings": "on"}
# embed.js's iframe titles (TITLES in assets/embed.js).
FRAME_TITLES = {"ko": "날씨 티커 (기상청 제공)",
                "en": "Weather ticker (Korea Meteorological Administration)",
                "ja": "天気ティッカー (韓国気象庁提供)", "zh": "天气滚动条 (韩国气象厅提供)"}

# The themes' own colours (widget.css): what an empty colour field means. `transparent` shows
# the host page's background, and its text takes `fg` (no theme of its own for dark hosts).
THEME_COLORS = {"light": {"bg": "#ffffff", "fg": "#1b1d1f", "accent": "#0b57d0"},
                "dark": {"bg": "#16181b", "fg": "#eceff1", "accent": "#8ab4f8"}}
# The host backgrounds the preview shows the strip on.
HOST_BACKGROUNDS = {"light": "#ffffff", "dark": "#16181b"}
# The amp-iframe's `overflow` element, shown by AMP when the frame asks for more room.
AMP_MORE = {"ko": "더 보기", "en": "Show more", "ja": "もっと見る", "zh": "显示更多"}


@dataclass(frozen=True)
class Configuration:
    """A validated configuration: the widget options and the parameters that differ from the
    defaults, in the order the snippets give them."""

    options: WidgetOptions
    params: tuple[tuple[str, str], ...] = ()

    @property
    def set_name(self) -> str | None:
        """The chosen set's name, when a set was chosen."""
        return dict(self.params).get("set")

    @property
    def picked(self) -> tuple[str, ...]:
        """The station ids picked one by one, in display order (empty for a set or default)."""
        cities = dict(self.params).get("cities")
        return tuple(cities.split(",")) if cities else ()

    @property
    def query(self) -> str:
        """The widget's query string (values are checked: only a colour's ``#`` is escaped)."""
        return "&".join(f"{name}={quote(value, safe=',')}" for name, value in self.params)

    def color(self, name: str) -> str:
        """The chosen colour ``name`` (bg, fg, accent) as ``#rrggbb``, or "" when none is."""
        return dict(self.options.colors).get(name, "")

    @property
    def widget_path(self) -> str:
        """``widget`` with its query, relative to the service's root."""
        return f"widget?{self.query}" if self.params else "widget"

    @property
    def height(self) -> int:
        """The widget's height in CSS px at this size."""
        return HEIGHTS[self.options.size]

    def iframe_snippet(self, base: str) -> str:
        """The iframe to paste, for a service at ``base`` (ending in ``/``)."""
        src = escape(base + self.widget_path)
        return (f'<iframe src="{src}" title="{FRAME_TITLES[self.options.lang]}"\n'
                f'        loading="lazy" style="width:100%;height:{self.height}px;border:0">'
                "</iframe>")

    def script_snippet(self, base: str) -> str:
        """The embed.js tag to paste, for a service at ``base`` (ending in ``/``), in a box of
        the widget's height: the host page keeps that room from the start, so the frame the
        script adds later shifts nothing (CLS 0 whatever the host's own styles)."""
        attributes = "".join(f' data-{name}="{value}"' for name, value in self.params)
        return (f'<div style="min-height:{self.height}px">'
                f'<script src="{escape(base)}embed.js"{attributes} async></script></div>')

    def amp_snippet(self, base: str) -> str:
        """The amp-iframe to paste in an AMP page, for a service at ``base`` (ending in ``/``)."""
        # AMP wants a placeholder (so it may sit near the top) and, being resizable, an
        # `overflow` element; it needs https and another origin than the AMP page's.
        src = escape(base + self.widget_path)
        more = AMP_MORE[self.options.lang]
        return (f'<amp-iframe src="{src}" title="{FRAME_TITLES[self.options.lang]}"\n'
                f'    sandbox="allow-scripts allow-same-origin" layout="fixed-height" '
                f'height="{self.height}" resizable frameborder="0">\n'
                f'  <div placeholder></div>\n'
                f'  <div overflow tabindex="0" role="button" aria-label="{more}">{more}</div>\n'
                "</amp-iframe>")


def _single(form: Args, name: str) -> str | None:
    values = form.getlist(name)
    return values[0] if len(values) == 1 else None


def widget_args(form: Args) -> Args:
    """The widget parameters a configurator query stands for (not yet validated)."""
    args: Args = MultiDict()
    for name in ("cities", *DEFAULTS):
        for value in form.getlist(name):
            args.add(name, value)
    chosen_set = _single(form, "set")
    if form.getlist("set") and chosen_set != "":
        for value in form.getlist("set"):
            args.add("set", value)
    stations = form.getlist(STATION)
    if stations and "set" not in args:
        if "cities" in args:
            raise ParamError(STATION, "give either cities or station, not both")
        args["cities"] = ",".join(stations)
    for name in COLOR_PARAMS:
        # The form always sends its colour fields; an empty one means the theme's colour.
        if form.getlist(name) != [""]:
            for value in form.getlist(name):
                args.add(name, value)
    extras = form.getlist("show")
    if extras:
        args["show"] = ",".join(extras)
    return args


def configure(form: Args, strips: Strips) -> Configuration:
    """The configuration a configurator query asks for; ParamError names a bad parameter."""
    args = widget_args(form)
    try:
        options = parse_widget_options(args, strips)
    except ParamError as error:
        # The checkboxes sent `station`: name the field the editor used.
        if error.name == "cities" and form.getlist(STATION) and "cities" not in form:
            raise ParamError(STATION, str(error).split(": ", 1)[1]) from None
        raise
    params: list[tuple[str, str]] = []
    if "set" in args:
        params.append(("set", args["set"]))  # a known set's name: the parser checked it
    elif "cities" in args:
        params.append(("cities", ",".join(city.id for city in options.cities)))
    chosen = {"lang": options.lang, "theme": options.theme, "speed": options.speed,
              "size": options.size, "warnings": "on" if options.warnings else "off"}
    params.extend((name, chosen[name]) for name, default in DEFAULTS.items()
                  if chosen[name] != default)
    if options.show:
        params.append(("show", ",".join(options.show)))
    params.extend(options.colors)
    return Configuration(options=options, params=tuple(params))
