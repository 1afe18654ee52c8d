"""An unchanged refresh as issue #28's "Done when" states it, through the real wiring.

A KMA-compatible fake on 127.0.0.1 answers the same rows at every call. Two more refreshes
store no new version, so every ETag holds and a polling client keeps getting 304, while
/readyz and /metrics show the newer check.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from support.clock import RECORDED_0925, Clock
from support.fakekma import FakeKma, Reply
from support.payloads import CANARY_KEY, SFCTM2_16, fixture_bytes

from ticker.app.compose import open_backends, source_from_settings
from ticker.app.refresh.refresher import Refresher
from ticker.app.server.metrics import Metrics, render
from ticker.app.settings import load_settings
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.web.context import WebContext
from ticker.web.site import create_app

PATHS = ("/v1/weather", "/v1/weather/seoul", "/v1/weather/seoul/history", "/widget",
         "/widget?show=feels,minmax,trend")


def test_the_same_upstream_rows_keep_the_version_and_every_etag(
        fake_kma: FakeKma, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ticker.app.refresh.refresher")
    fake_kma.route(SFCTM2_PATH, Reply(body=fixture_bytes(SFCTM2_16)))
    (tmp_path / "config.yaml").write_text(f"data_dir: {tmp_path / 'data'}\n", encoding="utf-8")
    settings = load_settings(env={"KMA_APIHUB_URL": fake_kma.url,
                                  "KMA_APIHUB_KEY": CANARY_KEY}, cwd=tmp_path)
    clock = Clock(RECORDED_0925)
    backends = open_backends(settings, elect=False)
    ctx = WebContext(store=backends.store, cities=settings.strips().default,
                     freshness=settings.freshness, clock=clock, catalogue=settings.catalogue())
    client = create_app(ctx, version_poll_seconds=0).test_client()
    with requests.Session() as session:
        source, _ = source_from_settings(settings, session, backends.ledger)
        refresher = Refresher(source, backends.store, settings.strips().catalogue.stations,
                              clock)
        first = refresher.run()
        assert first.version is not None and first.updated
        tags = {(path, gzip): client.get(path, headers={"Accept-Encoding": gzip}).headers["ETag"]
                for path in PATHS for gzip in ("gzip", "identity")}
        calls = len(fake_kma.seen(SFCTM2_PATH))
        for minutes in (10, 20):  # the scheduler's retries while a station lacks its hour
            clock.now = RECORDED_0925 + timedelta(minutes=minutes)
            again = refresher.run()
            assert (again.version, again.updated, again.failure) == (None, (), None)
            for (path, gzip), tag in tags.items():
                polled = client.get(path, headers={"If-None-Match": tag,
                                                   "Accept-Encoding": gzip})
                assert (polled.status_code, polled.headers["ETag"]) == (304, tag), path
            ready = client.get("/readyz").get_json()
            assert (ready["version"], ready["updated_at"], ready["age_seconds"]) == (
                first.version, clock.now.isoformat(), 0)
            metrics = render(Metrics(), backends.store, None, clock).decode()
            assert 'ticker_last_check_age_seconds{part="observations"} 0.0' in metrics
            assert f"ticker_snapshot_version {first.version}.0" in metrics
        assert len(fake_kma.seen(SFCTM2_PATH)) > calls  # each run did ask the upstream
    said = [r.getMessage() for r in caplog.records if r.name.endswith("refresher")]
    assert said[0].startswith(f"refresh stored version {first.version} (")
    assert said[1:] == [f"refresh: no change (checked {len(refresher.stations)} stations)"] * 2
    backends.close()
