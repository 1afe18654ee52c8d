"""The short-term forecast feed: today's and tomorrow's low, high, chance of rain and sky for
every grid cell of the watched stations, from data.go.kr getVilageFcst.

One issuance per cell is asked when a newer one than held is out (02, 05, … 23 h KST plus the
available minute); a value a newer issuance lacks is kept from the one before (today's low
after 02:00, today's high after 15:00), and asked of today's 02:00 or last pre-15:00
issuance when no issuance held carries it (a service started in the evening).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import (
    BudgetSpentError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    RetryLaterError,
    UpstreamError,
)
from ticker.core.forecast import (
    ISSUANCE_STEP,
    CellForecast,
    ForecastState,
    cell_key,
    latest_issuance,
    merge_issuance,
    today_issuance,
)
from ticker.core.held import FeedState
from ticker.core.kst import kst_day
from ticker.upstream.datagokr.client import MAX_STEP_BACK
from ticker.upstream.datagokr.envelope import Document
from ticker.upstream.datagokr.forecast import fetch_pages, parse_vilage_fcst
from ticker.upstream.sample import load_sample_forecast

log = logging.getLogger(__name__)

# (nx, ny, issuance, page) -> one judged page of getVilageFcst
FetchPage = Callable[[int, int, datetime, int], Document]
# Pages one issuance of one cell costs (five days: about 1,400 rows of 1000 a page).
PAGES_PER_ISSUANCE = 2
# The issuance that carries today's low reliably, and the last one that carries today's high.
LOW_HOUR = 2
LAST_HIGH_HOUR = 14
# Failures after which every further call this run would fail the same way.
_STOP = (QuotaError, RejectedKeyError, RetryLaterError, BudgetSpentError)


class ForecastFeed:
    """Each watched grid cell's forecast, built on the cells held."""

    name = "forecast"
    part = "forecast"

    def __init__(self, fetch_page: FetchPage, available_minute: int = 10,
                 sample: bool = False, recorded_at: datetime | None = None) -> None:
        self._fetch_page = fetch_page
        # The publication minute is an unverified upstream fact (docs/kma.md), so a setting.
        self._minute = available_minute
        self.sample = sample
        # A recording is served as of the moment it was made.
        self._recorded_at = recorded_at
        self.calls_per_run = PAGES_PER_ISSUANCE
        # Until the first run of this process every held cell is checked once, and after a
        # run that left a cell behind the next run tries it again.
        self._behind = True

    def due(self, held: FeedState | None, now: datetime) -> bool:
        """True when a cell lags the newest issuance out, or a cell was left behind."""
        if not isinstance(held, ForecastState) or held.sample != self.sample or self._behind:
            return True
        if self.sample:
            return False  # a recording never changes
        latest = latest_issuance(now, self._minute)
        return any(cell.issued_at < latest for cell in held.cells.values())

    def fetch(self, stations: Sequence[Station], now: datetime, held: FeedState | None
              ) -> ForecastState:
        """Every cell of ``stations`` updated where it can be; a cell whose calls fail keeps
        what was held. Raises when no cell could be brought up to date."""
        if self.sample and self._recorded_at is not None:
            now = self._recorded_at
        cells_held = (held.cells if isinstance(held, ForecastState)
                      and held.sample == self.sample else {})
        keys = {cell_key(s.nx, s.ny): (s.nx, s.ny) for s in stations}
        self.calls_per_run = PAGES_PER_ISSUANCE * max(len(keys), 1)
        cells: dict[str, CellForecast] = {}
        failure: UpstreamError | None = None
        updated = 0
        for key, (nx, ny) in keys.items():
            before = cells_held.get(key)
            if failure is not None and isinstance(failure, _STOP):
                if before is not None:
                    cells[key] = before
                continue
            try:
                cells[key] = self._cell(nx, ny, now, before)
                updated += 1
            except UpstreamError as error:
                failure = error
                if before is not None:
                    cells[key] = before
                if not isinstance(error, _STOP):
                    log.warning("forecast: grid %s kept as held (%s): %s", key,
                                error.failure_class, error)
        self._behind = failure is not None
        if failure is not None and not updated:
            raise failure
        return ForecastState(sample=self.sample, updated_at=now.replace(microsecond=0),
                             cells=cells)

    def _cell(self, nx: int, ny: int, now: datetime, held: CellForecast | None
              ) -> CellForecast:
        latest = latest_issuance(now, self._minute)
        today = kst_day(now)
        asked: set[datetime] = set()
        cell = held
        if cell is None or cell.issued_at < latest:
            rows = self._newest_rows(nx, ny, latest, None if cell is None else cell.issued_at)
            if rows is not None:
                issued_at, days = parse_vilage_fcst(rows)
                asked.add(issued_at)
                cell = merge_issuance(cell, issued_at, days, today)
        if cell is None:
            raise NoDataError(f"getVilageFcst has no issuance for grid {nx},{ny}")
        day = cell.days.get(today)
        # The values no later issuance carries: asked of the last issuance that does.
        wanted = []
        if day is None or day.min_c is None:
            wanted.append(today_issuance(now, LOW_HOUR))
        if day is None or day.max_c is None:
            wanted.append(min(today_issuance(now, LAST_HIGH_HOUR), latest))
        for base in wanted:
            if base <= latest and base not in asked:
                asked.add(base)
                issued_at, days = parse_vilage_fcst(self._rows(nx, ny, base))
                cell = merge_issuance(cell, issued_at, days, today)
        return cell

    def _rows(self, nx: int, ny: int, base: datetime) -> list[Document]:
        """Every row of the issuance of ``base`` for one cell, page by page."""
        return fetch_pages(lambda page: self._fetch_page(nx, ny, base, page))

    def _newest_rows(self, nx: int, ny: int, latest: datetime, held_at: datetime | None
                     ) -> list[Document] | None:
        """The rows of the newest issuance published, from ``latest`` back one at a time;
        None when none is newer than the one held (``held_at``)."""
        for step in range(MAX_STEP_BACK + 1):
            base = latest - step * ISSUANCE_STEP
            if held_at is not None and base <= held_at:
                return None  # what is held is the newest out: nothing to fetch again
            try:
                return self._rows(nx, ny, base)
            except NoDataError:
                continue  # 03 NO_DATA, or no items: not published yet
        raise NoDataError(f"getVilageFcst has no data for {latest:%Y-%m-%d %H:%M} nor the "
                          f"{MAX_STEP_BACK} issuances before it")


def sample_forecast_feed() -> ForecastFeed:
    """The forecast of the bundled recording, shown as of the moment it was made."""
    recorded_at, issuances = load_sample_forecast()
    return ForecastFeed(recorded_pages(issuances), sample=True, recorded_at=recorded_at)


def recorded_pages(recording: dict[str, Document]) -> FetchPage:
    """A FetchPage answering each cell's recorded issuance (one page), whatever is asked."""

    def fetch_page(nx: int, ny: int, base: datetime, page: int) -> Document:
        document = recording.get(cell_key(nx, ny))
        if document is None:
            raise NoDataError(f"the forecast recording has no grid {nx},{ny}")
        return document

    return fetch_page

