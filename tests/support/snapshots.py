"""Snapshots for store tests: every city at one temperature, told apart by that value."""

from __future__ import annotations

from datetime import datetime

from support.clock import NOW
from support.stations import CITIES
from ticker.core.conditions import Condition
from ticker.core.observations import Observation, Snapshot


def snapshot(temperature: float, updated_at: datetime = NOW) -> Snapshot:
    """A snapshot of all cities at one temperature."""
    observations = tuple(
        Observation(city_id=city.id, temperature_c=temperature, condition=Condition.CLEAR,
                    observed_at=NOW, source="asos")
        for city in CITIES)
    return Snapshot(source="asos", sample=False, updated_at=updated_at,
                    observations=observations)
