"""The default strip: the seed ticker's 16 stations, as the cities it shows, in display order.

Every station comes from the catalogue (``ticker.core.catalogue``), read when first asked for
(``load_catalogue``), never at import; a city is a station that a strip shows. Korean names are
exactly as KMA lists them: the 군/시 suffixes of 강진군 and 경주시 are part of the official
names, and 고창 is station 172, not 고창군 (251).
"""

from __future__ import annotations

# Display order is the ticker's (seed_ticker.csv), not station-number order.
DEFAULT_CITY_IDS: tuple[str, ...] = (
    "dongducheon", "gangneung", "seoul", "daejeon", "daegu", "ulsan", "gwangju", "busan",
    "gochang", "jeju", "ganghwa", "boeun", "geumsan", "gangjin", "gyeongju", "geoje",
)
