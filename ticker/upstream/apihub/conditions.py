"""The one condition table for ASOS rows: WW / WC / cloud amount -> our condition.

Rules are tried in this order (docs/kma.md, "Recommended mapping"), first match wins:
1. a precipitation or thunder code in WW (the domestic code string), first listed first;
2. WC, the WMO 4677 present-weather code, when the station sent one;
3. WW 19 (박무) or WW 40 (연무);
4. total cloud amount in tenths: 0–2 맑음, 3–5 구름조금, 6–8 구름많음, 9–10 흐림;
5. nothing usable: ``unknown`` — never a guess, never a value from another hour.

KMA does not publish the WW table; rows marked UNVERIFIED are inferred from real rows and
stay here, in one place, to be changed when better evidence arrives.
"""

from __future__ import annotations

from ticker.core.conditions import Condition
from ticker.upstream.apihub.sfctm2 import AsosRow

# Rule 1: domestic WW precipitation codes (empirical list, search-index id 70539500628).
WW_PRECIPITATION: dict[str, Condition] = {
    "01": Condition.RAIN,      # 비
    "02": Condition.DRIZZLE,   # 이슬비
    "04": Condition.SHOWER,    # 소나기
    "05": Condition.SNOW,      # 눈
    "06": Condition.SLEET,     # 진눈깨비
    "08": Condition.SNOW,      # 소낙눈 (snow shower): shown as 눈
    "09": Condition.SLEET,     # 소낙성 진눈깨비: shown as 진눈깨비
    "10": Condition.SNOW,      # 싸락눈 (snow pellets): shown as 눈
    "11": Condition.SNOW,      # 가루눈 (powder snow): shown as 눈
    "12": Condition.HAIL,      # 우박류
    "13": Condition.HAIL,      # 우박류
    "14": Condition.HAIL,      # 우박류
}

# Rule 2: WMO code table 4677 (ww), inclusive ranges. In 2025–2026 rows WC is mostly -9.
WC_RANGES: tuple[tuple[int, int, Condition | None], ...] = (
    (0, 3, None),                    # cloud development only: fall through to the sky rule
    (4, 5, Condition.HAZE),          # smoke, haze: 연무
    (6, 9, Condition.DUST),          # dust or sand in suspension / raised: 황사
    (10, 10, Condition.MIST),        # mist: 박무
    (11, 12, Condition.FOG),         # shallow fog: 안개
    (13, 13, Condition.THUNDERSTORM),  # lightning visible (번개): shown as 뇌우
    (14, 16, None),                  # precipitation in sight, not at the station
    (17, 17, Condition.THUNDERSTORM),  # thunder without precipitation (뇌전): shown as 뇌우
    (18, 19, None),                  # squalls, funnel clouds: no wording of ours
    (20, 29, None),                  # past-hour phenomena, not "now": fall through
    (30, 35, Condition.DUST),        # dust or sand storm: 황사
    (36, 39, Condition.SNOW),        # drifting or blowing snow (눈보라): shown as 눈
    (40, 49, Condition.FOG),         # fog: 안개
    (50, 59, Condition.DRIZZLE),     # drizzle: 이슬비
    (60, 67, Condition.RAIN),        # rain (66–67 freezing rain): 비
    (68, 69, Condition.SLEET),       # rain and snow: 진눈깨비
    (70, 79, Condition.SNOW),        # snow, snow grains (77 싸락눈): 눈
    (80, 82, Condition.SHOWER),      # rain showers: 소나기
    (83, 84, Condition.SLEET),       # showers of rain and snow: 진눈깨비
    (85, 86, Condition.SNOW),        # snow showers (소낙눈): 눈
    (87, 90, Condition.HAIL),        # hail showers: 우박
    (91, 99, Condition.THUNDERSTORM),  # thunderstorm: 뇌우
)

# Rule 3: obscuration codes in WW.
WW_OBSCURATION: dict[str, Condition] = {
    "19": Condition.MIST,   # 박무 — UNVERIFIED, inferred from real rows (VS 1–8 km, RH 86–98 %)
    "40": Condition.HAZE,   # 연무 — UNVERIFIED, one real item (VS 3.1 km, RH 76 %)
}

# Rule 4: total cloud amount in tenths (observation wording keeps four tiers).
CLOUD_TIERS: tuple[tuple[int, int, Condition], ...] = (
    (0, 2, Condition.CLEAR),           # 맑음
    (3, 5, Condition.PARTLY_CLOUDY),   # 구름조금
    (6, 8, Condition.MOSTLY_CLOUDY),   # 구름많음
    (9, 10, Condition.OVERCAST),       # 흐림
)


def _from_ranges(value: int, ranges: tuple[tuple[int, int, Condition | None], ...]
                 ) -> Condition | None:
    for low, high, condition in ranges:
        if low <= value <= high:
            return condition
    return None


def condition_from_row(row: AsosRow) -> Condition:
    """Map one ASOS row to our condition, following the rule order above."""
    for code in row.ww:
        if code in WW_PRECIPITATION:
            return WW_PRECIPITATION[code]
    if row.wc is not None:
        from_wc = _from_ranges(row.wc, WC_RANGES)
        if from_wc is not None:
            return from_wc
    for code in row.ww:
        if code in WW_OBSCURATION:
            return WW_OBSCURATION[code]
    if row.ca_tot is not None:
        from_cloud = _from_ranges(row.ca_tot, CLOUD_TIERS)
        if from_cloud is not None:
            return from_cloud
    return Condition.UNKNOWN
