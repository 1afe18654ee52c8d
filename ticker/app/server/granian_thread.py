"""Prepared routes answered in Granian's own Python thread, before any coroutine is made.

Granian hands each request to Python on its one Python thread, which makes a coroutine and
schedules it onto the event loop with ``call_soon_threadsafe``: a wake-up of the loop's
thread and a second handover of the GIL for every request. A prepared answer needs neither
(it never awaits), so the scheduler below answers it right there, and schedules only the
requests Flask must answer. Measured here, that is about a third less CPU per request.

This hooks Granian's internal scheduler (``granian.server.embed._new_cbscheduler``), which is
not a public API: when its names are not there, ``serve`` logs that and every request goes
through the event loop as Granian intends, correct and only slower.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

log = logging.getLogger("ticker")

# Answers a request's scope at once through its protocol; False when it must be scheduled.
AnswerNow = Callable[[Any, Any], bool]
Schedule = Callable[[Any], None]


def answer_first(answer: AnswerNow, later: Schedule) -> Schedule:
    """A schedule function that answers what ``answer`` can and hands the rest to ``later``."""

    def schedule(watcher: Any) -> None:
        try:
            if answer(watcher.scope, watcher.proto):
                return
        except Exception:
            # Granian ignores what its schedule function raises, and the request would hang:
            # the coroutine path answers again and reports its error (a 500) the usual way.
            log.exception("answering a prepared route failed; retrying on the event loop")
        later(watcher)

    return schedule


def _scheduler_factory(answer: AnswerNow) -> Callable[..., Any] | None:
    """A replacement for Granian's scheduler factory, or None when Granian has no such hook."""
    try:
        from asyncio.tasks import _enter_task, _leave_task

        from granian import _futures
    except ImportError:
        return None
    names = ("_CBScheduler", "_CBSchedulerAIO", "_CBSchedulerTask", "_cbsched_schedule",
             "_cbsched_aioschedule")
    if not all(hasattr(_futures, name) for name in names):
        return None

    # Granian's classes set their schedule function in __init__, and it can be set only once.
    class Scheduler(_futures._CBScheduler):
        __slots__: list[str] = []

        def __init__(self, *args: Any) -> None:
            pass

    class SchedulerAsyncio(_futures._CBSchedulerAIO):
        __slots__: list[str] = []

        def __init__(self, *args: Any) -> None:
            pass

    def new_scheduler(loop: Any, callback: Any, impl_asyncio: bool = False) -> Any:
        enter, leave = partial(_enter_task, loop), partial(_leave_task, loop)
        scheduler: Scheduler | SchedulerAsyncio
        if impl_asyncio:
            scheduler = SchedulerAsyncio(loop, callback, None, enter, leave)
            later = _futures._cbsched_aioschedule(loop, scheduler._ctx, callback)
        else:
            scheduler = Scheduler(loop, callback, _futures._CBSchedulerTask(), enter, leave)
            later = _futures._cbsched_schedule(loop, scheduler._ctx, scheduler._run, callback)
        scheduler._schedule_fn = answer_first(answer, later)
        return scheduler

    return new_scheduler


@contextmanager
def answering_in_granian_thread(answer: AnswerNow) -> Iterator[bool]:
    """While inside, embedded Granian servers answer with ``answer`` first; yields whether so."""
    from granian.server import embed

    factory = _scheduler_factory(answer)
    original = getattr(embed, "_new_cbscheduler", None)
    if factory is None or original is None:
        log.warning("this Granian has no scheduler hook: every request goes through the "
                    "event loop (correct, but about a third more CPU per request)")
        yield False
        return
    embed._new_cbscheduler = factory
    log.info("prepared routes are answered in Granian's thread, the rest on the event loop")
    try:
        yield True
    finally:
        embed._new_cbscheduler = original
