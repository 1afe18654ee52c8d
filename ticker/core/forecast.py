"""The short-term forecast (단기예보) as held: per grid cell and KST day, each value from the
latest issuance that carries it.

KMA sends a day's low (TMN, the 06:00 value) only in issuances well before 06:00 and its
high (TMX, the 15:00 value) only in issuances before 15:00 (docs/kma.md, "Short-term
forecast"), so a newer issuance that lacks a value never erases it, and every value is keyed
by its own forecast date: today's slot is never filled with tomorrow's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, Field

from ticker.core import plausible
from ticker.core.held import FeedState, HeldModel, KstTime
from ticker.core.kst import KST, kst_day

# KMA's issuance hours (KST); each is published some minutes later.
ISSUANCE_HOURS = (2, 5, 8, 11, 14, 17, 20, 23)
ISSUANCE_STEP = timedelta(hours=3)
# The hours whose sky the morning and afternoon conditions are.
AM_HOUR = 9
PM_HOUR = 15
# Days held from the newest issuance: today, tomorrow, and the day after (tomorrow once the
# date turns before the 02:00 issuance is out).
DAYS_KEPT = 3

HeldTemperature = Annotated[float | None, AfterValidator(plausible.temperature)]


class DayForecast(HeldModel):
    """One grid cell's forecast for one KST day (every value optional).

    ``min_issued_at``/``max_issued_at``/``hours_issued_at`` say which issuance each kind of
    value came from, so an older issuance fetched later fills gaps only.
    """

    min_c: HeldTemperature = None
    min_issued_at: KstTime | None = None
    max_c: HeldTemperature = None
    max_issued_at: KstTime | None = None
    # Forecast hour (0–23) -> chance of precipitation, %.
    pop_pct: dict[int, int] = Field(default_factory=dict)
    # Condition codes (``Condition`` values) at 09:00 and 15:00; held as text so a code a
    # newer version adds reads back as unknown here rather than failing the snapshot.
    am: str | None = None
    pm: str | None = None
    hours_issued_at: KstTime | None = None


class CellForecast(HeldModel):
    """One grid cell: the newest issuance merged, and its days by date."""

    issued_at: KstTime
    days: dict[date, DayForecast]


class ForecastState(FeedState):
    """The forecast feed's part of the snapshot: each watched grid cell (``cell_key``)."""

    cells: dict[str, CellForecast]


def cell_key(nx: int, ny: int) -> str:
    """The key of grid cell (nx, ny) in ``ForecastState.cells``."""
    return f"{nx},{ny}"


def latest_issuance(now: datetime, available_minute: int = 10) -> datetime:
    """The newest issuance published at ``now``: 02, 05, … 23 h KST plus the minute."""
    local = now.astimezone(KST) - timedelta(minutes=available_minute)
    base = local.replace(minute=0, second=0, microsecond=0)
    while base.hour not in ISSUANCE_HOURS:
        base -= timedelta(hours=1)
    return base


def today_issuance(now: datetime, hour: int) -> datetime:
    """Today's (KST) issuance of ``hour`` o'clock."""
    local = now.astimezone(KST)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def _newer(issued_at: datetime, held_at: datetime | None) -> bool:
    return held_at is None or issued_at >= held_at


def merge_day(held: DayForecast, new: DayForecast, issued_at: datetime) -> DayForecast:
    """``held`` with what the issuance of ``issued_at`` says of the same day: each value from
    the later issuance of the two that carries it."""
    values: dict[str, object] = held.model_dump()
    for kind in ("min", "max"):
        value = getattr(new, f"{kind}_c")
        if value is not None and _newer(issued_at, getattr(held, f"{kind}_issued_at")):
            values[f"{kind}_c"], values[f"{kind}_issued_at"] = value, issued_at
    if new.pop_pct or new.am is not None or new.pm is not None:
        if _newer(issued_at, held.hours_issued_at):
            values.update(pop_pct={**held.pop_pct, **new.pop_pct}, am=new.am or held.am,
                          pm=new.pm or held.pm, hours_issued_at=issued_at)
        else:  # an older issuance: only the hours the newer ones lack
            values.update(pop_pct={**new.pop_pct, **held.pop_pct}, am=held.am or new.am,
                          pm=held.pm or new.pm)
    return DayForecast.model_validate(values)


def merge_issuance(held: CellForecast | None, issued_at: datetime,
                   days: Mapping[date, DayForecast], today: date) -> CellForecast:
    """A cell with one more issuance merged in; days before ``today`` and beyond the kept
    ones are dropped."""
    merged = dict(held.days) if held is not None else {}
    for day, values in days.items():
        merged[day] = merge_day(merged.get(day, DayForecast()), values, issued_at)
    kept = {day: values for day, values in sorted(merged.items())
            if today <= day < today + timedelta(days=DAYS_KEPT)}
    newest = issued_at if held is None else max(held.issued_at, issued_at)
    return CellForecast(issued_at=newest, days=kept)


class DayView(HeldModel):
    """What a document shows of one day: low, high, chance of rain, morning and afternoon."""

    min_c: float | None
    max_c: float | None
    pop_pct: int | None
    am: str | None
    pm: str | None


def day_view(cell: CellForecast, day: date, now: datetime) -> DayView:
    """One day of a cell as of ``now``: today's chance of rain over the hours still ahead
    (the hour under way included), another day's over all its hours."""
    held = cell.days.get(day, DayForecast())
    first_hour = now.astimezone(KST).hour if day == kst_day(now) else 0
    ahead = [pct for hour, pct in held.pop_pct.items() if hour >= first_hour]
    return DayView(min_c=held.min_c, max_c=held.max_c, pop_pct=max(ahead, default=None),
                   am=held.am, pm=held.pm)
