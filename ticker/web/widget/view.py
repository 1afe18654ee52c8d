"""The widget's view of a ``/v1/weather`` document: items, date line, badges (pure).

The page's script re-derives the same text from each polled document (assets/widget.js);
the rules here and there must agree, and the browser tests check that they do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ticker.core.catalogue import Station
from ticker.core.conditions import Condition
from ticker.core.documents import CityDocument, HourDocument, WeatherDocument, format_temperature
from ticker.web.widget.badges import Badge, badge
from ticker.web.widget.forecast import forecast_text
from ticker.web.widget.icons import station_icon
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.sparkline import Sparkline, sparkline
from ticker.web.widget.words import DATE_LINES, EN_MONTHS, LABELS, NAME_FIELDS, WEEKDAYS

# Width guesses for the no-script scroll duration, in em; the script measures and corrects.
_ITEM_EXTRA_EM = 3.0  # icon, gaps and padding around an item's text
_MIN_COPY_EM = 40.0  # a copy is at least as wide as the strip
_SPARKLINE_EM = 3.3  # the sparkline's width and margin (widget_show.css)
_BADGE_SCALE, _BADGE_EXTRA_EM = 0.85, 1.0  # a badge's font size, and its padding and space
_ICON_EXTRA_EM = 0.4  # show=icon's symbol beyond the plain strip's condition dot


@dataclass(frozen=True)
class AirShown:
    """A city's fine dust as the strip shows it: ``미세먼지 보통``, the word in its grade's
    colour; all empty when asked for but unknown."""

    label: str
    grade: str
    word: str


@dataclass(frozen=True)
class Item:
    """One city as the strip shows it."""

    id: str
    condition: str
    condition_text: str
    name: str
    temperature: str
    stale: bool
    # The extras of ``show=``: empty text when asked for but without a value, None when not
    # asked for (the strip then looks exactly as without show=).
    feels: str | None = None
    today: str | None = None
    trend: Sparkline | None = None
    air: AirShown | None = None
    forecast: str | None = None
    # The warnings in force, before the city (None: none, unknown, or warnings=off).
    badge: Badge | None = None
    # show=icon: the symbol before the condition word (``wi-clear-night``), else None.
    icon: str | None = None


@dataclass(frozen=True)
class WidgetView:
    """Everything the widget template prints."""

    lang: str
    items: tuple[Item, ...]
    date_iso: str
    date_text: str
    date_short: str
    observed_time: str
    sample: bool
    delayed: bool
    attribution: str
    labels: dict[str, str]
    duration_seconds: float
    show: tuple[str, ...] = ()
    # show=air: the meta line's credit (None: not asked for), shown while any city's air is.
    air_credit: str | None = None
    air_credited: bool = False


def _date_text(day: date, lang: str, form: int) -> str:
    return DATE_LINES[lang][form].format(y=day.year, m=day.month, d=day.day,
                                         mm=f"{day.month:02}", dd=f"{day.day:02}",
                                         mon=EN_MONTHS[day.month - 1],
                                         wd=WEEKDAYS[lang][day.weekday()])


def date_line(day: date, lang: str) -> str:
    """``2025.12.01 (월)``, ``Mon, 1 Dec 2025``, ``2025年12月1日(月)``, ``2025年12月1日 周一``."""
    return _date_text(day, lang, 0)


def short_date_line(day: date, lang: str) -> str:
    """``12.01(월)``, ``Mon 1 Dec``, ``12月1日(月)``, ``12月1日 周一``: a narrow widget's."""
    return _date_text(day, lang, 1)


def shown_name(city: CityDocument, lang: str) -> str:
    """The city's name in ``lang``: the Korean ``name``, or ``name_en``/``name_ja``/``name_zh``."""
    return str(getattr(city, NAME_FIELDS[lang]))


def shows_value(city: CityDocument) -> bool:
    """True when the strip shows a temperature or a condition for this city."""
    return city.temperature_c is not None or city.condition is not Condition.UNKNOWN


def is_delayed(document: WeatherDocument) -> bool:
    """True when some value on screen is older than the stale limit (never for sample data).

    A city with nothing to show already says so with a dash; it does not raise the badge.
    """
    return not document.sample and any(
        city.stale and shows_value(city) for city in document.cities)


def latest_time(document: WeatherDocument) -> str:
    """The newest observation time of the document (ISO, KST), else its update time."""
    times = [city.observed_at for city in document.cities if city.observed_at]
    return (max(times) if times else document.updated_at).isoformat()


