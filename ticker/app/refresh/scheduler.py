"""The refresh jobs on an APScheduler BackgroundScheduler; built here, started only by the CLI.

Timing: ASOS hour H appears in the API Hub some minutes after H:00 (docs/kma.md, "Time
semantics and availability" suggests H:10). The job fires at H:publish_minute and then every
retry_every_minutes within the hour; each firing refreshes only while some city lacks hour H,
so once the hour is complete the job rests until the next one. A small jitter keeps many
deployments from hitting KMA at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ticker.app.refresh.feed_refresher import FeedRefresher
from ticker.app.refresh.refresher import NextRefresh, Refresher
from ticker.app.refresh.settings import ScheduleSettings
from ticker.core.kst import KST, hour_of

JOB_ID = "ticker-refresh"
FEED_JOB_PREFIX = "ticker-feed-"


def refresh_trigger(schedule: ScheduleSettings) -> BaseTrigger:
    """The trigger for the refresh job: aligned to publication, or a fixed interval."""
    jitter = int(schedule.jitter_seconds) or None
    if schedule.interval_seconds is not None:
        return IntervalTrigger(seconds=schedule.interval_seconds, jitter=jitter, timezone=KST)
    minutes = f"{schedule.publish_minute}-59/{schedule.retry_every_minutes}"
    return CronTrigger(minute=minutes, timezone=KST, jitter=jitter)


def next_refresh_estimate(schedule: ScheduleSettings) -> NextRefresh:
    """When the data may change next: the next run, or the next hour's first when complete.

    Stored with each snapshot, so web nodes set Cache-Control without knowing the schedule.
    """
    trigger = refresh_trigger(schedule.model_copy(update={"jitter_seconds": 0}))
    aligned = schedule.interval_seconds is None

    def estimate(now: datetime, complete: bool) -> datetime | None:
        # A complete hour rests until the next hour's publication (runs before it skip).
        start = hour_of(now) + timedelta(hours=1) if aligned and complete else now
        fire: datetime | None = trigger.get_next_fire_time(None, start)  # APScheduler is untyped
        return fire

    return estimate


def build_scheduler(refresher: Refresher, schedule: ScheduleSettings,
                    first_run: datetime | None = None,
                    lead: Callable[[Callable[[], object]], Callable[[], object]] = lambda job: job,
                    feeds: Sequence[FeedRefresher] = ()) -> BackgroundScheduler:
    """A scheduler holding the observations' refresh job and one job per other feed, each
    with a first run at start; not yet started."""
    scheduler = BackgroundScheduler(timezone=KST)
    # A fixed cadence refreshes on every run; the aligned one only while the hour is incomplete.
    job: Callable[[], object] = (refresher.run if schedule.interval_seconds is not None
                                  else refresher.run_if_due)
    # With a shared store, only the worker holding the lease runs the job (ticker.app.compose).
    job = lead(job)
    scheduler.add_job(
        job,
        trigger=refresh_trigger(schedule),
        id=JOB_ID,
        name="refresh the snapshot from KMA",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=schedule.misfire_grace_seconds,
        next_run_time=first_run or datetime.now(KST),
        replace_existing=True,
    )
    jitter = int(schedule.jitter_seconds) or None
    for feed in feeds:
        # Its own job: a slow or failing feed never delays the observations or another feed.
        scheduler.add_job(
            lead(feed.run), trigger=IntervalTrigger(seconds=feed.every.total_seconds(),
                                                    jitter=jitter, timezone=KST),
            id=f"{FEED_JOB_PREFIX}{feed.feed.name}", name=f"refresh the {feed.feed.name} feed",
            max_instances=1, coalesce=True, misfire_grace_time=schedule.misfire_grace_seconds,
            next_run_time=first_run or datetime.now(KST), replace_existing=True)
    return scheduler
