"""Weather warnings (기상특보): their kinds and levels, what is held, and what is in force.

KMA's rows are held as KMA wrote them (Korean kind and level, its command); the codes and
texts served are derived when a document is made, so a new kind or level needs no change to
held state. The rules (docs/kma.md, "Weather warnings") are pure functions of the rows and
the moment asked about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Final

from ticker.core.held import FeedState, HeldModel, KstTime


class WarningType(StrEnum):
    """Stable codes of the warning kinds; ``other`` keeps KMA's Korean text beside it."""

    WIND = "wind"
    HEAVY_RAIN = "heavy_rain"
    COLD_WAVE = "cold_wave"
    DRY = "dry"
    STORM_SURGE = "storm_surge"
    TSUNAMI = "tsunami"
    HIGH_SEAS = "high_seas"
    TYPHOON = "typhoon"
    HEAVY_SNOW = "heavy_snow"
    YELLOW_DUST = "yellow_dust"
    HEAT_WAVE = "heat_wave"
    FOG = "fog"
    TROPICAL_NIGHT = "tropical_night"
    OTHER = "other"


class WarningLevel(StrEnum):
    """Stable codes of the levels, least severe first; ``unknown`` keeps KMA's text."""

    UNKNOWN = "unknown"
    ADVISORY = "advisory"
    WARNING = "warning"
    SEVERE = "severe"


class WarningStatus(StrEnum):
    """In force now, or announced for later (a preliminary one, or a later effective time)."""

    IN_FORCE = "in_force"
    UPCOMING = "upcoming"


# KMA's WRN text -> code; the names shown are TYPE_TEXT's (Korean: KMA's own word).
TYPES: Final[dict[str, WarningType]] = {
    "강풍": WarningType.WIND, "호우": WarningType.HEAVY_RAIN, "한파": WarningType.COLD_WAVE,
    "건조": WarningType.DRY, "해일": WarningType.STORM_SURGE,
    "폭풍해일": WarningType.STORM_SURGE, "지진해일": WarningType.TSUNAMI,
    "풍랑": WarningType.HIGH_SEAS, "태풍": WarningType.TYPHOON, "대설": WarningType.HEAVY_SNOW,
    "황사": WarningType.YELLOW_DUST, "폭염": WarningType.HEAT_WAVE, "안개": WarningType.FOG,
    "열대야": WarningType.TROPICAL_NIGHT,
}
# Each known kind's name in the other languages: Japanese in JMA's words (大雨, 波浪, 高潮),
# Chinese in CMA's (暴雨, 寒潮, 大雾). Korean keeps KMA's word as sent (해일 or 폭풍해일).
TYPE_TEXT: Final[dict[str, dict[WarningType, str]]] = {
    "en": {WarningType.WIND: "Wind", WarningType.HEAVY_RAIN: "Heavy rain",
           WarningType.COLD_WAVE: "Cold wave", WarningType.DRY: "Dry weather",
           WarningType.STORM_SURGE: "Storm surge", WarningType.TSUNAMI: "Tsunami",
           WarningType.HIGH_SEAS: "High seas", WarningType.TYPHOON: "Typhoon",
           WarningType.HEAVY_SNOW: "Heavy snow", WarningType.YELLOW_DUST: "Yellow dust",
           WarningType.HEAT_WAVE: "Heat wave", WarningType.FOG: "Fog",
           WarningType.TROPICAL_NIGHT: "Tropical night"},
    "ja": {WarningType.WIND: "強風", WarningType.HEAVY_RAIN: "大雨",
           WarningType.COLD_WAVE: "寒波", WarningType.DRY: "乾燥",
           WarningType.STORM_SURGE: "高潮", WarningType.TSUNAMI: "津波",
           WarningType.HIGH_SEAS: "波浪", WarningType.TYPHOON: "台風",
           WarningType.HEAVY_SNOW: "大雪", WarningType.YELLOW_DUST: "黄砂",
           WarningType.HEAT_WAVE: "猛暑", WarningType.FOG: "濃霧",
           WarningType.TROPICAL_NIGHT: "熱帯夜"},
    "zh": {WarningType.WIND: "大风", WarningType.HEAVY_RAIN: "暴雨",
           WarningType.COLD_WAVE: "寒潮", WarningType.DRY: "干燥",
           WarningType.STORM_SURGE: "风暴潮", WarningType.TSUNAMI: "海啸",
           WarningType.HIGH_SEAS: "海浪", WarningType.TYPHOON: "台风",
           WarningType.HEAVY_SNOW: "暴雪", WarningType.YELLOW_DUST: "黄沙",
           WarningType.HEAT_WAVE: "高温", WarningType.FOG: "大雾",
           WarningType.TROPICAL_NIGHT: "热带夜"},
}
# KMA's LVL text -> code; the texts shown are KMA's own words for the level, and in Japanese
# and Chinese those words' hanja (注意報/注意报, 警報/警报, 重大警報/重大警报).
LEVELS: Final[dict[str, WarningLevel]] = {
    "주의": WarningLevel.ADVISORY, "주의보": WarningLevel.ADVISORY,
    "경보": WarningLevel.WARNING, "중대경보": WarningLevel.SEVERE,
}
LEVEL_TEXT: Final[dict[str, dict[WarningLevel, str]]] = {
    "ko": {WarningLevel.ADVISORY: "주의보", WarningLevel.WARNING: "경보",
           WarningLevel.SEVERE: "중대경보"},
    "en": {WarningLevel.ADVISORY: "advisory", WarningLevel.WARNING: "warning",
           WarningLevel.SEVERE: "severe warning"},
    "ja": {WarningLevel.ADVISORY: "注意報", WarningLevel.WARNING: "警報",
           WarningLevel.SEVERE: "重大警報"},
    "zh": {WarningLevel.ADVISORY: "注意报", WarningLevel.WARNING: "警报",
           WarningLevel.SEVERE: "重大警报"},
}
# 예비특보: an announcement that a warning of this kind is expected; never in force itself.
PRELIMINARY: Final = "예비"
PRELIMINARY_TEXT: Final = {"ko": "예비특보", "en": "preliminary", "ja": "予備特報",
                           "zh": "预备特报"}
