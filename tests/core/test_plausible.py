"""The one table of plausible values: finite, within inclusive bounds, else missing."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime

import pytest

from ticker.core import plausible
from ticker.core.kst import KST
from ticker.core.plausible import Readings, screened


@pytest.mark.parametrize("value", [None, math.nan, math.inf, -math.inf, 1e308, -60.1, 60.1])
def test_anything_but_a_finite_value_in_bounds_is_missing(value: float | None) -> None:
    assert plausible.temperature(value) is None


@pytest.mark.parametrize(("check", "value"), [
    (plausible.temperature, -60.0), (plausible.temperature, 60.0), (plausible.humidity, 0.0),
    (plausible.humidity, 100.0), (plausible.wind, 0.0), (plausible.wind, 75.0)])
def test_the_bounds_are_inclusive(check: Callable[[float | None], float | None],
                                  value: float) -> None:
    assert check(value) == value


def test_screening_keeps_each_plausible_value_and_drops_the_rest() -> None:
    hour = datetime(2031, 1, 1, tzinfo=KST)
    assert screened(Readings(3.8, -1.0, 50.0), "test place", hour) == Readings(3.8, None, 50.0)
    assert screened(Readings(None, None, None), "test place", hour) == Readings(None, None, None)
