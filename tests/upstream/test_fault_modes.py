"""Every fault mode against both sources, through the real clients: each ends as the class of
failure the service acts on (or as data, for answers that are odd but valid), and a slow mode
ends by a timeout that its message names. How fast is bench/outage's business, not a bound here."""

from __future__ import annotations

import pytest
import requests
from support.clock import RECORDED_0945 as NOW
from support.fault_answers import DATA_MODES, FAILING, MODES
from support.faults import FaultyKma
from support.stations import CITIES, by_id

from ticker.core.errors import (
    MalformedPayloadError,
    NetworkError,
    NoDataError,
    QuotaError,
    RejectedKeyError,
    RetryLaterError,
    UpstreamError,
)
from ticker.sources.asos import AsosSource
from ticker.sources.vilage import VilageSource
from ticker.upstream.apihub.client import ApiHubClient
from ticker.upstream.datagokr.client import NCST_PATH, DataGoKrClient
from ticker.upstream.transport import Timeouts

LIMITS = Timeouts(connect=1.0, read=0.5, total=1.5)
# Modes that only a timeout can end, and the words that say which one did.
SLOW = {"hang": "read timed out after 0.5 s", "trickle": "timed out after 1.5 s",
        "slow_headers": "timed out after 1.5 s"}
CAP = 256 * 1024
DATA = "data"

# mode -> what (asos, vilage) end as.
EXPECTED: dict[str, tuple[type[UpstreamError] | str, type[UpstreamError] | str]] = {
    "ok": (DATA, DATA),
    "5xx": (NetworkError, NetworkError),
    "429": (RetryLaterError, RetryLaterError),
    "503": (RetryLaterError, RetryLaterError),
    "hang": (NetworkError, NetworkError),
    "trickle": (NetworkError, NetworkError),
    "slow_headers": (NetworkError, NetworkError),
    "reset": (NetworkError, NetworkError),
    "truncated": (NetworkError, NetworkError),
    "wrong_content_type": (DATA, DATA),
    # API Hub never sends XML: a body without #7777END; data.go.kr's 23 is worth a retry.
    "xml_envelope": (MalformedPayloadError, NetworkError),
    "empty_items": (NoDataError, NoDataError),
    "one_item": (DATA, DATA),
    "garbage": (MalformedPayloadError, MalformedPayloadError),
    "huge": (NetworkError, NetworkError),
}


def asos(fake: FaultyKma) -> AsosSource:
    client = ApiHubClient(requests.Session(), fake.url, "fault-key", LIMITS, max_bytes=CAP)
    return AsosSource(fetch_text=client.sfctm2)


def vilage(fake: FaultyKma) -> VilageSource:
    return VilageSource(DataGoKrClient(requests.Session(), fake.url, "fault-key", LIMITS,
                                       max_bytes=CAP))


def outcome(source: AsosSource | VilageSource, cities: tuple[str, ...] = ("seoul",)
            ) -> tuple[type[UpstreamError] | str, str]:
    """How a fetch ended: an error class and its message, or DATA."""
    try:
        found = source.fetch([by_id(city_id) for city_id in cities], NOW)
    except UpstreamError as error:
        return type(error), str(error)
    assert found, "a fetch that raised nothing must have found something"
    return DATA, ""


def test_every_mode_has_an_expectation() -> None:
    assert set(EXPECTED) == set(MODES)
    assert "ok" not in FAILING
    assert {mode for mode, ends in EXPECTED.items() if ends == (DATA, DATA)} == set(DATA_MODES)


@pytest.mark.parametrize("mode", MODES)
def test_asos_source_in_every_mode(faulty_kma: FaultyKma, mode: str) -> None:
    faulty_kma.mode = mode
    faulty_kma.trickle_interval = 0.2
    ended, message = outcome(asos(faulty_kma), ("seoul", "dongducheon"))
    assert ended == EXPECTED[mode][0]
    assert message.endswith(SLOW.get(mode, message))


@pytest.mark.parametrize("mode", MODES)
def test_vilage_source_in_every_mode(faulty_kma: FaultyKma, mode: str) -> None:
    faulty_kma.mode = mode
    faulty_kma.trickle_interval = 0.2
    ended, message = outcome(vilage(faulty_kma))
    assert ended == EXPECTED[mode][1]
    assert message.endswith(SLOW.get(mode, message))


def test_one_item_mode_serves_one_station_and_one_bare_item(faulty_kma: FaultyKma) -> None:
    faulty_kma.mode = "one_item"
    found = asos(faulty_kma).fetch(CITIES, NOW)
    assert set(found) == {"dongducheon"}  # the first row of the recording
    seoul = vilage(faulty_kma).fetch([by_id("seoul")], NOW)["seoul"]
    assert seoul.temperature_c == 2.5  # the T1H item alone, sent as an object


def test_hits_are_counted_per_path(faulty_kma: FaultyKma) -> None:
    asos(faulty_kma).fetch(CITIES, NOW)
    vilage(faulty_kma).fetch([by_id("seoul")], NOW)
    assert dict(faulty_kma.hits) == {"/api/typ01/url/kma_sfctm2.php": 1,
                                     "/1360000/VilageFcstInfoService_2.0/getUltraSrtNcst": 1,
                                     "/1360000/VilageFcstInfoService_2.0/getUltraSrtFcst": 1}
    assert faulty_kma.total_hits() == 3


@pytest.mark.parametrize(("reason", "error"), [("22", QuotaError), ("30", RejectedKeyError)])
def test_gateway_quota_and_key_envelopes_stop_the_vilage_source(
        faulty_kma: FaultyKma, reason: str, error: type[UpstreamError]) -> None:
    faulty_kma.mode = "xml_envelope"
    faulty_kma.xml_reason = reason
    source = vilage(faulty_kma)
    for _ in range(2):  # the second fetch is refused without a call
        with pytest.raises(error):
            source.fetch(CITIES, NOW)
    assert faulty_kma.hits[NCST_PATH] == 1
