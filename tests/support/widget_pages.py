"""Widget pages with show= extras, for the tests of each extra: a client over a snapshot, the
items of one copy of the strip, the biggest day a strip can show, and the page budgets."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from flask.testing import FlaskClient

from support.day_history import NOW, STRIP_IDS, _reading
from support.stations import CITIES
from ticker.core.freshness import Freshness
from ticker.core.history import with_observations
from ticker.core.observations import Snapshot
from ticker.state.store import FileStore
from ticker.web.context import WebContext
from ticker.web.site import create_app

STRIP_QUERY = "cities=" + ",".join(STRIP_IDS)
# Pages without show= keep the budget of tests/web/test_widget.py (20,000 bytes). With every
# extra, each city adds a sparkline whose 24 values are written twice (the path, and the text
# a screen reader hears) plus ~3.5 KB of script: the 16-city strip with 24 full hours is
# ~34 KB (~8.1 KB gzipped, as it is sent).
SHOW_BUDGET_BYTES = 40_000
SHOW_BUDGET_GZIP_BYTES = 10_000
# Each extra of the first copy inside the strip's one line, the widget's height, and
# AirKorea's credit shown whole on the meta line.
ONE_LINE = """() => {
  const strip = document.querySelector(".s").getBoundingClientRect();
  const cut = [], tops = new Set();
  for (const e of document.querySelectorAll(".cp:first-child li, .cp:first-child li > *")) {
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (s.display === "none" || r.height === 0) continue;
    if (e.tagName === "LI") tops.add(Math.round(r.top));
    if (r.top < strip.top - 0.5 || r.bottom > strip.bottom + 0.5) {
      cut.push(e.className.baseVal ?? e.className);
    }
  }
  const top = document.querySelector(".top").getBoundingClientRect();
  const aa = document.querySelector(".aa"), credit = aa && aa.getBoundingClientRect();
  return {height: document.querySelector(".w").getBoundingClientRect().height, rows: tops.size,
          cut: cut, spark: document.querySelector(".cp .g").getBoundingClientRect().width,
          // null without show=air: there is no credit to show then.
          credit: credit && credit.width > 0 && credit.left >= top.left - 0.5
                  && credit.right <= top.right + 0.5};
}"""


def client_for(snapshot: Snapshot, directory: Path, clock: Callable[[], datetime] = lambda: NOW,
               version_poll_seconds: float = 0.5) -> FlaskClient:
    """The app over ``snapshot`` stored in ``directory``, its clock at the day's NOW unless
    given (``version_poll_seconds=0`` sees each new snapshot at once)."""
    store = FileStore(directory)
    store.put(snapshot)
    ctx = WebContext(store=store, cities=CITIES, freshness=Freshness(), clock=clock)
    return create_app(ctx, version_poll_seconds=version_poll_seconds).test_client()


def items_html(html: str, copy: int) -> list[str]:
    """The ``<li>`` of each city in one copy (0 or 1) of the strip."""
    copies = re.findall(r'<ul class="cp"[^>]*>(.*?)</ul>', html, re.S)
    return re.findall(r"<li[^>]*>.*?</li>", copies[copy])


def full_day_everywhere() -> Snapshot:
    """Every default city with 24 distinct hourly values: the biggest page show= can make."""
    current = NOW.replace(minute=0)
    readings = [_reading(city.id, current - timedelta(hours=back), -20 + i * 1.37 + back * 0.53)
                for i, city in enumerate(CITIES) for back in range(23, -1, -1)]
    return Snapshot(source="asos", sample=False, updated_at=NOW,
                    observations=tuple(r for r in readings if r.observed_at == current),
                    history=with_observations({}, readings, NOW))
