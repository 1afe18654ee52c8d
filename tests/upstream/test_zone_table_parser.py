"""The ``wrn_reg_aws2`` parser: each observing station's warning zone, or the body refused."""

from __future__ import annotations

import pytest
from support.payloads import CANARY_KEY
from support.warning_payloads import ZONES_CASES, data_rows, fixture_cp949, framed

from ticker.core.errors import MalformedPayloadError
from ticker.core.zones import ZoneRow
from ticker.upstream.apihub.warnings import parse_zone_table

# KMA's own source prints the fields joined by commas, unpadded, each row ending ",=" after
# WRN_SORT's comma (id 24589350453).
ROW = "108,서울,0,126.9658,37.57142,0,L1100000,L1100400,서울서북권,108,0,="


def malformed(text: str) -> str:
    with pytest.raises(MalformedPayloadError) as caught:
        parse_zone_table(text)
    message = str(caught.value)
    assert message.startswith("wrn_reg_aws2: ")
    return message


def test_a_row_gives_the_station_its_position_and_zone() -> None:
    assert parse_zone_table(framed([ROW])) == (
        ZoneRow(station=108, name="서울", lon=126.9658, lat=37.57142, zone_id="L1100400",
                zone="서울서북권"),)


def test_padded_fields_read_alike() -> None:
    # Unverified whether the API Hub pads this table as it pads wrn_now_data: both read alike.
    padded = (" 108, 서울    , 0, 126.9658, 37.57142,  0, L1100000, L1100400, 서울서북권 , 108,"
              " 0 , =")
    assert parse_zone_table(framed([padded])) == parse_zone_table(framed([ROW]))


def test_the_cases_table() -> None:
    rows = parse_zone_table(fixture_cp949(ZONES_CASES))
    assert len(rows) == len(data_rows(ZONES_CASES)) == 21
    assert {row.zone_id for row in rows if row.station in (400, 406, 410, 108)} == {
        "L1100100", "L1100200", "L1100300", "L1100400"}
    assert 238 not in {row.station for row in rows}


def test_names_in_parentheses_are_one_field() -> None:
    row = ROW.replace("L1100400,서울서북권", "L1061610,군산시(옥도면 제외)")
    [zone] = parse_zone_table(framed([row]))
    assert zone.zone == "군산시(옥도면 제외)"


@pytest.mark.parametrize(("body", "said"), [
    ("#START7777\n#7777END\n", "the table has no rows"),
    ("#START7777\n# STN_ID,STN_KO\n#7777END\n", "the table has no rows"),
    ("", "does not start with #START7777"),
    ("<!DOCTYPE html><html><title>오류</title></html>", "does not start with #START7777"),
    ('{"result":{"status":401,"message":"유효한 인증키가 아닙니다."}}',
     "does not start with #START7777"),
    (f"#START7777\n{ROW}\n{ROW}\n", "does not end with #7777END"),
    (f"#START7777\n{ROW}\n{ROW[:30]}", "does not end with #7777END"),
])
def test_a_body_not_framed_or_empty_is_refused(body: str, said: str) -> None:
    assert said in malformed(body)


@pytest.mark.parametrize(("row", "said"), [
    (ROW.replace("108,서울", "X8,서울"), "line 2: STN_ID is not a station"),
    (ROW.replace("108,서울", "0,서울"), "line 2: STN_ID is not a station"),
    (ROW.replace(",서울,", ",,"), "line 2: STN_KO is empty"),
    (ROW.replace("126.9658", "east"), "line 2: LON is not a coordinate"),
    (ROW.replace("37.57142", "137.5"), "line 2: LAT is not a coordinate"),
    (ROW.replace("37.57142", "nan"), "line 2: LAT is not a coordinate"),
    (ROW.replace("L1100400", "서울서북권"), "line 2: WRN_ID is not a zone code"),
    (ROW.replace(",서울서북권,", ",,"), "line 2: WRN_KO is empty"),
    (ROW.replace(",0,=", ",="), "line 2 has 10 fields, expected 11"),
    (ROW.replace(",0,=", ",0,extra,="), "line 2 has 12 fields, expected 11"),
    (ROW.removesuffix(",="), "line 2 does not end with ',='"),
])
def test_one_bad_row_refuses_the_whole_table(row: str, said: str) -> None:
    good = data_rows(ZONES_CASES)
    assert said in malformed(framed([row, *good]))
    # Last of 21 good rows: line 23 of the body, after #START7777.
    assert said.replace("line 2", "line 23") in malformed(framed([*good, row]))


def test_a_table_cut_at_a_line_break_is_refused_not_shortened() -> None:
    lines = fixture_cp949(ZONES_CASES).splitlines(keepends=True)
    for cut in (len(lines) - 1, len(lines) // 2):
        malformed("".join(lines[:cut]))


def test_the_key_is_never_in_a_message() -> None:
    page = f"<html>https://apihub.kma.go.kr/api/typ01/url/wrn_reg_aws2.php?authKey={CANARY_KEY}"
    for body in (page, framed([ROW.replace("L1100400", CANARY_KEY)]),
                 framed([ROW.replace("108,서울", f"{CANARY_KEY},서울")]),
                 framed([ROW.replace("126.9658", CANARY_KEY)])):
        assert CANARY_KEY not in malformed(body)
