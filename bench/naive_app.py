"""The baseline a news site would write itself: Flask rendering every request from the store."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from flask import Flask, Response, request

from ticker.core.catalogue import load_catalogue
from ticker.core.cities import DEFAULT_CITY_IDS
from ticker.core.documents import document_bytes, weather_document
from ticker.core.freshness import Freshness
from ticker.core.kst import KST
from ticker.core.strips import Strips
from ticker.state.store import FileStore
from ticker.web.widget.options import parse_widget_options
from ticker.web.widget.page import widget_page

app = Flask(__name__)
CATALOGUE = load_catalogue()
CITIES = CATALOGUE.select(DEFAULT_CITY_IDS)
STRIPS = Strips(CATALOGUE, CITIES)
store = FileStore(Path(os.environ["TICKER_DATA_DIR"]))


@app.get("/v1/weather")
def weather() -> Response:
    """Read, render and encode on every request."""
    stored = store.get()
    assert stored is not None
    document = weather_document(stored.snapshot, CITIES, "ko", datetime.now(KST), Freshness())
    return Response(document_bytes(document), content_type="application/json")


@app.get("/widget")
def widget() -> Response:
    """Read and template the strip on every request."""
    stored = store.get()
    assert stored is not None
    options = parse_widget_options(request.args, STRIPS)
    document = weather_document(stored.snapshot, CITIES, "ko", datetime.now(KST), Freshness())
    body, _ = widget_page(document, options, "v1/weather", 300, ("*",))
    return Response(body, content_type="text/html; charset=utf-8")
