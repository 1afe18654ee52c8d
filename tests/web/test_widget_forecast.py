"""show=forecast in the widget: until 17:00 KST today's forecast low and high (☂ from 60%),
from 17:00 tomorrow's sky and low/high, after the low and high, within the page budget."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from support.day_history import NOW, STRIP, day_snapshot, with_day_forecast
from support.stations import CITIES
from support.widget_pages import (
    SHOW_BUDGET_BYTES,
    SHOW_BUDGET_GZIP_BYTES,
    STRIP_QUERY,
    client_for,
    full_day_everywhere,
    items_html,
)

from ticker.core.documents import weather_document
from ticker.core.freshness import Freshness
from ticker.web.widget.options import WidgetOptions
from ticker.web.widget.view import scroll_seconds, widget_view


def forecast_view(lang: str, now: datetime, issued_hour: int = 8) -> list[str | None]:
    snapshot = with_day_forecast(day_snapshot(), now, issued_hour)
    document = weather_document(snapshot, STRIP, lang, now, Freshness())
    options = WidgetOptions(cities=STRIP, lang=lang, show=("forecast",))
    return [item.forecast for item in widget_view(document, options, {}, now).items]


def test_until_1700_today_s_low_and_high_with_the_umbrella_from_60_percent() -> None:
    # Seoul: POP 70 still ahead; Busan: no low forecast; Jeju: no forecast; Gangneung: 40%.
    expected = ["(-12 / -3℃) ☂70%", "(— / 9℃)", "", "(4 / 13℃)"]
    assert forecast_view("ko", NOW) == forecast_view("en", NOW) == expected
    # At 16:59 the morning's 70% is past; the evening's 35% is no umbrella.
    late = NOW.replace(hour=16, minute=59)
    assert forecast_view("ko", late, 14)[0] == "(-12 / -3℃)"


def test_from_1700_tomorrow_s_sky_and_low_and_high() -> None:
    evening = NOW.replace(hour=17, minute=0)
    # Precipitation in the morning or afternoon names the day before the sky does.
    assert forecast_view("ko", evening, 14) == ["내일 눈 -14/-5℃", "내일 흐림 2/10℃", "",
                                                 "내일 맑음 1/8℃"]
    assert forecast_view("en", evening, 14) == ["Tomorrow snow -14/-5℃",
                                                 "Tomorrow overcast 2/10℃", "",
                                                 "Tomorrow clear 1/8℃"]


def test_the_page_shows_the_forecast_after_the_low_and_high(tmp_path: Path) -> None:
    client = client_for(with_day_forecast(day_snapshot()), tmp_path)
    html = client.get(f"/widget?{STRIP_QUERY}&show=trend,forecast,minmax").get_data(
        as_text=True)
    seoul, _, jeju, _ = items_html(html, 0)
    assert re.search(r'<span class="r">최저 -14\.6 / 최고 -9\.0</span> '
                     r'<span class="fc">\(-12 / -3℃\) ☂70%</span><svg class="g"', seoul)
    assert '<span class="fc" hidden></span></li>' in jeju
    assert 'data-show="minmax,forecast,trend"' in html
    # Without show=forecast the page has none of it.
    plain = client.get(f"/widget?{STRIP_QUERY}&show=minmax").get_data(as_text=True)
    assert 'class="fc"' not in plain


def test_the_forecast_lengthens_the_scroll_time_estimate() -> None:
    snapshot = with_day_forecast(day_snapshot())
    document = weather_document(snapshot, STRIP, "ko", NOW, Freshness())

    def seconds(show: tuple[str, ...]) -> float:
        return scroll_seconds(widget_view(document, WidgetOptions(cities=STRIP, show=show),
                                          {}, NOW).items, 1.0)

    assert seconds(("minmax",)) < seconds(("minmax", "forecast"))


def test_the_biggest_page_with_the_forecast_fits_its_budget(tmp_path: Path) -> None:
    everywhere = full_day_everywhere()
    seoul_cell = with_day_forecast(day_snapshot()).forecast
    assert seoul_cell is not None
    cell = seoul_cell.cells[f"{STRIP[0].nx},{STRIP[0].ny}"]
    state = seoul_cell.model_copy(update={"cells": {f"{c.nx},{c.ny}": cell for c in CITIES}})
    client = client_for(everywhere.model_copy(update={"forecast": state}), tmp_path)
    query = "show=feels,minmax,forecast,trend&lang=en&theme=dark&size=xl"
    response = client.get(f"/widget?{query}")
    assert response.get_data(as_text=True).count("☂70%") == 2 * len(CITIES)
    assert len(response.get_data()) < SHOW_BUDGET_BYTES
    gzipped = client.get(f"/widget?{query}", headers={"Accept-Encoding": "gzip"})
    assert len(gzipped.get_data()) < SHOW_BUDGET_GZIP_BYTES


def test_openapi_documents_the_forecast_field_and_show_value(tmp_path: Path) -> None:
    document = client_for(day_snapshot(), tmp_path).get("/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    assert schemas["CityDocument"]["required"][-1] == "forecast"
    assert schemas["ForecastDocument"]["required"] == ["issued_at", "today", "tomorrow"]
    assert schemas["ForecastDayDocument"]["required"] == [
        "min_c", "max_c", "pop_pct", "condition_am", "condition_am_text", "condition_pm",
        "condition_pm_text"]
    params = {p["name"]: p for p in document["paths"]["/widget"]["get"]["parameters"]}
    assert re.compile(params["show"]["schema"]["pattern"]).match("minmax,forecast")
