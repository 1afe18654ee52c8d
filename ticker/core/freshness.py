"""How old a city's observation may be before it is flagged stale, then withheld.

Also the one place of the sample-data exemption: a recording is served exactly as recorded,
never stale, never withheld, never due for a refresh and never out of date for readiness.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from ticker.core.air import AirState
from ticker.core.air_stations import AirStationsState
from ticker.core.checks import OBSERVATIONS, confirmed_at
from ticker.core.conditions import Condition
from ticker.core.forecast import ForecastState
from ticker.core.kst import hour_of, next_midnight
from ticker.core.observations import Observation, Snapshot
from ticker.core.warnings import HeldWarning
from ticker.core.warnings import next_change as next_warning_change

# Nodes of a shared store read times another host's clock wrote: a moment this little ahead
# of ours is skew, not the future. Beyond it a time is dated in the future and never fresh.
CLOCK_SKEW = timedelta(minutes=1)


def age_of(moment: datetime, now: datetime) -> timedelta:
    """How long ago ``moment`` was; zero for a moment dated in the future (no negative ages)."""
    return max(now - moment, timedelta(0))


def _fresh(moment: datetime, now: datetime, limit: timedelta) -> bool:
    return -CLOCK_SKEW <= now - moment <= limit


class Freshness(BaseModel):
    """Age limits: past ``stale_after`` a value is flagged, past ``withhold_after`` hidden.

    Also the ``freshness:`` section of the settings, so its defaults exist once.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    stale_after_minutes: float = Field(default=90, gt=0)
    withhold_after_minutes: float = Field(default=360, gt=0)
    # Warnings change at any minute: a list older than this is unknown (null), never shown.
    warnings_withhold_after_minutes: float = Field(default=30, gt=0)
    # Fine dust is hourly: a part, or a station's value, older than this is unknown (null).
    air_withhold_after_minutes: float = Field(default=180, gt=0)
    # A grid cell's forecast whose newest issuance is older than this (two issuances in a row
    # missed: they come every 3 hours) is unknown (null).
    forecast_withhold_after_minutes: float = Field(default=420, gt=0)

    @property
    def stale_after(self) -> timedelta:
        """The stale limit as a duration."""
        return timedelta(minutes=self.stale_after_minutes)

    @property
    def withhold_after(self) -> timedelta:
        """The withhold limit as a duration."""
        return timedelta(minutes=self.withhold_after_minutes)

    def is_stale(self, observation: Observation, now: datetime) -> bool:
        """True when the observation is missing its time, older than the stale limit or
        dated in the future."""
        if observation.observed_at is None:
            return True
        return not _fresh(observation.observed_at, now, self.stale_after)

    def is_withheld(self, observation: Observation, now: datetime) -> bool:
        """True when the observation is too old to show at all."""
        if observation.observed_at is None:
            return False
        return now - observation.observed_at > self.withhold_after

    def next_change(self, observations: Iterable[Observation], now: datetime) -> datetime | None:
        """The first moment after ``now`` at which any of these turns stale or withheld."""
        moments = [moment
                   for observation in observations if observation.observed_at is not None
                   for moment in (observation.observed_at + self.stale_after,
                                  observation.observed_at + self.withhold_after)
                   if moment > now]
        return min(moments, default=None)

    def shown(self, observation: Observation, now: datetime, sample: bool
              ) -> tuple[Observation, bool]:
        """The observation as it may be shown, and whether it is stale."""
        if sample:
            return observation, False
        stale = self.is_stale(observation, now)
        if self.is_withheld(observation, now):
            observation = observation.model_copy(
                update={"temperature_c": None, "condition": Condition.UNKNOWN})
        return observation, stale

    def expires_at(self, snapshot: Snapshot, city_ids: Iterable[str], now: datetime
                   ) -> datetime | None:
        """When a rendering of these cities changes without a new snapshot: a value turns
        stale or withheld, another feed's part changes or turns too old, or today's low and
        high start over at midnight (never for sample)."""
        if snapshot.sample:
            return None
        held = snapshot.by_city()
        observations = [o for city_id in city_ids if (o := held.get(city_id))]
        changes = [self.next_change(observations, now), self.warnings_change(snapshot, now),
                   self.air_change(snapshot, now), self.forecast_change(snapshot, now),
                   next_midnight(now)]
        return min(moment for moment in changes if moment is not None)

    def warnings_of(self, snapshot: Snapshot, now: datetime
                    ) -> tuple[tuple[HeldWarning, ...], datetime] | None:
        """The warning rows that may be shown and the moment to judge them at (a recording's
        own); None when unknown: never fetched, from the other kind of data, or too old."""
        state = snapshot.warnings
        if state is None or state.sample != snapshot.sample:
            return None
        if snapshot.sample:
            return state.warnings, state.updated_at
        if not _fresh(part_confirmed_at(snapshot, "warnings"), now, self.warnings_withhold_after):
            return None
        return state.warnings, now

    @property
    def warnings_withhold_after(self) -> timedelta:
        """The warnings' limit as a duration."""
        return timedelta(minutes=self.warnings_withhold_after_minutes)

    def warnings_change(self, snapshot: Snapshot, now: datetime) -> datetime | None:
        """When the warnings shown change without a new snapshot: the list turns too old, or
        a held row takes effect (never for sample)."""
        state = snapshot.warnings
        if snapshot.sample or state is None:
            return None
        # Still shown at the limit itself: they turn unknown at the first moment past it.
        moments = [part_confirmed_at(snapshot, "warnings") + self.warnings_withhold_after
                   + timedelta.resolution, next_warning_change(state.warnings, now)]
        return min((m for m in moments if m is not None and m > now), default=None)

    @property
    def air_withhold_after(self) -> timedelta:
        """The fine dust limit as a duration."""
        return timedelta(minutes=self.air_withhold_after_minutes)

    def air_of(self, snapshot: Snapshot, now: datetime
               ) -> tuple[AirState, AirStationsState, datetime | None] | None:
        """The fine dust parts that may be shown and the oldest measurement that may (None:
        any, a recording's); None when unknown: a part never fetched, from the other kind of
        data, or too old."""
        air, stations = snapshot.air, snapshot.air_stations
        if air is None or stations is None:
            return None
        if air.sample != snapshot.sample or stations.sample != snapshot.sample:
            return None
        if snapshot.sample:
            return air, stations, None
        if not _fresh(part_confirmed_at(snapshot, "air"), now, self.air_withhold_after):
            return None
        return air, stations, now - self.air_withhold_after

    def air_change(self, snapshot: Snapshot, now: datetime) -> datetime | None:
        """When the fine dust shown changes without a new snapshot: the part, or any
        station's hour, turns too old (never for sample)."""
        air = snapshot.air
        if snapshot.sample or air is None:
            return None
        hours = {part_confirmed_at(snapshot, "air")} | {
            reading.measured_at for reading in air.readings.values()}
        # Still shown at the limit itself: they turn unknown at the first moment past it (a
        # rendering at the limit must not wait for the next change to drop them).
        past = self.air_withhold_after + timedelta.resolution
        return min((m for hour in hours if (m := hour + past) > now), default=None)

    @property
    def forecast_withhold_after(self) -> timedelta:
        """The forecast's limit as a duration."""
        return timedelta(minutes=self.forecast_withhold_after_minutes)

    def forecast_of(self, snapshot: Snapshot, now: datetime
                    ) -> tuple[ForecastState, datetime] | None:
        """The forecast part and the moment to show it as of (a recording's own); None when
        unknown: never fetched, or from the other kind of data. Each cell's own age is
        judged with ``forecast_fresh``."""
        state = snapshot.forecast
        if state is None or state.sample != snapshot.sample:
            return None
        return state, state.updated_at if snapshot.sample else now

    def forecast_fresh(self, issued_at: datetime, now: datetime, sample: bool) -> bool:
        """Whether a cell's newest issuance may still be shown at ``now``."""
        return sample or _fresh(issued_at, now, self.forecast_withhold_after)

    def forecast_change(self, snapshot: Snapshot, now: datetime) -> datetime | None:
        """When the forecast shown changes without a new snapshot: today's chance of rain
        at the next hour (it covers the hours still ahead), or a cell turning too old."""
        state = snapshot.forecast
        if snapshot.sample or state is None or not state.cells:
            return None
        moments = [hour_of(now) + timedelta(hours=1)] + [
            cell.issued_at + self.forecast_withhold_after for cell in state.cells.values()]
        return min((m for m in moments if m > now), default=None)

    def is_current(self, snapshot: Snapshot, now: datetime) -> bool:
        """True when the last successful refresh (a check that changed nothing included) is
        within the stale limit (and not dated in the future), or it is sample."""
        return snapshot.sample or _fresh(checked_at(snapshot), now, self.stale_after)


def part_confirmed_at(snapshot: Snapshot, part: str) -> datetime:
    """When a feed's part (present in the snapshot) was last confirmed: stored or checked."""
    state = getattr(snapshot, part)
    return confirmed_at(state.updated_at, snapshot.checks, part)


def checked_at(snapshot: Snapshot) -> datetime:
    """When the observations were last confirmed: stored, or checked unchanged since."""
    return confirmed_at(snapshot.updated_at, snapshot.checks, OBSERVATIONS)


def holds_hour(snapshot: Snapshot, city_ids: Iterable[str], hour: datetime) -> bool:
    """True when every city holds an observation of ``hour`` or later (sample: always)."""
    if snapshot.sample:
        return True
    for city_id in city_ids:
        observation = snapshot.observation(city_id)
        if observation is None or observation.observed_at is None:
            return False
        if observation.observed_at < hour:
            return False
    return True
