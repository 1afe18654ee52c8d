"""The widget's 24-hour sparkline: an SVG path and a text alternative from a station's hours.

Pure and dependency-free: a small path in a fixed box, the current hour at the right edge and
one step per hour to the left, so a missing hour is a visible break, never a drawn guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ticker.core.documents import HourDocument
from ticker.core.kst import hour_of

WIDTH = 46  # 23 steps of 2: the current hour and the 23 before it
HEIGHT = 14
STEP = 2
PAD = 1.5  # keeps the stroke inside the box at the extremes
HOURS = WIDTH // STEP + 1
GAP = "—"
LABELS = {"ko": "{name} 최근 24시간 기온(℃), {hour}부터 1시간마다: {values}",
          "en": "{name}, temperature over 24 hours (℃), hourly from {hour}: {values}"}


@dataclass(frozen=True)
class Sparkline:
    """An SVG path in a WIDTH×HEIGHT box and the sentence a screen reader hears instead."""

    path: str
    label: str


def _number(value: float) -> str:
    return f"{round(value, 1):g}"


def _hours_between(earlier: datetime, later: datetime) -> int:
    return round((later - earlier).total_seconds() / 3600)


def _hour_text(moment: datetime, lang: str) -> str:
    return f"{moment:%H}:00" if lang == "en" else f"{moment:%H}시"


def sparkline(hours: Sequence[HourDocument], name: str, lang: str,
              now: datetime | None = None) -> Sparkline | None:
    """The sparkline of ``hours`` (oldest first) ending at ``now``'s hour (None: at the newest
    reading, as for a recording), or None when no hour in reach has a temperature."""
    readings = [(h.observed_at, h.temperature_c) for h in hours if h.temperature_c is not None]
    if not readings:
        return None
    end = readings[-1][0] if now is None else hour_of(now)
    placed = [(HOURS - 1 - back, value) for moment, value in readings
              if 0 <= (back := _hours_between(moment, end)) < HOURS]
    if not placed:
        return None
    low, high = min(v for _, v in placed), max(v for _, v in placed)
    span = high - low

    def y(value: float) -> float:
        # Warmer is higher; a flat day is a line across the middle.
        return HEIGHT / 2 if span == 0 else PAD + (high - value) / span * (HEIGHT - 2 * PAD)

    commands = []
    previous = None
    for slot, value in placed:
        command = "L" if previous is not None and slot == previous + 1 else "M"
        commands.append(f"{command}{slot * STEP} {_number(y(value))}")
        previous = slot
    # A lone reading would draw nothing: a zero-length segment with round caps is a dot.
    path = "".join(f"{c}h0" if c[0] == "M" and (i + 1 == len(commands) or
                                                  commands[i + 1][0] == "M") else c
                   for i, c in enumerate(commands))
    first_slot = placed[0][0]
    by_slot = dict(placed)
    values = ", ".join(f"{by_slot[s]:.1f}" if s in by_slot else GAP
                       for s in range(first_slot, HOURS))
    first = next(moment for moment, _ in readings
                 if _hours_between(moment, end) == HOURS - 1 - first_slot)
    label = LABELS[lang].format(name=name, hour=_hour_text(first, lang), values=values)
    return Sparkline(path=path, label=label)
