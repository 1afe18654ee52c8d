"""Current weather from data.go.kr grid data: Ncst for temperature and rain, Fcst for sky.

The source also keeps the two states the portal forces on us: a spent daily quota blocks every
call until the next midnight KST, and a rejected key blocks every call for good (docs/kma.md,
"Existing clients and the pitfalls they handle").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from ticker.core.catalogue import Station
from ticker.core.errors import (
    BudgetSpentError,
    QuotaError,
    RejectedKeyError,
    RetryLaterError,
    UpstreamError,
)
from ticker.core.kst import next_midnight
from ticker.core.observations import Observation
from ticker.upstream.datagokr.client import DataGoKrClient, fetch_stepping_back
from ticker.upstream.datagokr.envelope import ERROR_PREFIX
from ticker.upstream.datagokr.vilage import (
    SOURCE,
    fcst_base,
    ncst_base,
    observation_from,
    parse_ncst,
    sky_for,
)

log = logging.getLogger(__name__)


class VilageSource:
    """Observations for a set of stations from getUltraSrtNcst and getUltraSrtFcst."""

    name = SOURCE
    sample = False

    def __init__(self, client: DataGoKrClient, ncst_minute: int = 40,
                 fcst_minute: int = 45) -> None:
        self._client = client
        # Publication minutes are unverified upstream facts (docs/kma.md, "Open questions"),
        # so they are settings.
        self._ncst_minute = ncst_minute
        self._fcst_minute = fcst_minute
        self._quota_until: datetime | None = None
        self._rejected: RejectedKeyError | None = None
        # An issuance never changes once published: each grid cell's answer for a pair of
        # base times is kept, so runs within the same hour (the ASOS retries) and a second
        # station in the same cell cost no calls.
        self._answers: dict[tuple[int, int], tuple[tuple[datetime, datetime], Observation]] = {}

    def fetch(self, stations: Sequence[Station], now: datetime,
              watched: frozenset[str] | None = None) -> dict[str, Observation]:
        """Observations keyed by station id; stations whose calls failed are left out.

        Asked per grid cell against a daily quota, so only watched stations are asked for, and
        two stations in one cell cost one cell's calls.
        """
        if watched is not None:
            stations = [station for station in stations if station.id in watched]
        self._refuse_if_blocked(now)
        found: dict[str, Observation] = {}
        failure: UpstreamError | None = None
        for station in stations:
            try:
                found[station.id] = self._fetch_station(station, now)
            except (QuotaError, RejectedKeyError) as error:
                # Every further call would fail the same way: stop at once, keep what came.
                self._block(error, now)
                failure = error
                break
            except (RetryLaterError, BudgetSpentError) as error:
                # The client refuses every further call until then: stop asking, keep what came.
                failure = error
                break
            except UpstreamError as error:
                # One bad cell or a network blip must not cost the other stations.
                log.warning("%s: %s left out (%s): %s", SOURCE, station.id, error.failure_class,
                            error)
                failure = error
        if failure is not None and not found:
            raise failure
        return found

    def fetch_hour(self, stations: Sequence[Station], hour: datetime, now: datetime
                   ) -> dict[str, Observation] | None:
        """None: past hours would cost two calls per cell; the history comes from ASOS."""
        return None

    def _block(self, error: QuotaError | RejectedKeyError, now: datetime) -> None:
        if isinstance(error, QuotaError):
            self._quota_until = next_midnight(now)
            log.warning("%s; no more data.go.kr calls until %s", error,
                        f"{self._quota_until:%Y-%m-%d %H:%M} KST")
            return
        self._rejected = error
        log.error("data.go.kr rejected the service key (%s): check DATA_GO_KR_KEY (the "
                  "portal's Encoding or Decoding key; a new key can take 1-2 hours to work); "
                  "no more data.go.kr calls until restart",
                  str(error).removeprefix(ERROR_PREFIX))

    def _refuse_if_blocked(self, now: datetime) -> None:
        if self._rejected is not None:
            raise RejectedKeyError(str(self._rejected))
        if self._quota_until is not None:
            if now < self._quota_until:
                raise QuotaError(f"{ERROR_PREFIX}daily quota spent; no calls until "
                                 f"{self._quota_until:%Y-%m-%d %H:%M} KST")
            self._quota_until = None

    def _fetch_station(self, station: Station, now: datetime) -> Observation:
        bases = (ncst_base(now, self._ncst_minute), fcst_base(now, self._fcst_minute))
        kept = self._answers.get((station.nx, station.ny))
        if kept is not None and kept[0] == bases:
            return kept[1].model_copy(update={"city_id": station.id})
        ncst = fetch_stepping_back(lambda base: self._client.ncst(station.nx, station.ny, base),
                                   bases[0])
        fcst = fetch_stepping_back(lambda base: self._client.fcst(station.nx, station.ny, base),
                                   bases[1])
        observation = observation_from(station, parse_ncst(ncst), sky_for(fcst, now))
        # Keep only a complete answer: after a step-back the newer issuance may still come.
        if observation.observed_at == bases[0]:
            self._answers[(station.nx, station.ny)] = (bases, observation)
        return observation
