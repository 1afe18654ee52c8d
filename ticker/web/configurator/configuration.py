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

from werkzeug.datastructures import MultiDict

from ticker.core.strips import Strips
from ticker.web.api.params import Args, ParamError
from ticker.web.widget.options import HEIGHTS, WidgetOptions, parse_widget_options

STATION = "station"
# The widget parameters the configurator sets, in snippet order, with their defaults.
DEFAULTS = {"lang": "ko", "theme": "light", "speed": "normal", "size": "m", "warnings": "on"}
# embed.js's iframe titles (TITLES in assets/embed.js).
FRAME_TITLES = {"ko": "날씨 티커 (기상청 제공)",
                "en": "Weather ticker (Korea Meteorological Administration)",
                "ja": "天気ティッカー (韓国気象庁提供)", "zh": "天气滚动条 (韩国气象厅提供)"}


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
        """The widget's query string (values come from allow-lists: nothing to escape)."""
        return "&".join(f"{name}={value}" for name, value in self.params)

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
        """The embed.js tag to paste, for a service at ``base`` (ending in ``/``)."""
        attributes = "".join(f' data-{name}="{value}"' for name, value in self.params)
        return f'<script src="{escape(base)}embed.js"{attributes} async></script>'


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
    return Configuration(options=options, params=tuple(params))
