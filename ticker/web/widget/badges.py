"""The warning badge before a city on the strip: the most severe warning in force and how many
more, every one of them in its accessible name (pure).

The page's script draws the same badge from each polled ``/v1/weather`` (``badge`` in
assets/widget.js); the rules here and there must agree, and the tests check that they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ticker.core.warning_documents import WarningDocument
from ticker.core.warnings import title_of

# What the accessible name says before the list.
BADGE_LABEL = {"ko": "기상특보", "en": "Weather warnings", "ja": "気象特報", "zh": "气象特报"}


@dataclass(frozen=True)
class Badge:
    """A city's warnings as the strip shows them."""

    # 대설경보, or "대설경보 +1" with one more.
    text: str
    # The most severe one's level: advisory, warning, severe or unknown (its colour).
    level: str
    # 기상특보: 대설경보, 한파주의보 (all of them, most severe first).
    label: str


def warning_title(warning: WarningDocument, lang: str) -> str:
    """한파주의보, or "Cold wave advisory": a warning's whole name from its document."""
    return title_of(warning.type_text, warning.level_text, lang)


def badge(warnings: Sequence[WarningDocument] | None, lang: str) -> Badge | None:
    """The badge of a city's warnings in force (most severe first, as documents list them);
    None without any, or when they are unknown: never a badge saying "none"."""
    if not warnings:
        return None
    titles = [warning_title(warning, lang) for warning in warnings]
    more = f" +{len(titles) - 1}" if len(titles) > 1 else ""
    return Badge(text=titles[0] + more, level=warnings[0].level.value,
                 label=f"{BADGE_LABEL[lang]}: {', '.join(titles)}")
