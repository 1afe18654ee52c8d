"""The forecast's public documents: a station's today and tomorrow (``forecast`` of a city).

Part of the JSON API v1 contract beside ``core.documents``; field order is the order on the
wire. Unknown is null: the whole object when the feed never stored, holds the other kind of
data, has no cell for the station or the cell's newest issuance is past its limit
(``Freshness.forecast_of``/``forecast_fresh``); a single value when the forecast lacks it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import Field

from ticker.core.catalogue import Station
from ticker.core.conditions import Condition, condition_label
from ticker.core.document_model import DocumentModel
from ticker.core.forecast import CellForecast, cell_key, day_view
from ticker.core.freshness import Freshness
from ticker.core.kst import kst_day
from ticker.core.observations import Snapshot


class ForecastDayDocument(DocumentModel):
    """One day of a station's forecast (KMA's short-term forecast, 단기예보)."""

    min_c: float | None = Field(description="The day's forecast low (TMN) in ℃; null when "
                                            "no issuance held carries it")
    max_c: float | None = Field(description="The day's forecast high (TMX) in ℃; null when "
                                            "no issuance held carries it")
    pop_pct: int | None = Field(description="The highest chance of precipitation (POP, %) "
                                            "of the day's forecast hours; today: of the "
                                            "hours still ahead, the hour under way included")
    condition_am: Condition | None = Field(description="The condition at 09:00: rain, "
                                                       "sleet, snow, shower, else clear, "
                                                       "mostly_cloudy, overcast; null when "
                                                       "not forecast")
    condition_am_text: str | None = Field(description="condition_am in the requested "
                                                      "language")
    condition_pm: Condition | None = Field(description="The condition at 15:00, as "
                                                       "condition_am")
    condition_pm_text: str | None = Field(description="condition_pm in the requested "
                                                      "language")


class ForecastDocument(DocumentModel):
    """A station's forecast for today and tomorrow (KST), from its grid cell."""

    issued_at: datetime = Field(description="The newest issuance held for the station's "
                                            "grid cell (KST)")
    today: ForecastDayDocument
    tomorrow: ForecastDayDocument


def _condition(code: str | None) -> Condition | None:
    # A code this version does not know (a newer one wrote it) is shown as not forecast.
    if code is None or code not in Condition._value2member_map_:
        return None
    return Condition(code)


def _text(condition: Condition | None, lang: str) -> str | None:
    return None if condition is None else condition_label(condition, lang)


def day_document(cell: CellForecast, moment: datetime, days_ahead: int, lang: str
                 ) -> ForecastDayDocument:
    """One day (0 today, 1 tomorrow) of a cell as of ``moment``, texts in ``lang``."""
    view = day_view(cell, kst_day(moment) + timedelta(days=days_ahead), moment)
    am, pm = _condition(view.am), _condition(view.pm)
    return ForecastDayDocument(
        min_c=view.min_c, max_c=view.max_c, pop_pct=view.pop_pct,
        condition_am=am, condition_am_text=_text(am, lang),
        condition_pm=pm, condition_pm_text=_text(pm, lang))


def station_forecast(snapshot: Snapshot, station: Station, lang: str, now: datetime,
                     freshness: Freshness) -> ForecastDocument | None:
    """The station's forecast document, or None when unknown."""
    shown = freshness.forecast_of(snapshot, now)
    if shown is None:
        return None
    state, moment = shown
    cell = state.cells.get(cell_key(station.nx, station.ny))
    if cell is None or not freshness.forecast_fresh(cell.issued_at, moment, state.sample):
        return None
    return ForecastDocument(issued_at=cell.issued_at,
                            today=day_document(cell, moment, 0, lang),
                            tomorrow=day_document(cell, moment, 1, lang))
