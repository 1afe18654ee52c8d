"""KMA's feels-like: hand-computed tables, KMA's published examples, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ticker.core.feels_like import (
    feels_like,
    round_tenth,
    summer_feels_like,
    wet_bulb_stull,
    wind_chill,
)

JANUARY, APRIL, MAY, JULY, SEPTEMBER, OCTOBER = 1, 4, 5, 7, 9, 10
WINTER_MONTHS = (10, 11, 12, 1, 2, 3, 4)
SUMMER_MONTHS = (5, 6, 7, 8, 9)

temperatures = st.floats(min_value=-60, max_value=60, allow_nan=False)
winds = st.floats(min_value=0, max_value=80, allow_nan=False)
humidities = st.floats(min_value=0, max_value=100, allow_nan=False)


def test_seoul_in_a_real_january_nowcast() -> None:
    # getUltraSrtNcst_60_127_20260122_1100.real.json: T1H -8.1, WSD 3.2, REH 34. By hand:
    # V = 3.2 × 3.6 = 11.52 km/h, V^0.16 = e^(0.16 · ln 11.52) = 1.47853;
    # 13.12 − 5.03415 − 16.81089 − 4.74855 = −13.4736 → −13.5.
    assert feels_like(-8.1, 3.2, 34, JANUARY) == -13.5


@pytest.mark.parametrize(("temperature", "wind", "expected"), [
    (-9.0, 1.3, -11.6),  # exactly the wind threshold: the formula applies
    (-9.0, 1.29, -9.0),  # just below it: the temperature
    (10.0, 5.0, 7.6),  # exactly the temperature threshold
    (10.1, 5.0, 10.1),  # just above it
    (0.0, 10.0, -7.1),
    (-20.0, 15.0, -35.8),
    (5.0, 2.5, 2.9),
    (-9.0, None, -9.0),  # missing wind
    (-9.0, 0.0, -9.0),  # calm
    (-9.0, -1.0, -9.0),  # impossible wind counts as missing
    (-9.0, float("nan"), -9.0),
    (-9.04, 0.5, -9.0),  # the temperature, rounded like every result
])
def test_winter_table(temperature: float, wind: float | None, expected: float) -> None:
    assert feels_like(temperature, wind, 50, JANUARY) == expected


@pytest.mark.parametrize(("temperature", "kmh", "published"), [
    (-10.0, 5.0, -13),
    (-10.0, 30.0, -20),
    (-5.0, 40.0, -14),
])
def test_kmas_published_winter_examples(temperature: float, kmh: float, published: int) -> None:
    # KMA's wind chill explainer as reported by Yonhap (한국경제TV, 2013-11-19: −10 ℃ at
    # 5 km/h is −13 ℃, −5 ℃ at 40 km/h is −14 ℃) and quoted from KMA's help page
    # (coolsoo.blogspot.com, 2009-02: −10 ℃ at 30 km/h is −20 ℃). Published as whole degrees.
    result = feels_like(temperature, kmh / 3.6, None, JANUARY)
    assert result is not None and round(result) == published


@pytest.mark.parametrize(("temperature", "humidity", "expected"), [
    (30.0, 70.0, 31.3),
    (25.0, 80.0, 27.0),
    (35.0, 55.0, 35.0),
    (28.4, 91.0, 31.3),
    (20.0, 50.0, 19.8),
    (33.0, None, 33.0),  # missing humidity
    (33.0, 101.0, 33.0),  # impossible humidity counts as missing
    (33.0, -1.0, 33.0),
])
def test_summer_table(temperature: float, humidity: float | None, expected: float) -> None:
    assert feels_like(temperature, 9.0, humidity, JULY) == expected


def test_stulls_own_wet_bulb_example() -> None:
    # Stull (2011), J. Appl. Meteor. Climatol. 50, 2267: T = 20 ℃, RH = 50 % gives
    # Tw = 13.7 ℃.
    assert round(wet_bulb_stull(20.0, 50.0), 1) == 13.7


def test_kmas_published_summer_examples_differ_by_the_same_steps() -> None:
    # KMA's 2020 examples for 33 ℃ (JTBC 2020-05-27; 조선일보 신문은 선생님 2020-08-07): 40 % →
    # 31.9, 50 % → 33.0, 60 % → 34.0. Each is 0.5 above the formula of the 2022 revision
    # that issue 13 prescribes (a constant term changed between them), so the level is not
    # comparable; how humidity moves the value is, and it matches to the tenth.
    published = [31.9, 33.0, 34.0]
    ours = [summer_feels_like(33.0, humidity) for humidity in (40.0, 50.0, 60.0)]
    assert [feels_like(33.0, None, h, JULY) for h in (40, 50, 60)] == [31.4, 32.5, 33.5]
    assert all(abs(p - o - 0.5) < 0.05 for p, o in zip(published, ours, strict=True))


@pytest.mark.parametrize(("month", "expected"), [
    (APRIL, -13.5), (MAY, -8.1), (SEPTEMBER, -8.1), (OCTOBER, -13.5),
])
def test_the_season_follows_the_month(month: int, expected: float) -> None:
    # Wind but no humidity: wind chill in winter, the bare temperature in summer.
    assert feels_like(-8.1, 3.2, None, month) == expected


@pytest.mark.parametrize("month", range(1, 13))
def test_no_temperature_means_no_feels_like(month: int) -> None:
    assert feels_like(None, 5.0, 50.0, month) is None


@pytest.mark.parametrize("month", [0, 13, -1, True, 5.0])
def test_a_month_outside_the_year_is_refused(month: object) -> None:
    with pytest.raises(ValueError, match=r"^month must be"):
        feels_like(1.0, 1.0, 1.0, month)  # type: ignore[arg-type]


@pytest.mark.parametrize("temperature", [float("nan"), float("inf"), 100.1, -1e300])
def test_an_impossible_temperature_is_refused(temperature: float) -> None:
    with pytest.raises(ValueError, match=r"^temperature_c must be"):
        feels_like(temperature, 1.0, 1.0, JANUARY)


@pytest.mark.parametrize(("value", "expected"), [
    (2.25, 2.3), (-2.25, -2.3), (2.675, 2.7), (-15.25, -15.3), (-0.04, 0.0), (0.05, 0.1),
])
def test_round_tenth_rounds_halves_away_from_zero(value: float, expected: float) -> None:
    assert round_tenth(value) == expected


def test_round_tenth_never_gives_negative_zero() -> None:
    assert f"{round_tenth(-0.04):.1f}" == "0.0"


@given(temperatures, st.one_of(st.none(), winds), st.one_of(st.none(), humidities),
       st.sampled_from(WINTER_MONTHS))
def test_winter_is_never_above_the_temperature(
        temperature: float, wind: float | None, humidity: float | None, month: int) -> None:
    result = feels_like(temperature, wind, humidity, month)
    assert result is not None and result <= round_tenth(temperature)


@given(temperatures, winds, winds, st.sampled_from(WINTER_MONTHS))
def test_winter_never_warms_as_the_wind_rises(
        temperature: float, wind_a: float, wind_b: float, month: int) -> None:
    calm, windy = sorted((wind_a, wind_b))
    colder = feels_like(temperature, windy, None, month)
    warmer = feels_like(temperature, calm, None, month)
    assert colder is not None and warmer is not None and colder <= warmer


@given(temperatures, winds, humidities, humidities, st.sampled_from(WINTER_MONTHS))
def test_winter_ignores_humidity(temperature: float, wind: float, h1: float, h2: float,
                                 month: int) -> None:
    assert feels_like(temperature, wind, h1, month) == feels_like(temperature, wind, h2, month)


@given(temperatures, winds, winds, humidities, st.sampled_from(SUMMER_MONTHS))
def test_summer_ignores_wind(temperature: float, w1: float, w2: float, humidity: float,
                             month: int) -> None:
    assert (feels_like(temperature, w1, humidity, month)
            == feels_like(temperature, w2, humidity, month))


@given(st.floats(min_value=10, max_value=45), st.floats(min_value=5, max_value=99),
       st.floats(min_value=5, max_value=99))
def test_summer_never_cools_as_humidity_rises(temperature: float, h1: float,
                                              h2: float) -> None:
    # Within Stull's fitted range (RH 5–99 %) and summer temperatures; below about 4 ℃ the
    # wet-bulb fit itself is not monotone in humidity.
    dry, humid = sorted((h1, h2))
    assert feels_like(temperature, None, dry, JULY) <= feels_like(temperature, None, humid, JULY)


@given(temperatures, st.one_of(st.none(), winds), st.one_of(st.none(), humidities),
       st.integers(min_value=1, max_value=12))
def test_every_result_is_a_tenth(temperature: float, wind: float | None,
                                 humidity: float | None, month: int) -> None:
    result = feels_like(temperature, wind, humidity, month)
    assert result is not None and round_tenth(result) == result


@given(st.floats(min_value=-60, max_value=10), st.floats(min_value=1.3, max_value=80))
def test_winter_equals_the_formula_where_it_applies(temperature: float, wind: float) -> None:
    expected = round_tenth(wind_chill(temperature, wind * 3.6))
    assert feels_like(temperature, wind, None, JANUARY) == expected
