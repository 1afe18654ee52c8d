"""Korean time: the one fixed offset, and the hours and days the upstreams count in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

# Korea has had no daylight saving time since 1988, so a fixed offset is exact and needs
# no tz database on the host.
KST = timezone(timedelta(hours=9), "KST")


def hour_of(moment: datetime) -> datetime:
    """The KST hour that contains ``moment``."""
    return moment.astimezone(KST).replace(minute=0, second=0, microsecond=0)


def kst_day(now: datetime) -> date:
    """The KST calendar day of ``now``: the portals' quota day."""
    return now.astimezone(KST).date()


def next_midnight(now: datetime) -> datetime:
    """The next midnight KST after ``now``, when daily quotas reset."""
    return datetime.combine(kst_day(now) + timedelta(days=1), time(0), tzinfo=KST)


def now_kst() -> datetime:
    """The wall clock in KST."""
    return datetime.now(KST)
