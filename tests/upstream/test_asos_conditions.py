"""Every row of the ASOS condition table, and the order in which the rules apply."""

from __future__ import annotations

import pytest
from support.payloads import SFCTM2_16, SFCTM2_SEOUL_REAL, data_lines, fixture_text
from support.stations import CATALOGUE

from ticker.core.conditions import Condition
from ticker.sources.asos import observation_from_row
from ticker.upstream.apihub.conditions import (
    CLOUD_TIERS,
    WC_RANGES,
    WW_OBSCURATION,
    WW_PRECIPITATION,
    condition_from_row,
)
from ticker.upstream.apihub.sfctm2 import AsosRow, parse_row, parse_sfctm2

BASE = parse_row(data_lines(SFCTM2_SEOUL_REAL)[0])


def row(**changes: object) -> AsosRow:
    """The real Seoul row with nothing notable, then ``changes``."""
    clean = {"ww": (), "wc": None, "ca_tot": None, "rn": None}
    return BASE.model_copy(update={**clean, **changes})


@pytest.mark.parametrize(("code", "expected"), sorted(WW_PRECIPITATION.items()))
def test_every_ww_precipitation_code(code: str, expected: Condition) -> None:
    assert condition_from_row(row(ww=(code,), ca_tot=0)) is expected


@pytest.mark.parametrize(("low", "high", "expected"), WC_RANGES)
def test_every_wc_range_at_both_ends(low: int, high: int, expected: Condition | None) -> None:
    # A range mapped to None falls through to the sky rule: cloud 0 tenths is clear.
    for code in (low, high):
        got = condition_from_row(row(wc=code, ca_tot=0))
        assert got is (expected or Condition.CLEAR), code


def test_wc_ranges_cover_every_code_once() -> None:
    covered = [code for low, high, _ in WC_RANGES for code in range(low, high + 1)]
    assert covered == list(range(100))


@pytest.mark.parametrize(("code", "expected"), sorted(WW_OBSCURATION.items()))
def test_every_ww_obscuration_code(code: str, expected: Condition) -> None:
    assert condition_from_row(row(ww=(code,), ca_tot=9)) is expected


@pytest.mark.parametrize(("low", "high", "expected"), CLOUD_TIERS)
def test_every_cloud_tier_at_both_ends(low: int, high: int, expected: Condition) -> None:
    assert condition_from_row(row(ca_tot=low)) is expected
    assert condition_from_row(row(ca_tot=high)) is expected


def test_cloud_tiers_cover_zero_to_ten() -> None:
    assert [c for low, high, _ in CLOUD_TIERS for c in range(low, high + 1)] == list(range(11))


def test_precipitation_in_ww_beats_wc_and_mist() -> None:
    assert condition_from_row(row(ww=("19", "01"), wc=10, ca_tot=0)) is Condition.RAIN


def test_first_listed_precipitation_code_wins() -> None:
    assert condition_from_row(row(ww=("05", "01"))) is Condition.SNOW


def test_wc_beats_ww_mist_and_clouds() -> None:
    assert condition_from_row(row(ww=("19",), wc=45, ca_tot=0)) is Condition.FOG


def test_ww_mist_beats_clouds() -> None:
    assert condition_from_row(row(ww=("19",), ca_tot=10)) is Condition.MIST


@pytest.mark.parametrize("ca_tot", [None, 11, 42])
def test_no_usable_data_is_unknown_not_a_guess(ca_tot: int | None) -> None:
    assert condition_from_row(row(ca_tot=ca_tot)) is Condition.UNKNOWN


def test_unknown_ww_code_falls_through_to_clouds() -> None:
    assert condition_from_row(row(ww=("99",), ca_tot=7)) is Condition.MOSTLY_CLOUDY


def test_missing_temperature_keeps_the_condition() -> None:
    observation = observation_from_row(CATALOGUE.by_number(108), row(ta=None, ca_tot=4), "asos")
    assert observation.temperature_c is None
    assert observation.condition is Condition.PARTLY_CLOUDY


def test_missing_condition_keeps_the_temperature() -> None:
    observation = observation_from_row(CATALOGUE.by_number(108), row(ta=-9.0), "asos")
    assert observation.temperature_c == -9.0
    assert observation.condition is Condition.UNKNOWN


def test_constructed_sample_maps_to_the_documented_wording() -> None:
    conditions = {r.station: condition_from_row(r) for r in parse_sfctm2(fixture_text(SFCTM2_16))}
    assert conditions[108] is Condition.CLEAR           # CA 0
    assert conditions[143] is Condition.MIST            # WW 19
    assert conditions[152] is Condition.MOSTLY_CLOUDY   # CA 7
    assert conditions[156] is Condition.PARTLY_CLOUDY   # CA 3
    assert conditions[159] is Condition.OVERCAST        # CA 9
    assert conditions[184] is Condition.RAIN            # WW 01 with CA 10
