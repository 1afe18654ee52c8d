"""5,000 seeded mutations of the recorded bodies, each through a full refresh over HTTP.

A refresh must never crash (only our UpstreamError classes are caught), and a refresh that
stored nothing must leave the stored good snapshot byte-identical. A mutant that is still a
valid body may be stored — the upstream could have sent it — but only if the pure parser
accepts it too; the good snapshot is then put back before the next mutant.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from support.clock import RECORDED_0925 as NOW
from support.datagokr_payloads import Cell, fcst_handler, ncst_handler
from support.fakekma import FakeKma, Reply, Request
from support.mutations import JSON_MUTATORS, SFCTM2_MUTATORS, mutate
from support.payloads import SFCTM2_16, fixture_bytes
from support.stations import CITIES, by_id

from ticker.app.compose import source_from_settings
from ticker.app.refresh.refresher import Refresher
from ticker.app.settings import Settings
from ticker.core.catalogue import Station
from ticker.core.errors import UpstreamError
from ticker.state.file_ledger import FileQuotaLedger
from ticker.state.jsonfile import atomic_write
from ticker.state.store import SNAPSHOT_FILE, FileStore
from ticker.upstream.apihub.client import SFCTM2_PATH, judge_apihub_response
from ticker.upstream.apihub.sfctm2 import parse_sfctm2
from ticker.upstream.datagokr.client import FCST_PATH, NCST_PATH
from ticker.upstream.datagokr.envelope import judge_datagokr_body
from ticker.upstream.datagokr.vilage import parse_ncst, sky_for

SEED = 20261126
SEOUL = by_id("seoul")
CELLS = {(SEOUL.nx, SEOUL.ny): Cell(t1h="3.6", pty="0", sky="1")}
COUNTS = {SFCTM2_PATH: 3000, NCST_PATH: 1000, FCST_PATH: 1000}


def accepted_sfctm2(body: bytes) -> bool:
    try:
        parse_sfctm2(judge_apihub_response(200, body.decode("cp949", errors="replace")))
    except UpstreamError:
        return False
    return True


def accepted_vilage(path: str) -> Callable[[bytes], bool]:
    def accepted(body: bytes) -> bool:
        try:
            document = judge_datagokr_body(200, body.decode("utf-8", errors="replace"))
            parse_ncst(document) if path == NCST_PATH else sky_for(document, NOW)
        except UpstreamError:
            return False
        return True

    return accepted


class Corpus:
    """Serves the current mutant on one path and the recording on the others."""

    def __init__(self, fake: FakeKma, tmp_path: Path, provider: str,
                 cities: tuple[Station, ...]) -> None:
        self.mutant: bytes | None = None
        self.settings = Settings.model_validate({
            "provider": provider, "data_dir": str(tmp_path),
            "kma_apihub": {"url": fake.url, "key": "corpus-key"},
            "data_go_kr": {"url": fake.url, "key": "corpus-key"},
            "quota": {"daily_limits": {"asos": None, "vilage": None}}})
        self.cities = cities
        self.store = FileStore(tmp_path)
        self.ledger = FileQuotaLedger(tmp_path, self.settings.quota.daily_limits)
        self.session = requests.Session()
        good = {SFCTM2_PATH: lambda _request: Reply(body=fixture_bytes(SFCTM2_16)),
                NCST_PATH: ncst_handler(CELLS), FCST_PATH: fcst_handler(CELLS)}
        for path, handler in good.items():
            fake.route(path, self._serving(path, handler))
        self.mutated_path = ""

    def _serving(self, path: str, good: Callable[[Request], Reply]) -> Callable[[Request], Reply]:
        def handler(request: Request) -> Reply:
            if path == self.mutated_path and self.mutant is not None:
                return Reply(body=self.mutant)
            return good(request)

        return handler

    def refresh(self) -> int | None:
        """One full refresh with a freshly wired source (the vilage one keeps answers)."""
        source, _ = source_from_settings(self.settings, self.session, self.ledger)
        return Refresher(source, self.store, self.cities, clock=lambda: NOW).run().version

    def recorded(self, path: str) -> bytes:
        """The unmutated body of ``path`` for the bases asked at NOW."""
        self.mutated_path = ""
        self.mutant = None
        base = {NCST_PATH: ("20251204", "0800"), FCST_PATH: ("20251204", "0830")}
        if path == SFCTM2_PATH:
            return fixture_bytes(SFCTM2_16)
        date, time = base[path]
        query = {"base_date": date, "base_time": time, "nx": str(SEOUL.nx), "ny": str(SEOUL.ny)}
        handler = ncst_handler(CELLS) if path == NCST_PATH else fcst_handler(CELLS)
        return handler(Request(path=path, query=query, raw_query="")).body


@pytest.mark.slow  # thousands of mutated bodies refreshed over HTTP: 3-10 s a path
@pytest.mark.parametrize(("provider", "path", "cities"), [
    ("asos", SFCTM2_PATH, CITIES),
    ("vilage", NCST_PATH, (SEOUL,)),
    ("vilage", FCST_PATH, (SEOUL,)),
])
def test_mutated_bodies_never_crash_a_refresh_nor_touch_the_good_values(
        fake_kma: FakeKma, tmp_path: Path, provider: str, path: str,
        cities: tuple[Station, ...]) -> None:
    corpus = Corpus(fake_kma, tmp_path, provider, cities)
    original = corpus.recorded(path)
    assert corpus.refresh() is not None
    good = (tmp_path / SNAPSHOT_FILE).read_bytes()
    accepted = accepted_sfctm2 if path == SFCTM2_PATH else accepted_vilage(path)
    rng = random.Random(f"{SEED}:{path}")
    corpus.mutated_path = path
    rejected = 0
    for index in range(COUNTS[path]):
        corpus.mutant = mutate(rng, original,
                               SFCTM2_MUTATORS if path == SFCTM2_PATH else JSON_MUTATORS)
        try:
            version = corpus.refresh()
        except Exception as exc:  # the property under test: nothing but our errors escape
            pytest.fail(f"mutant {index} of {path} crashed the refresh: {exc!r}")
        if version is None:
            rejected += 1
            assert (tmp_path / SNAPSHOT_FILE).read_bytes() == good, f"mutant {index}"
        else:
            assert accepted(corpus.mutant), f"mutant {index} stored but not a valid body"
            atomic_write(tmp_path / SNAPSHOT_FILE, good)
    assert (tmp_path / SNAPSHOT_FILE).read_bytes() == good
    # Most mutants break the body; the rest were valid and were judged as such.
    assert rejected > COUNTS[path] // 2
