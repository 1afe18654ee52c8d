"""HTTP 429/503 with Retry-After: the asked wait is parsed, kept by the client, and honoured by
the chain, which says "postponed" once and "recovered" once."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests
from support.clock import RECORDED_0925 as NOW
from support.clock import Clock
from support.faults import FaultyKma
from support.scripted import ScriptedSource
from support.stations import CITIES, by_id, by_ids

from ticker.core.conditions import Condition
from ticker.core.errors import NetworkError, QuotaError, RetryLaterError
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation
from ticker.sources.asos import AsosSource
from ticker.sources.chain import CallCounter, ChainSource, Link
from ticker.sources.vilage import VilageSource
from ticker.state.file_ledger import FileQuotaLedger
from ticker.upstream.apihub.client import SFCTM2_PATH, ApiHubClient
from ticker.upstream.datagokr.client import NCST_PATH, DataGoKrClient
from ticker.upstream.transport import Fetched, Timeouts, Upstream, retry_after

LIMITS = Timeouts(connect=1.0, read=1.0, total=2.0)


@pytest.mark.parametrize(("header", "wait"), [
    ("120", timedelta(seconds=120)),
    (" 7 ", timedelta(seconds=7)),
    (format_datetime(NOW.astimezone(UTC) + timedelta(seconds=90), usegmt=True),
     timedelta(seconds=90)),
    ("Thu, 04 Dec 2025 00:26:00 -0000", timedelta(seconds=60)),  # zone unknown: UTC
    ("999999999999", timedelta(hours=1)),  # capped: a bad header must not silence a source
    (format_datetime(NOW.astimezone(UTC) + timedelta(days=3), usegmt=True), timedelta(hours=1)),
])
def test_retry_after_in_seconds_or_as_a_date(header: str, wait: timedelta) -> None:
    assert retry_after(header, NOW) == wait


@pytest.mark.parametrize("header", [None, "", "0", "-5", "soon", "1.5", "٣",
                                    "Thu, 04 Dec 2025 00:20:00 GMT"])  # the last one is past
def test_retry_after_that_asks_for_no_wait(header: str | None) -> None:
    assert retry_after(header, NOW) is None


def test_only_network_class_answers_become_a_wait() -> None:
    upstream = Upstream(requests.Session(), "data.go.kr", ["k"], clock=lambda: NOW)
    asked = Fetched(status=429, headers={"Retry-After": "60"}, body=b"")
    quota = upstream.failure_of(QuotaError("data.go.kr 22 quota"), asked)
    assert type(quota) is QuotaError  # the gateway's own verdict decides
    plain = upstream.failure_of(NetworkError("HTTP 500"), Fetched(500, {"Retry-After": "60"}, b""))
    assert type(plain) is NetworkError
    assert upstream.health.not_before is None
    waited = upstream.failure_of(NetworkError("HTTP 429"), asked)
    assert isinstance(waited, RetryLaterError)
    assert waited.retry_at == upstream.health.not_before == NOW + timedelta(seconds=60)


@pytest.mark.parametrize("mode", ["429", "503"])
def test_the_client_makes_no_call_before_the_asked_time(faulty_kma: FaultyKma,
                                                        mode: str) -> None:
    faulty_kma.mode = mode
    faulty_kma.retry_after = "30"
    clock = Clock(NOW)
    client = ApiHubClient(requests.Session(), faulty_kma.url, "k", LIMITS, clock=clock)
    with pytest.raises(RetryLaterError) as caught:
        client.sfctm2([108], NOW)
    assert caught.value.retry_at == NOW + timedelta(seconds=30)
    clock.now = NOW + timedelta(seconds=29)
    with pytest.raises(RetryLaterError, match="no call before 09:25:30 KST"):
        client.sfctm2([108], NOW)
    assert faulty_kma.hits[SFCTM2_PATH] == 1
    faulty_kma.mode = "ok"
    clock.now = NOW + timedelta(seconds=30)
    assert client.sfctm2([108], NOW).startswith("#START7777")
    assert faulty_kma.hits[SFCTM2_PATH] == 2


def test_an_http_date_retry_after_on_503(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "503"
    faulty_kma.retry_after = format_datetime(NOW.astimezone(UTC) + timedelta(minutes=5),
                                             usegmt=True)
    client = DataGoKrClient(requests.Session(), faulty_kma.url, "k", LIMITS, clock=lambda: NOW)
    with pytest.raises(RetryLaterError) as caught:
        client.ncst(60, 127, NOW.replace(minute=0))
    assert caught.value.retry_at == NOW + timedelta(minutes=5)


def test_the_vilage_source_stops_asking_at_the_first_wait(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "429"
    client = DataGoKrClient(requests.Session(), faulty_kma.url, "k", LIMITS)
    with pytest.raises(RetryLaterError):
        VilageSource(client).fetch(CITIES, NOW)
    assert faulty_kma.hits[NCST_PATH] == 1  # not once per city


def test_a_step_back_that_is_told_to_wait_keeps_the_wait(faulty_kma: FaultyKma) -> None:
    client = ApiHubClient(requests.Session(), faulty_kma.url, "k", LIMITS)

    def first_ok_then_429(stations: Sequence[int], hour: datetime) -> str:
        text = client.sfctm2(stations, hour)
        faulty_kma.mode = "429"  # the step-back for the missing station is told to wait
        return text

    unlisted = CITIES[0].model_copy(update={"id": "unlisted", "station": 999})
    found = AsosSource(fetch_text=first_ok_then_429).fetch([by_id("seoul"), unlisted], NOW)
    assert set(found) == {"seoul"}  # what the first call found is kept
    with pytest.raises(RetryLaterError):
        client.sfctm2([108], NOW)
    assert faulty_kma.hits[SFCTM2_PATH] == 2


def observation(city_id: str) -> Observation:
    return Observation(city_id=city_id, temperature_c=1.0, condition=Condition.CLEAR,
                       observed_at=NOW.replace(minute=0), source="vilage")


def test_the_chain_skips_a_postponed_source_and_says_so_once(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cities = by_ids(["seoul"])
    wait = RetryLaterError("asos answered HTTP 429", retry_at=NOW + timedelta(seconds=30))
    asos = ScriptedSource([wait, wait, {"seoul": observation("seoul")}], name="asos")
    vilage = ScriptedSource([{"seoul": observation("seoul")}], name="vilage")
    chain = ChainSource([Link(asos, CallCounter()), Link(vilage, CallCounter())], Freshness(),
                        FileQuotaLedger(tmp_path, {"asos": None, "vilage": None}))
    chain.fetch(cities, NOW)
    chain.fetch(cities, NOW + timedelta(seconds=10))  # still waiting: asos is not asked
    assert len(asos.asked) == 1
    chain.fetch(cities, NOW + timedelta(seconds=30))  # told to wait again
    chain.fetch(cities, NOW + timedelta(seconds=61))
    assert len(asos.asked) == 3
    messages = [record.getMessage() for record in caplog.records
                if record.levelno >= logging.WARNING]
    assert sum("asos postponed until 09:25:30 KST" in m for m in messages) == 1
    assert sum("postponed" in m for m in messages) == 1  # the second wait only at DEBUG
    assert sum("asos fetch recovered" in m for m in messages) == 1
    assert len(vilage.asked) == 3  # the fallback served while asos waited


def test_a_postponed_only_source_raises_the_wait(tmp_path: Path) -> None:
    wait = RetryLaterError("asos answered HTTP 503", retry_at=NOW + timedelta(seconds=30))
    asos = ScriptedSource([wait], name="asos")
    chain = ChainSource([Link(asos, CallCounter())], Freshness(),
                        FileQuotaLedger(tmp_path, {"asos": None}))
    with pytest.raises(RetryLaterError):
        chain.fetch(CITIES, NOW)
    with pytest.raises(RetryLaterError, match="asos postponed until 09:25:30 KST"):
        chain.fetch(CITIES, NOW + timedelta(seconds=5))
    assert len(asos.asked) == 1