def _width_em(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _extras_em(item: Item) -> float:
    air = f"{item.air.label} {item.air.word}" if item.air and item.air.word else ""
    texts = [text for text in (item.feels, item.today, air, item.forecast) if text]
    badge_em = _width_em(item.badge.text) * _BADGE_SCALE + _BADGE_EXTRA_EM if item.badge else 0
    return (sum(_width_em(" " + text) for text in texts) + (_SPARKLINE_EM if item.trend else 0)
            + badge_em + (_ICON_EXTRA_EM if item.icon else 0))


def scroll_seconds(items: tuple[Item, ...], em_per_second: float) -> float:
    """How long one copy of the items takes to scroll by, from a width estimate."""
    width = sum(_width_em(f"{i.condition_text} {i.name} {i.temperature}") + _ITEM_EXTRA_EM
                + _extras_em(i) for i in items)
    return round(max(width, _MIN_COPY_EM) / em_per_second, 1)


def feels_text(city: CityDocument, lang: str) -> str:
    """``체감 -15.2℃`` (``feels -15.2℃``); empty text without a feels-like value or when it
    reads the same as the temperature beside it."""
    feels = format_temperature(city.feels_like_c)
    if city.feels_like_c is None or feels == format_temperature(city.temperature_c):
        return ""
    return f"{LABELS[lang]['feels']} {feels}"


def today_text(city: CityDocument, lang: str) -> str:
    """``최저 -14.6 / 최고 -4.1`` (``low -14.6 / high -4.1``): today's low and high, named in
    words a screen reader says as they are, or empty text without them."""
    if city.today_min_c is None or city.today_max_c is None:
        return ""
    labels = LABELS[lang]
    return f"{labels['low']} {city.today_min_c:.1f} / {labels['high']} {city.today_max_c:.1f}"


def air_shown(city: CityDocument, lang: str) -> AirShown:
    """``미세먼지`` and the overall grade's code and word; empty when the air or its grade is
    unknown (the strip then shows nothing for it)."""
    air = city.air
    if air is None or air.grade is None or not air.grade_text:
        return AirShown(label="", grade="", word="")
    return AirShown(label=LABELS[lang]["air"], grade=air.grade, word=air.grade_text)


def _item(city: CityDocument, lang: str, show: Sequence[str], warnings: bool,
          history: Mapping[str, Sequence[HourDocument]], now: datetime | None,
          moment: datetime, station: Station | None) -> Item:
    name = shown_name(city, lang)
    return Item(
        id=city.id, condition=city.condition.value, condition_text=city.condition_text,
        name=name, temperature=format_temperature(city.temperature_c),
        stale=city.stale and shows_value(city),
        feels=feels_text(city, lang) if "feels" in show else None,
        today=today_text(city, lang) if "minmax" in show else None,
        trend=sparkline(history.get(city.id, ()), name, lang, now) if "trend" in show else None,
        air=air_shown(city, lang) if "air" in show else None,
        forecast=forecast_text(city, lang, moment) if "forecast" in show else None,
        badge=badge(city.warnings, lang) if warnings else None,
        icon=station_icon(city.condition, station, city.observed_at) if "icon" in show else None)


def widget_view(document: WeatherDocument, options: WidgetOptions,
                history: Mapping[str, Sequence[HourDocument]] | None = None,
                now: datetime | None = None) -> WidgetView:
    """The widget's view of a weather document rendered for ``options.lang``.

    ``history`` (hours per station id, oldest first) feeds the sparklines of ``show=trend``,
    which end at ``now``'s hour (None: at each station's newest reading, as for a recording).
    """
    latest = latest_time(document)
    # The forecast's day turns at 17:00 of ``now``; a recording's at its own moment.
    moment = now or datetime.fromisoformat(latest)
    stations = {station.id: station for station in options.cities}
    items = tuple(_item(city, options.lang, options.show, options.warnings, history or {}, now,
                        moment, stations.get(city.id)) for city in document.cities)
    day = date.fromisoformat(latest[:10])
    return WidgetView(
        lang=options.lang, items=items, date_iso=latest[:10],
        date_text=date_line(day, options.lang), date_short=short_date_line(day, options.lang),
        observed_time=latest[11:16], sample=document.sample, delayed=is_delayed(document),
        attribution=document.attribution, labels=LABELS[options.lang],
        duration_seconds=scroll_seconds(items, options.em_per_second), show=options.show,
        air_credit=LABELS[options.lang]["air_credit"] if "air" in options.show else None,
        air_credited=any(item.air and item.air.word for item in items))
