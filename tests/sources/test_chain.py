"""The fallback chain: later sources are asked only for the cities still lacking fresh data."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.clock import NOW
from support.scripted import ScriptedSource
from support.stations import by_ids

from ticker.core.conditions import Condition
from ticker.core.errors import NetworkError, RejectedKeyError
from ticker.core.freshness import Freshness
from ticker.core.observations import Observation
from ticker.sources.chain import CallCounter, ChainSource, Link
from ticker.state.file_ledger import FileQuotaLedger

HOUR = NOW.replace(minute=0)
CITIES = by_ids(["seoul", "busan", "daegu", "jeju"])


def obs(city_id: str, temperature: float, source: str, at: datetime = HOUR) -> Observation:
    return Observation(city_id=city_id, temperature_c=temperature, condition=Condition.CLEAR,
                       observed_at=at, source=source)


def chain(tmp_path: Path, primary: ScriptedSource, secondary: ScriptedSource,
          limits: dict[str, int | None] | None = None) -> tuple[ChainSource, FileQuotaLedger]:
    ledger = FileQuotaLedger(tmp_path, limits or {"asos": None, "vilage": 10_000})
    links = []
    for source, planned in ((primary, lambda n: 1), (secondary, lambda n: 2 * n)):
        counter = CallCounter()
        source.on_call = counter
        links.append(Link(source=source, counter=counter, planned_calls=planned))
    return ChainSource(links, Freshness(), ledger), ledger


def test_only_cities_the_first_source_lacks_are_asked_of_the_second(tmp_path: Path) -> None:
    asos = ScriptedSource([{"seoul": obs("seoul", 3.8, "asos"),
                            "busan": obs("busan", 13.5, "asos")}])
    vilage = ScriptedSource([{c.id: obs(c.id, 1.0, "vilage") for c in CITIES}], name="vilage")
    source, ledger = chain(tmp_path, asos, vilage)
    got = source.fetch(CITIES, NOW)
    assert vilage.asked == [["daegu", "jeju"]]
    assert {k: (v.temperature_c, v.source) for k, v in got.items()} == {
        "seoul": (3.8, "asos"), "busan": (13.5, "asos"),
        "daegu": (1.0, "vilage"), "jeju": (1.0, "vilage")}
    assert source.name == "asos,vilage"
    assert ledger.report(NOW).sources["asos"].calls == 1
    assert ledger.report(NOW).sources["vilage"].calls == 1


def test_a_stale_first_value_is_replaced_by_a_fresh_second_one(tmp_path: Path) -> None:
    old = HOUR - timedelta(hours=2)
    asos = ScriptedSource([{"seoul": obs("seoul", 3.8, "asos", at=old)}])
    vilage = ScriptedSource([{"seoul": obs("seoul", 4.0, "vilage")}], name="vilage")
    got = chain(tmp_path, asos, vilage)[0].fetch(by_ids(["seoul"]), NOW)
    assert got["seoul"].source == "vilage"


def test_a_stale_value_is_kept_when_nothing_fresher_exists(tmp_path: Path) -> None:
    old = HOUR - timedelta(hours=2)
    asos = ScriptedSource([{"seoul": obs("seoul", 3.8, "asos", at=old)}])
    vilage = ScriptedSource([NetworkError("down")], name="vilage")
    got = chain(tmp_path, asos, vilage)[0].fetch(by_ids(["seoul"]), NOW)
    assert (got["seoul"].temperature_c, got["seoul"].source) == (3.8, "asos")


def test_the_second_source_is_not_called_when_the_first_has_everything(tmp_path: Path) -> None:
    asos = ScriptedSource([{c.id: obs(c.id, 1.0, "asos") for c in CITIES}])
    vilage = ScriptedSource([{}], name="vilage")
    chain(tmp_path, asos, vilage)[0].fetch(CITIES, NOW)
    assert vilage.asked == []


def test_first_source_down_means_every_city_from_the_second(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    asos = ScriptedSource([NetworkError("connection refused")])
    vilage = ScriptedSource([{c.id: obs(c.id, 2.0, "vilage") for c in CITIES}], name="vilage")
    source, _ = chain(tmp_path, asos, vilage)
    source.fetch(CITIES, NOW)
    source.fetch(CITIES, NOW + timedelta(minutes=10))
    assert vilage.asked == [[c.id for c in CITIES]] * 2
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "asos fetch failing (network): connection refused"]


def test_every_source_failing_raises_the_first_error(tmp_path: Path) -> None:
    asos = ScriptedSource([NetworkError("down")])
    vilage = ScriptedSource([RejectedKeyError("bad key")], name="vilage")
    with pytest.raises(NetworkError):
        chain(tmp_path, asos, vilage)[0].fetch(CITIES, NOW)


def test_a_spent_budget_skips_the_source_without_calling_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    asos = ScriptedSource([{"seoul": obs("seoul", 3.8, "asos")}])
    vilage = ScriptedSource([{c.id: obs(c.id, 2.0, "vilage") for c in CITIES}], name="vilage")
    source, _ = chain(tmp_path, asos, vilage, {"asos": None, "vilage": 5})
    got = source.fetch(CITIES, NOW)
    source.fetch(CITIES, NOW)
    assert vilage.asked == []
    assert set(got) == {"seoul"}
    skipped = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert len(skipped) == 1
    assert "daily budget spent" in skipped[0]