# A warning's whole name: kind and level joined by this (한파주의보, "Cold wave advisory").
TITLE_JOIN: Final = {"ko": "", "en": " ", "ja": "", "zh": ""}
# Every lifting command (해제, 대치해제, 변경해제) contains this.
LIFTED: Final = "해제"
# Marine zones' ids start with this: no observing station is in one.
MARINE_PREFIX: Final = "S"


class HeldWarning(HeldModel):
    """One warning row as KMA issued it: zone, kind, level and command in its own words."""

    zone_id: str
    zone: str
    kind: str
    level: str
    command: str
    issued_at: KstTime
    effective_at: KstTime

    @property
    def type(self) -> WarningType:
        """The kind's stable code (``other`` for a kind we do not know)."""
        return TYPES.get(self.kind, WarningType.OTHER)

    @property
    def level_code(self) -> WarningLevel:
        """The level's stable code (``unknown`` for 예비 and any level we do not know)."""
        return LEVELS.get(self.level, WarningLevel.UNKNOWN)

    @property
    def lifted(self) -> bool:
        """Whether this row lifts the warning rather than issuing it."""
        return LIFTED in self.command

    @property
    def marine(self) -> bool:
        """Whether the zone is at sea."""
        return self.zone_id.startswith(MARINE_PREFIX)


class WarningsState(FeedState):
    """The warnings feed's part of the snapshot: the rows that can matter, as last fetched."""

    warnings: tuple[HeldWarning, ...]


def type_text(warning: HeldWarning, lang: str) -> str:
    """The kind as shown: KMA's word in Korean, our name in another language (KMA's word for
    a kind this version does not know)."""
    known = TYPES.get(warning.kind)
    if lang == "ko" or known is None:
        return warning.kind
    return TYPE_TEXT[lang][known]


