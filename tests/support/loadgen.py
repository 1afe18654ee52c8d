"""A small load generator for a running ``ticker serve``: threads looping over the public pages,
checking every answer as it comes (shared by the outage tests and ``bench/outage``)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import requests

PATHS = ("/v1/weather", "/v1/weather/seoul", "/v1/weather?lang=en&cities=busan,seoul",
         "/widget", "/widget?theme=dark", "/", "/readyz", "/healthz")
Values = dict[str, tuple[float | None, str]]


def city_values(document: dict[str, Any]) -> Values:
    """(temperature, condition) per city id of a /v1/weather document."""
    return {c["id"]: (c["temperature_c"], c["condition"]) for c in document["cities"]}


@dataclass
class Sample:
    """One request: when it started, what it asked, what came back, and how long it took."""

    started: float
    path: str
    status: int
    seconds: float
    label: str


@dataclass
class LoadRecord:
    """Everything the threads saw; problems are kept as short descriptions."""

    samples: list[Sample] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    documents: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def statuses(self) -> dict[int, int]:
        """How many answers had each status."""
        counts: dict[int, int] = {}
        for sample in self.samples:
            counts[sample.status] = counts.get(sample.status, 0) + 1
        return counts


def check_body(response: requests.Response) -> dict[str, Any] | None:
    """The parsed JSON body; raise ValueError unless the body is JSON or an HTML page."""
    kind = response.headers.get("Content-Type", "")
    if "json" in kind:
        return json.loads(response.content)
    text = response.content.decode("utf-8").lower()
    if "html" in kind and "<html" in text and "</html>" in text:
        return None
    raise ValueError(f"neither JSON nor a whole HTML page ({kind!r})")


class Load:
    """``threads`` clients requesting ``PATHS`` in turn from ``base_url`` until stopped."""

    def __init__(self, base_url: str, threads: int = 3,
                 good: Values | None = None, secrets: Iterable[str] = (),
                 label: Callable[[], str] = lambda: "") -> None:
        self.base_url = base_url
        self.good = good
        self.secrets = tuple(secrets)
        self.label = label
        self.record = LoadRecord()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(index,), daemon=True)
                         for index in range(threads)]

    def __enter__(self) -> LoadRecord:
        for thread in self._threads:
            thread.start()
        return self.record

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)

    def _run(self, index: int) -> None:
        session = requests.Session()
        turn = index
        while not self._stop.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            label = self.label()
            started = time.monotonic()
            try:
                response = session.get(self.base_url + path, timeout=10)
            except requests.RequestException as exc:
                self._problem(f"{path}: {type(exc).__name__}")
                continue
            sample = Sample(started, path, response.status_code,
                            time.monotonic() - started, label)
            with self.record.lock:
                self.record.samples.append(sample)
            self._check(path, response)

    def _check(self, path: str, response: requests.Response) -> None:
        try:
            document = check_body(response)
        except ValueError as exc:
            self._problem(f"{path}: {exc}")
            return
        seen = response.content.decode("utf-8", "replace") + repr(dict(response.headers))
        if any(secret in seen for secret in self.secrets):
            self._problem(f"{path}: a secret in the response")
        if path == "/v1/weather" and document is not None:
            with self.record.lock:
                self.record.documents += 1
            if self.good is not None and city_values(document) != self.good:
                self._problem(f"{path}: values differ from the last good snapshot")

    def _problem(self, text: str) -> None:
        with self.record.lock:
            self.record.problems.append(text)
