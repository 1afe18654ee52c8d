"""The ``wrn_now_data`` parser: every row as KMA wrote it, or the whole body refused."""

from __future__ import annotations

from datetime import datetime

import pytest
from support.payloads import CANARY_KEY, fixture_text
from support.warning_payloads import (
    WRN_CASES,
    WRN_EMPTY,
    WRN_SEOUL_REAL,
    data_rows,
    fixture_cp949,
    framed,
)

from ticker.core.errors import MalformedPayloadError
from ticker.core.kst import KST
from ticker.core.warnings import HeldWarning
from ticker.upstream.apihub.warnings import parse_warnings

ROW = ("L1100000, 서울특별시 , L1100400, 서울서북권 , 202607241000, 202607241100, 폭염 , 주의 , "
       "발표, ,=")


def malformed(text: str) -> str:
    with pytest.raises(MalformedPayloadError) as caught:
        parse_warnings(text)
    message = str(caught.value)
    assert message.startswith("wrn_now_data: ")
    return message


def test_the_real_rows_read_as_kma_wrote_them() -> None:
    rows = parse_warnings(framed(data_rows(WRN_SEOUL_REAL)))
    assert rows[0] == HeldWarning(
        zone_id="L1100300", zone="서울서남권", kind="폭염", level="경보", command="변경",
        issued_at=datetime(2026, 7, 29, 10, 0, tzinfo=KST),
        effective_at=datetime(2026, 7, 29, 11, 0, tzinfo=KST))
    assert [(row.zone_id, row.kind, row.level) for row in rows] == [
        ("L1100300", "폭염", "경보"), ("L1100100", "폭염", "경보"), ("L1100200", "폭염", "경보"),
        ("L1100400", "폭염", "주의"), ("L1100200", "열대야", "주의")]
    assert {row.issued_at.utcoffset() for row in rows} == {KST.utcoffset(None)}


def test_the_real_excerpt_alone_is_refused_for_its_missing_frame() -> None:
    # The source quoted the rows without #START7777/#7777END; a body like that could be cut.
    assert "#START7777" in malformed(fixture_cp949(WRN_SEOUL_REAL))


def test_every_row_of_the_cases_recording_in_the_order_sent() -> None:
    rows = parse_warnings(fixture_cp949(WRN_CASES))
    assert len(rows) == len(data_rows(WRN_CASES)) == 25
    # Padding is stripped from every field, KMA's wide columns included.
    assert rows[0].zone == "서울서남권" and rows[4].kind == "열대야"
    assert {row.level for row in rows} == {"주의", "경보", "중대경보", "예비", "관심"}
    assert {row.command for row in rows} == {"발표", "변경", "대치", "해제"}
    assert [row.zone_id for row in rows if row.marine] == ["S1132110"]


def test_unknown_kind_and_level_are_kept_as_they_are() -> None:
    rows = parse_warnings(fixture_cp949(WRN_CASES))
    assert [(row.kind, row.level) for row in rows if row.zone_id in ("L1030100", "L1091320")] == [
        ("가뭄", "주의"), ("황사", "관심")]


def test_ed_tm_may_hold_commas_and_is_left_unread() -> None:
    [gyeongju] = [row for row in parse_warnings(fixture_cp949(WRN_CASES))
                  if row.zone_id == "L1073110"]
    assert (gyeongju.kind, gyeongju.level, gyeongju.command) == ("폭염", "경보", "발표")
    free_text = ROW.replace(", ,=", ", 07일 오전(09시~12시), 또는, 오후,,=")
    assert parse_warnings(framed([free_text])) == parse_warnings(framed([ROW]))


def test_an_empty_framed_answer_means_nothing_in_force_anywhere() -> None:
    assert parse_warnings(fixture_cp949(WRN_EMPTY)) == ()
    assert parse_warnings("#START7777\n#7777END\n") == ()


def test_comment_lines_blank_lines_and_crlf_are_not_rows() -> None:
    body = "\r\n".join(["#START7777", "# legend", "", ROW, "#7777END", ""])
    assert len(parse_warnings(body)) == 1


@pytest.mark.parametrize(("body", "said"), [
    ("", "does not start with #START7777"),
    ("<html><body>서비스 점검 중</body></html>", "does not start with #START7777"),
    ('{"result":{"status":403,"message":"허용되지 않은 API 입니다."}}',
     "does not start with #START7777"),
    (f"#START7777\n{ROW}\n", "does not end with #7777END"),
    (f"#START7777\n{ROW}\n{ROW[:40]}", "does not end with #7777END"),
    (f"#START7777\n{ROW}\n#7777END\n{ROW}\n", "does not end with #7777END"),
    (f"{ROW}\n#7777END\n", "does not start with #START7777"),
])
def test_a_body_not_framed_is_refused_whole(body: str, said: str) -> None:
    assert said in malformed(body)


@pytest.mark.parametrize(("row", "said"), [
    (ROW.replace("202607241000", "2026072410"), "line 2: TM_FC is not a time"),
    (ROW.replace("202607241100", "202613241100"), "line 2: TM_EF is not a time"),
    (ROW.replace("L1100400", "서울서북권"), "line 2: REG_ID is not a zone code"),
    (ROW.replace(", 폭염 ,", ", ,"), "line 2: WRN is empty"),
    (ROW.replace(", 주의 ,", ", ,"), "line 2: LVL is empty"),
    (ROW.replace("발표", ""), "line 2: CMD is empty"),
    (ROW.replace(", ,=", ",="), "line 2 has 9 fields, expected 10"),
    (ROW.removesuffix("="), "line 2 does not end with ',='"),
    (ROW.replace(", 발표, ,=", ""), "line 2 does not end with ',='"),
    ("L1100000, 서울특별시 ,=", "line 2 has 2 fields"),
])
def test_one_bad_row_refuses_the_whole_body(row: str, said: str) -> None:
    # A bad row among good ones is not skipped: skipping a lifting (해제) row would show a
    # lifted warning as in force, so the last good list is kept instead.
    body = framed([row, *data_rows(WRN_CASES)])
    assert said in malformed(body)


def test_a_body_cut_at_a_line_break_is_refused_not_shortened() -> None:
    lines = fixture_cp949(WRN_CASES).splitlines(keepends=True)
    for cut in (len(lines) - 1, len(lines) // 2, 1):
        malformed("".join(lines[:cut]))


def test_the_key_is_never_in_a_message() -> None:
    # An error page may echo the request URL; no message quotes the body's text.
    page = f"<html>GET /api/typ01/url/wrn_now_data.php?authKey={CANARY_KEY}</html>"
    bad_row = ROW.replace("202607241000", CANARY_KEY)
    bad_zone = ROW.replace("L1100400", CANARY_KEY)
    for body in (page, framed([bad_row]), framed([bad_zone]), f"#START7777\n{CANARY_KEY}\n"):
        assert CANARY_KEY not in malformed(body)


def test_the_401_envelope_as_text_is_refused() -> None:
    assert "#START7777" in malformed(fixture_text("apihub_http401_invalid_key.real.json"))
