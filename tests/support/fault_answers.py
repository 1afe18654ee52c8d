"""The fault modes and the answer each gives: a recorded reply, or a failure built from it."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from support.datagokr_payloads import XML_TYPE, document
from support.fakekma import Reply, Request
from support.payloads import SFCTM2_NO_ROWS, fixture_bytes
from ticker.upstream.apihub.client import SFCTM2_PATH
from ticker.upstream.datagokr.client import NCST_PATH

MODES = ("ok", "5xx", "429", "503", "hang", "trickle", "slow_headers", "reset", "truncated",
         "wrong_content_type", "xml_envelope", "empty_items", "one_item", "garbage", "huge")
FAILING = tuple(mode for mode in MODES if mode != "ok")
# Modes whose answers still carry usable data (odd but valid); every other mode is a failure.
DATA_MODES = ("ok", "wrong_content_type", "one_item")
HUGE_BYTES = 10 * 1024 * 1024
# The portal gateway's XML envelope, sent with HTTP 200. The default reason, 23 (the
# per-second limit), is worth retrying; 22 (quota) and 30 (key) stop the source.
GATEWAY_XML = ("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
               "<returnAuthMsg>{name}</returnAuthMsg><returnReasonCode>{code}</returnReasonCode>"
               "</cmmMsgHeader></OpenAPI_ServiceResponse>")
GATEWAY_NAMES = {"22": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
                 "23": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_PER_SECOND_EXCEEDS_ERROR",
                 "30": "SERVICE_KEY_IS_NOT_REGISTERED_ERROR"}


@dataclass
class Answer:
    """What one request gets: a reply, and how to deliver it."""

    reply: Reply
    headers: dict[str, str] = field(default_factory=dict)
    delivery: str = "whole"  # whole | hang | trickle | slow_headers | reset | truncated


def _json(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def _one_item(request: Request, ok: Reply) -> Reply:
    if request.path == SFCTM2_PATH:
        lines = ok.body.decode("cp949").splitlines()
        data = [line for line in lines if not line.startswith("#")]
        kept = [line for line in lines if line.startswith("#") or line == data[0]]
        return Reply(body=("\n".join(kept) + "\n").encode("cp949"), content_type=ok.content_type)
    items = json.loads(ok.body)["response"]["body"]["items"]["item"]
    wanted = "T1H" if request.path == NCST_PATH else "SKY"
    # One item arrives as a bare object, not a one-element list.
    item = next(row for row in items if row["category"] == wanted)
    return Reply(body=_json(document(item)), content_type=ok.content_type)


def _empty(request: Request, ok: Reply) -> Reply:
    if request.path == SFCTM2_PATH:
        return Reply(body=fixture_bytes(SFCTM2_NO_ROWS), content_type=ok.content_type)
    return Reply(body=_json(document("")), content_type=ok.content_type)


def _huge(request: Request, ok: Reply) -> Reply:
    # Padding that keeps the body valid: only the size cap can stop it being accepted.
    if request.path == SFCTM2_PATH:
        line = b"#" + b"-" * 1022 + b"\n"
        return Reply(body=line * (HUGE_BYTES // len(line)) + ok.body, content_type=ok.content_type)
    return Reply(body=ok.body + b" " * HUGE_BYTES, content_type=ok.content_type)


def answer_for(mode: str, request: Request, ok: Reply, retry_after: str = "2",
               xml_reason: str = "23") -> Answer:
    """The answer to ``request`` in ``mode``, built from the healthy reply ``ok``."""
    if mode in ("ok", "hang", "trickle", "slow_headers", "reset", "truncated"):
        return Answer(ok, delivery="whole" if mode == "ok" else mode)
    if mode == "5xx":
        return Answer(Reply(500, b"<html><body>Internal Server Error</body></html>", "text/html"))
    if mode in ("429", "503"):
        return Answer(Reply(int(mode), b"<html><body>Try again later</body></html>", "text/html"),
                      headers={"Retry-After": retry_after})
    if mode == "wrong_content_type":
        other = "text/html;charset=euc-kr" if request.path != SFCTM2_PATH else "application/json"
        return Answer(Reply(ok.status, ok.body, other))
    if mode == "xml_envelope":
        name = GATEWAY_NAMES.get(xml_reason, "SERVICE_ERROR")
        body = GATEWAY_XML.format(name=name, code=xml_reason).encode()
        return Answer(Reply(200, body, XML_TYPE))
    if mode == "empty_items":
        return Answer(_empty(request, ok))
    if mode == "one_item":
        return Answer(_one_item(request, ok))
    if mode == "garbage":
        noise = random.Random(f"{request.path}{request.raw_query}").randbytes(4096)
        return Answer(Reply(200, noise, ok.content_type))
    if mode == "huge":
        return Answer(_huge(request, ok))
    raise ValueError(f"unknown fault mode {mode!r}")
