"""``ticker fetch``'s terminal table of a weather document."""

from __future__ import annotations

import unicodedata

from ticker.core.documents import (
    ATTRIBUTION,
    CityDocument,
    WeatherDocument,
    format_temperature,
)
from ticker.core.warnings import title_of
from ticker.web.widget.view import shown_name
from ticker.web.widget.words import LABELS


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))




def _warnings(city: CityDocument, lang: str) -> str:
    # Unknown (null) and none ([]) both print nothing: a table never claims "no warning".
    titles = [title_of(w.type_text, w.level_text, lang)
              for w in city.warnings or ()]
    return "  ⚠ " + ", ".join(titles) if titles else ""


def text_table(document: WeatherDocument) -> str:
    """A readable, aligned table of a weather document for terminals."""
    # The document's language is the one its attribution is written in.
    lang = next(code for code, text in ATTRIBUTION.items() if text == document.attribution)
    rows = []
    for city in document.cities:
        observed = f"{city.observed_at:%Y-%m-%d %H:%M}" if city.observed_at else "—"
        rows.append((city.condition_text or "—", shown_name(city, lang),
                     format_temperature(city.temperature_c),
                     f"{LABELS[lang]['feels']} {format_temperature(city.feels_like_c)}",
                     observed + (" (stale)" if city.stale else "") + _warnings(city, lang)))
    widths = [max(_display_width(row[i]) for row in rows) for i in range(4)]
    lines = [f"{document.attribution} · source: {document.source}"]
    if document.sample:
        lines.append("SAMPLE DATA: a bundled recording, not live observations")
    for condition, name, temperature, feels, observed in rows:
        lines.append("  ".join([_pad(condition, widths[0]), _pad(name, widths[1]),
                                temperature.rjust(widths[2]), feels.rjust(widths[3]),
                                observed]))
    return "\n".join(lines)
