"""``ticker fetch``'s terminal table of a weather document."""

from __future__ import annotations

import unicodedata
from typing import Any

from ticker.core.documents import ATTRIBUTION, format_temperature


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _display_width(text))


def text_table(document: dict[str, Any]) -> str:
    """A readable, aligned table of a weather document for terminals."""
    en = document["attribution"] == ATTRIBUTION["en"]
    rows = []
    for city in document["cities"]:
        condition = city["condition_text"] or "—"
        name = city["name_en"] if en else city["name"]
        observed = city["observed_at"][:16].replace("T", " ") if city["observed_at"] else "—"
        flags = " (stale)" if city["stale"] else ""
        rows.append((condition, name, format_temperature(city["temperature_c"]),
                     observed + flags))
    widths = [max(_display_width(row[i]) for row in rows) for i in range(3)]
    lines = [f"{document['attribution']} · source: {document['source']}"]
    if document["sample"]:
        lines.append("SAMPLE DATA: a bundled recording, not live observations")
    for condition, name, temperature, observed in rows:
        lines.append("  ".join([_pad(condition, widths[0]), _pad(name, widths[1]),
                                temperature.rjust(widths[2]), observed]))
    return "\n".join(lines)
