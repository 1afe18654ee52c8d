"""Widget options: every parameter against its allow-list, errors that never echo the value."""

from __future__ import annotations

import pytest
from support.stations import CITIES, by_id
from werkzeug.datastructures import MultiDict

from ticker.core.catalogue import load_catalogue
from ticker.core.strips import Strips
from ticker.web.api.params import ParamError
from ticker.web.widget.options import (
    REFRESH_MAX,
    REFRESH_MIN,
    SIZES,
    SPEEDS,
    THEMES,
    WidgetOptions,
    parse_widget_options,
)


def parse(**params: str | list[str]) -> WidgetOptions:
    return parse_widget_options(MultiDict(params), Strips(load_catalogue(), CITIES))


def test_defaults() -> None:
    assert parse() == WidgetOptions(cities=CITIES, lang="ko", theme="light", speed="normal",
                                    size="m", colors=(), refresh=None, parent=None, show=())
    assert (parse().em_per_second, parse().font_px) == (SPEEDS["normal"], SIZES["m"])


def test_every_allowed_value_is_taken() -> None:
    for theme in THEMES:
        assert parse(theme=theme).theme == theme
    for speed in SPEEDS:
        assert parse(speed=speed).speed == speed
    for size in SIZES:
        assert parse(size=size).size == size
    assert parse(lang="en").lang == "en"


def test_cities_select_and_order_like_the_api() -> None:
    assert parse(cities="busan,seoul").cities == (by_id("busan"), by_id("seoul"))


def test_colours_are_kept_in_a_fixed_order_and_lower_case() -> None:
    options = parse(accent="#AbCdEf", bg="#000000")
    assert options.colors == (("bg", "#000000"), ("accent", "#abcdef"))


@pytest.mark.parametrize("seconds", [REFRESH_MIN, 60, REFRESH_MAX])
def test_refresh_within_range(seconds: int) -> None:
    assert parse(refresh=str(seconds)).refresh == seconds


@pytest.mark.parametrize("origin", [
    "https://news.example.com", "http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:8000",
])
def test_parent_origin(origin: str) -> None:
    assert parse(parent=origin).parent == origin


@pytest.mark.parametrize(("sent", "kept"), [
    ("HTTPS://News.Example.COM", "https://news.example.com"),
    ("http://[0:0:0::1]:8080", "http://[::1]:8080"),
    ("http://[::FFFF:1.2.3.4]", "http://[::ffff:102:304]"),
    ("https://a.example:443", "https://a.example"),
    ("http://a.example:0080", "http://a.example"),
    ("http://a.example:65535", "http://a.example:65535"),
    ("http://my_host.internal:8000", "http://my_host.internal:8000"),
])
def test_parent_is_kept_as_browsers_serialise_origins(sent: str, kept: str) -> None:
    # The widget posts to this origin; in the browser's own form it matches exactly.
    assert parse(parent=sent).parent == kept


BAD = [
    ("theme", "neon"), ("theme", "Dark"), ("speed", "ludicrous"), ("speed", "3"),
    ("size", "xxl"), ("size", "16"), ("lang", "fr"), ("cities", "seoul,atlantis"),
    ("bg", "red"), ("bg", "#fff"), ("fg", "#12345g"), ("accent", "123456"),
    ("fg", "#123456;x"), ("bg", "#1234567"),
    ("refresh", "1"), ("refresh", "3601"), ("refresh", "2.5"), ("refresh", "-5"),
    ("refresh", "0x10"), ("refresh", ""), ("refresh", "99999"),
    ("parent", "javascript:alert(1)"), ("parent", "https://a.example/path"),
    ("parent", "https://a.example\nSet-Cookie: x"), ("parent", "*"), ("parent", "null"),
    # Shaped like origins, refused by browsers: postMessage would throw on each of these.
    ("parent", "http://a.example:99999"), ("parent", "http://a.example:65536"),
    ("parent", "http://[::::::]"), ("parent", "http://[fe80::1%25eth0]"),
    ("parent", "http://[fe80::1%eth0]"), ("parent", "http://[127.0.0.1]"),
    ("parent", "http://256.1.1.1"), ("parent", "http://1.2.3"), ("parent", "http://a.0x10"),
    ("parent", "http://a..example"), ("parent", "http://-a.example"),
    ("parent", "http://a.example."), ("parent", "http://a.example:"),
    ("parent", "http://user@a.example"), ("parent", "ftp://a.example"),
    ("parent", "http://" + "a" * 64 + ".example"), ("parent", "http://exämple.com"),
    ("parent", "http://a.example/"), ("parent", "//a.example"),
    ("theme", "<script>alert(1)</script>"), ("bg", "<script>"), ("parent", "x" * 600),
    ("show", "feels,feels"), ("show", "wind"), ("show", "feels,,trend"), ("show", "Feels"),
    ("show", "feels;trend"), ("show", "feels, trend"), ("show", "<script>"),
    ("show", "feels," * 2000),
]


@pytest.mark.parametrize(("name", "value"), BAD)
def test_bad_values_name_the_parameter_and_not_the_value(name: str, value: str) -> None:
    with pytest.raises(ParamError) as caught:
        parse(**{name: value})
    assert caught.value.name == name
    assert f"'{name}'" in str(caught.value)
    if len(value) > 3:  # short values like "3" could appear by chance in "2 to 3600"
        assert value not in str(caught.value)


@pytest.mark.parametrize(("sent", "kept"), [
    ("feels", ("feels",)), ("trend,feels", ("feels", "trend")),
    ("minmax,trend,feels", ("feels", "minmax", "trend")), ("", ()),
])
def test_show_takes_each_extra_once_in_a_fixed_order(sent: str, kept: tuple[str, ...]) -> None:
    assert parse(show=sent).show == kept


@pytest.mark.parametrize("name", ["theme", "bg", "refresh", "parent", "show"])
def test_a_parameter_given_twice_is_refused(name: str) -> None:
    good = {"theme": "dark", "bg": "#000000", "refresh": "10", "parent": "http://a.example",
            "show": "feels"}
    with pytest.raises(ParamError, match=f"'{name}'"):
        parse(**{name: [good[name], good[name]]})


def test_unknown_parameters_are_ignored() -> None:
    assert parse(_="123", utm_source="news") == parse()