def level_text(warning: HeldWarning, lang: str) -> str:
    """The level as shown: 주의보, 경보, 중대경보, 예비특보 (KMA's word if unknown)."""
    if warning.level == PRELIMINARY:
        return PRELIMINARY_TEXT[lang]
    texts = LEVEL_TEXT[lang]
    return texts.get(warning.level_code, warning.level)


def title(warning: HeldWarning, lang: str) -> str:
    """The whole name, as a badge shows it: 한파주의보, or "Cold wave advisory"."""
    return title_of(type_text(warning, lang), level_text(warning, lang), lang)


def title_of(kind_text: str, level_name: str, lang: str) -> str:
    """The whole name from the texts a document carries (``type_text``, ``level_text``)."""
    return kind_text + TITLE_JOIN[lang] + level_name


def kept_rows(rows: Iterable[HeldWarning]) -> tuple[HeldWarning, ...]:
    """The rows worth holding: per zone and kind, the newest issued and the one before it
    (still in force until the newest takes effect). Zone, then kind, then issue order."""
    groups = _groups(rows)
    kept: list[HeldWarning] = []
    for key in sorted(groups):
        kept.extend(groups[key][-2:])
    return tuple(kept)


def _groups(rows: Iterable[HeldWarning]) -> dict[tuple[str, str], list[HeldWarning]]:
    """The rows per zone and kind in issue order, without a lifting issued together with its
    replacement (대치해제 beside 대치, 변경해제 beside 변경): the replacement already says
    when the old one ends, and the two share an issue time, so their order would decide."""
    groups: dict[tuple[str, str], list[HeldWarning]] = {}
    for row in sorted(rows, key=lambda row: row.issued_at):
        groups.setdefault((row.zone_id, row.kind), []).append(row)
    for key, group in groups.items():
        replaced = {row.issued_at for row in group if not row.lifted}
        groups[key] = [row for row in group if not (row.lifted and row.issued_at in replaced)]
    return groups


def _in_force(row: HeldWarning, now: datetime) -> bool:
    return not row.lifted and row.level != PRELIMINARY and row.effective_at <= now


def current(rows: Sequence[HeldWarning], now: datetime
            ) -> tuple[tuple[HeldWarning, WarningStatus], ...]:
    """Every warning in force or upcoming at ``now``, most severe first.

    Per zone and kind only the newest issued row counts, but a row that is not yet effective
    leaves the one before it in force until it is: an upgrade (대치) announced for 11:00 keeps
    the advisory until 11:00, a lifting (해제) announced for later lifts it then, and a
    preliminary one (예비) ends nothing.
    """
    found: list[tuple[HeldWarning, WarningStatus]] = []
    for group in _groups(rows).values():
        newest = group[-1]
        if _in_force(newest, now):
            found.append((newest, WarningStatus.IN_FORCE))
            continue
        if not newest.lifted:
            found.append((newest, WarningStatus.UPCOMING))
        # A preliminary one announces, a later effective time waits: neither ends the last.
        not_yet = newest.level == PRELIMINARY or newest.effective_at > now
        if len(group) > 1 and not_yet and _in_force(group[-2], now):
            found.append((group[-2], WarningStatus.IN_FORCE))
    return tuple(sorted(found, key=_display_order))


def _display_order(item: tuple[HeldWarning, WarningStatus]) -> tuple[object, ...]:
    warning, status = item
    return (status != WarningStatus.IN_FORCE, -list(WarningLevel).index(warning.level_code),
            warning.zone_id, warning.kind, warning.issued_at)


def in_force_in(zone_id: str, rows: Sequence[HeldWarning], now: datetime
                ) -> tuple[HeldWarning, ...]:
    """The warnings in force in one zone at ``now``, most severe first."""
    return tuple(warning for warning, status in current(rows, now)
                 if status is WarningStatus.IN_FORCE and warning.zone_id == zone_id)


def next_change(rows: Sequence[HeldWarning], now: datetime) -> datetime | None:
    """The first moment after ``now`` at which a held row takes effect (None: no such row)."""
    return min((row.effective_at for row in rows if row.effective_at > now), default=None)
