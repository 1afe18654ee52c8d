"""The widget's 24-hour sparkline: an SVG path and a text alternative from a station's hours.

Pure and dependency-free: a small path in a fixed box, the current hour at the right edge and
one step per hour to the left, so a missing hour is a visible break, never a drawn guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from ticker.core.documents import HourDocument
from ticker.core.kst import hour_of

WIDTH = 46  # 23 steps of 2: the current hour and the 23 before it
HEIGHT = 14
STEP = 2
PAD = 1.5  # keeps the stroke inside the box at the extremes
HOURS = WIDTH // STEP + 1
GAP = "—"
LABELS = {"ko": "{name} 최근 24시간 기온(℃), {hour}부터 1시간마다: {values}",
          "en": "{name}, temperature over 24 hours (℃), hourly from {hour}: {values}",
          "ja": "{name} 過去24時間の気温(℃)、{hour}から1時間ごと: {values}",
          "zh": "{name} 过去24小时气温(℃)，{hour}起每小时: {values}"}
HOUR_TEXT = {"ko": "{:%H}시", "en": "{:%H}:00", "ja": "{:%H}時", "zh": "{:%H}时"}


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
    return HOUR_TEXT[lang].format(moment)


def _segments(placed: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive hours: a missing hour starts a new run."""
    runs: list[list[tuple[int, float]]] = []
    for slot, value in placed:
        if runs and runs[-1][-1][0] == slot - 1:
            runs[-1].append((slot, value))
        else:
            runs.append([(slot, value)])
    return runs


def _path(placed: list[tuple[int, float]]) -> str:
    low, high = min(v for _, v in placed), max(v for _, v in placed)
    span = high - low

    def point(slot: int, value: float) -> str:
        # Warmer is higher; a flat day is a line across the middle.
        y = HEIGHT / 2 if span == 0 else PAD + (high - value) / span * (HEIGHT - 2 * PAD)
        return f"{slot * STEP} {_number(y)}"

    path = []
    for run in _segments(placed):
        path.append("M" + point(*run[0]) + "".join("L" + point(*p) for p in run[1:]))
        if len(run) == 1:
            path.append("h0")  # a lone hour: a zero-length line with round caps is a dot
    return "".join(path)


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
    first_slot = placed[0][0]
    by_slot = dict(placed)
    # Every hour from the first reading to the end, a missing one said as such.
    values = ", ".join(f"{by_slot[s]:.1f}" if s in by_slot else GAP
                       for s in range(first_slot, HOURS))
    first_hour = end - timedelta(hours=HOURS - 1 - first_slot)
    label = LABELS[lang].format(name=name, hour=_hour_text(first_hour, lang), values=values)
    return Sparkline(path=_path(placed), label=label)
