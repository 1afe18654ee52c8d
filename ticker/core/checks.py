"""When each part of the snapshot was last confirmed by a successful fetch, kept beside it.

A refresh that brings nothing new stores no new snapshot version (so no ETag changes), yet
its data was just confirmed: that moment is what the freshness limits and readiness judge.
It lives in its own small record beside the snapshot (a file, a Redis hash), read by every
web worker and node, and never in the snapshot's body, whose every change is a new version.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ticker.core.held import HeldModel, KstTime

# The observations' name in the record; every other feed's is its Snapshot field (``part``).
OBSERVATIONS = "observations"


class Checks(HeldModel):
    """The last successful check of each part, by name; a part never checked is absent."""

    at: dict[str, KstTime] = Field(default_factory=dict)

    def of(self, part: str) -> datetime | None:
        """When ``part`` was last checked, if ever."""
        return self.at.get(part)

    @property
    def stamp(self) -> tuple[tuple[str, datetime], ...]:
        """The record as a hashable value: a rendering made with an older one may show a part
        as unknown that a newer check keeps shown."""
        return tuple(sorted(self.at.items()))

    def with_check(self, part: str, moment: datetime) -> Checks:
        """This record with ``part`` checked at ``moment`` (a check never goes back)."""
        moment = moment.replace(microsecond=0)
        held = self.at.get(part)
        if held is not None and held >= moment:
            return self
        return Checks(at={**self.at, part: moment})


NO_CHECKS = Checks()


def confirmed_at(updated_at: datetime, checks: Checks, part: str) -> datetime:
    """When a part stored at ``updated_at`` was last known good: its store or a later check."""
    checked = checks.of(part)
    return updated_at if checked is None or checked < updated_at else checked
