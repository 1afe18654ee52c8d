"""Prometheus metrics, the registry side: requests, 304 share, snapshot age per city, fetches,
upstream calls. The web layer's /metrics view renders what ``render`` gives it.

Sample data (no key) is marked by ``ticker_snapshot_sample 1`` and has no ages: the recording
is months old by design, and an age alert on every demo would teach people to ignore it.

``ticker serve`` runs several processes (Granian workers answer requests, the main process
refreshes), so counters use prometheus-client's multiprocess mode when
``PROMETHEUS_MULTIPROC_DIR`` is set — which the CLI does before anything imports
prometheus-client. Gauges that describe shared state (ages, calls today) are computed at
scrape time from the store and the quota ledger, so every process reports the same values.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from ticker.app.server.settings import MULTIPROC_ENV
from ticker.core.checks import OBSERVATIONS
from ticker.core.freshness import age_of, checked_at, part_confirmed_at
from ticker.core.observations import FEED_PARTS
from ticker.core.quota import QuotaLedger
from ticker.state.store import SnapshotStore, read_checked

REQUESTS = "ticker_http_requests"
REQUESTS_HELP = "HTTP responses by route and status"


def multiprocess() -> bool:
    """True when counters are shared between processes through files."""
    return bool(os.environ.get(MULTIPROC_ENV))


class Metrics:
    """The counters of one process; built by the composition root, never at import."""

    def __init__(self) -> None:
        # In multiprocess mode values live in files and are collected from there.
        self.registry = None if multiprocess() else CollectorRegistry()
        # In one process, responses are counted in a plain dict, read when scraped: a
        # prometheus-client increment (a lock and three calls) cost a sixth of a cached answer.
        # Two threads count (ticker.app.server.rsgi): an increment is a read and a write, so
        # it locks.
        self.requests: Counter | None = None
        self.responses: dict[tuple[str, int], int] | None = None
        if self.registry is None:
            self.requests = Counter(REQUESTS, REQUESTS_HELP, ["route", "status"])
        else:
            self.responses = {}
            self.registry.register(ResponseCounts(self.responses))
        self.fetch_attempts = Counter("ticker_fetch_attempts", "Upstream fetches by source",
                                      ["source"], registry=self.registry)
        self.fetch_failures = Counter("ticker_fetch_failures",
                                      "Failed upstream fetches by source and failure class",
                                      ["source", "failure_class"], registry=self.registry)
        self._children: dict[tuple[str, int], Callable[[], None]] = {}
        self._responses_lock = threading.Lock()

    def observe_request(self, route: str, status: int) -> None:
        """Count one response (hot path: the labelled child is looked up once)."""
        responses = self.responses
        if responses is not None:
            key = (route, status)
            with self._responses_lock:
                responses[key] = responses.get(key, 0) + 1
            return
        inc = self._children.get((route, status))
        if inc is None:
            assert self.requests is not None
            inc = self.requests.labels(route, str(status)).inc
            self._children[(route, status)] = inc
        inc()

    def observe_fetch(self, source: str, failure_class: str | None) -> None:
        """Count one upstream fetch, and its failure class when it failed."""
        self.fetch_attempts.labels(source).inc()
        if failure_class is not None:
            self.fetch_failures.labels(source, failure_class).inc()


class ResponseCounts(Collector):
    """The response counter of a single process, from the dict ``observe_request`` fills."""

    def __init__(self, responses: dict[tuple[str, int], int]) -> None:
        self._responses = responses

    def collect(self) -> Iterator[Metric]:
        """One counter family, labelled by route and status."""
        family = CounterMetricFamily(REQUESTS, REQUESTS_HELP, labels=["route", "status"])
        for (route, status), count in sorted(self._responses.copy().items()):
            family.add_metric([route, str(status)], count)
        yield family


class StateCollector(Collector):
    """Scrape-time gauges from shared state, plus the 304 share of the request counter."""

    def __init__(self, inner: Collector | CollectorRegistry, store: SnapshotStore,
                 quota: QuotaLedger | None, clock: Callable[[], datetime]) -> None:
        self._inner = inner
        self._store = store
        self._quota = quota
        self._clock = clock

    def collect(self) -> Iterator[Metric]:
        """Every counter, then the derived and state gauges."""
        total = not_modified = 0.0
        for family in self._inner.collect():
            if family.name == REQUESTS:
                for sample in family.samples:
                    if sample.name.endswith("_total"):
                        total += sample.value
                        not_modified += sample.value if sample.labels["status"] == "304" else 0
            yield family
        share = GaugeMetricFamily("ticker_http_not_modified_ratio",
                                  "Share of responses that were 304 Not Modified")
        share.add_metric([], not_modified / total if total else 0.0)
        yield share
        yield from self._snapshot_gauges()
        yield from self._quota_gauges()

    def _snapshot_gauges(self) -> Iterator[Metric]:
        stored = read_checked(self._store)
        version = GaugeMetricFamily("ticker_snapshot_version", "Newest snapshot version")
        version.add_metric([], stored.version if stored else 0)
        yield version
        sample = GaugeMetricFamily("ticker_snapshot_sample",
                                   "1 while the snapshot served is the bundled sample data")
        sample.add_metric([], 1 if stored is not None and stored.snapshot.sample else 0)
        yield sample
        age = GaugeMetricFamily("ticker_snapshot_age_seconds",
                                "Age of each city's observation (none for sample data)",
                                labels=["city"])
        if stored is not None and not stored.snapshot.sample:
            now = self._clock()
            for observation in stored.snapshot.observations:
                if observation.observed_at is not None:
                    age.add_metric([observation.city_id],
                                   age_of(observation.observed_at, now).total_seconds())
        yield age
        checked = GaugeMetricFamily(
            "ticker_last_check_age_seconds", "Seconds since each part (observations, each "
            "feed) was last confirmed by a successful fetch, changed or not (none for sample "
            "data)", labels=["part"])
        if stored is not None and not stored.snapshot.sample:
            snapshot, now = stored.snapshot, self._clock()
            checked.add_metric([OBSERVATIONS], age_of(checked_at(snapshot), now).total_seconds())
            for part in FEED_PARTS:
                if getattr(snapshot, part) is not None:
                    checked.add_metric([part], age_of(part_confirmed_at(snapshot, part),
                                                      now).total_seconds())
        yield checked

    def _quota_gauges(self) -> Iterator[Metric]:
        calls = GaugeMetricFamily("ticker_upstream_calls_today",
                                  "Upstream calls this KST day by source", labels=["source"])
        if self._quota is not None:
            for source, usage in self._quota.report(self._clock()).sources.items():
                calls.add_metric([source], usage.calls)
        yield calls


def render(metrics: Metrics, store: SnapshotStore, quota: QuotaLedger | None,
           clock: Callable[[], datetime]) -> bytes:
    """The Prometheus text exposition of every process's counters and the shared state."""
    registry = CollectorRegistry()
    if metrics.registry is None:
        inner: Collector | CollectorRegistry = CollectorRegistry()
        MultiProcessCollector(inner)
    else:
        inner = metrics.registry
    registry.register(StateCollector(inner, store, quota, clock))
    return generate_latest(registry)
