"""A fault-injecting KMA upstream: one real server on 127.0.0.1 for both interfaces.

``FaultyKma`` answers the API Hub ``kma_sfctm2.php`` and the two data.go.kr operations in
whichever ``mode`` is switched on (per path, if wanted) while tests run. Every mode sends a
recorded-payload answer or one failure built from it, so the same server drives client tests,
end-to-end tests and ``bench/outage``. It counts hits per path, and how many requests to each
path were in flight at once, so tests can prove that refreshes never overlap.

The server is threaded: a hanging or trickling answer never holds up the other connections.
"""

from __future__ import annotations

import json
import random
import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from datagokr_payloads import XML_TYPE, Cell, document, fcst_handler, ncst_handler
from fakekma import Handler, Reply, Request
from payloads import SFCTM2_NO_ROWS, fixture_bytes, live_sfctm2

from ticker.cities import CITIES
from ticker.kma.apihub import SFCTM2_PATH
from ticker.kma.datagokr import FCST_PATH, NCST_PATH

MODES = ("ok", "5xx", "429", "503", "hang", "trickle", "slow_headers", "reset", "truncated",
         "wrong_content_type", "xml_envelope", "empty_items", "one_item", "garbage", "huge")
FAILING = tuple(mode for mode in MODES if mode != "ok")
# Modes whose answers still carry usable data (odd but valid); every other mode is a failure.
DATA_MODES = ("ok", "wrong_content_type", "one_item")
PATHS = (SFCTM2_PATH, NCST_PATH, FCST_PATH)
HUGE_BYTES = 10 * 1024 * 1024
# The gateway's per-second limit (23): an XML envelope with HTTP 200 that is worth retrying.
GATEWAY_XML = ("<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg>"
               "<returnAuthMsg>{name}</returnAuthMsg><returnReasonCode>{code}</returnReasonCode>"
               "</cmmMsgHeader></OpenAPI_ServiceResponse>")
GATEWAY_NAMES = {"22": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR",
                 "23": "LIMITED_NUMBER_OF_SERVICE_REQUESTS_PER_SECOND_EXCEEDS_ERROR",
                 "30": "SERVICE_KEY_IS_NOT_REGISTERED_ERROR"}
DEFAULT_CELLS = {(c.nx, c.ny): Cell(t1h=f"{i}.5", pty="0", sky="4") for i, c in enumerate(CITIES)}


@dataclass
class Answer:
    """What one request gets: a reply, and how to deliver it."""

    reply: Reply
    headers: dict[str, str] = field(default_factory=dict)
    delivery: str = "whole"  # whole | hang | trickle | slow_headers | reset | truncated


@dataclass
class FaultyKma:
    """The switchable script, and the record of what was asked."""

    url: str = ""
    mode: str = "ok"
    # Per-path modes override ``mode``: e.g. only data.go.kr failing.
    modes: dict[str, str] = field(default_factory=dict)
    retry_after: str = "2"
    trickle_interval: float = 1.0
    # Seconds every answer waits before its first byte (a slow but healthy upstream).
    delay: float = 0.0
    xml_reason: str = "23"
    # False: no Content-Length, the body ends when the connection closes.
    announce_length: bool = True
    cells: dict[tuple[int, int], Cell] = field(default_factory=lambda: dict(DEFAULT_CELLS))
    hits: Counter[str] = field(default_factory=Counter)
    # Requests per path between arrival and the answer's end (or the client hanging up).
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    closing: threading.Event = field(default_factory=threading.Event)

    def mode_for(self, path: str) -> str:
        """The mode answering ``path`` now."""
        return self.modes.get(path, self.mode)

    def total_hits(self) -> int:
        """Requests to the three KMA paths so far."""
        with self.lock:
            return sum(self.hits[path] for path in PATHS)

    def answer(self, request: Request) -> Answer:
        """The answer for ``request`` in the current mode."""
        return _answer(self, request, self.mode_for(request.path))

    def _ok(self, request: Request) -> Reply:
        handlers: dict[str, Handler] = {SFCTM2_PATH: live_sfctm2(),
                                        NCST_PATH: ncst_handler(self.cells),
                                        FCST_PATH: fcst_handler(self.cells)}
        handler = handlers.get(request.path)
        return handler(request) if handler else Reply(status=404, body=b"not found")


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


def _answer(fake: FaultyKma, request: Request, mode: str) -> Answer:
    ok = fake._ok(request)
    if mode in ("ok", "hang", "trickle", "slow_headers", "reset", "truncated"):
        return Answer(ok, delivery="whole" if mode == "ok" else mode)
    if mode == "5xx":
        return Answer(Reply(500, b"<html><body>Internal Server Error</body></html>", "text/html"))
    if mode in ("429", "503"):
        return Answer(Reply(int(mode), b"<html><body>Try again later</body></html>", "text/html"),
                      headers={"Retry-After": fake.retry_after})
    if mode == "wrong_content_type":
        other = "text/html;charset=euc-kr" if request.path != SFCTM2_PATH else "application/json"
        return Answer(Reply(ok.status, ok.body, other))
    if mode == "xml_envelope":
        name = GATEWAY_NAMES.get(fake.xml_reason, "SERVICE_ERROR")
        body = GATEWAY_XML.format(name=name, code=fake.xml_reason).encode()
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


def _head(answer: Answer, close: bool, announce: bool = True) -> bytes:
    reply = answer.reply
    lines = [f"HTTP/1.1 {reply.status} Fault", f"Content-Type: {reply.content_type}",
             *(f"{k}: {v}" for k, v in answer.headers.items())]
    if announce:
        lines.append(f"Content-Length: {len(reply.body)}")
    if close or not announce:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _handler_class(fake: FaultyKma) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            request = Request(path=parts.path, query=query, raw_query=parts.query)
            with fake.lock:
                fake.requests.append(request)
                fake.hits[request.path] += 1
                fake.in_flight[request.path] += 1
                fake.max_in_flight[request.path] = max(fake.max_in_flight[request.path],
                                                       fake.in_flight[request.path])
            try:
                if fake.delay and self._idle(fake.delay):
                    return
                self._deliver(fake.answer(request))
            except OSError:
                # The client gave up (its deadline, its size cap): nothing more to send.
                self.close_connection = True
            finally:
                with fake.lock:
                    fake.in_flight[request.path] -= 1

        def _deliver(self, answer: Answer) -> None:
            body = answer.reply.body
            if answer.delivery == "hang":
                while not self._idle(60):
                    pass
                self.close_connection = True
            elif answer.delivery == "slow_headers":
                self._trickle(_head(answer, close=False) + body)
            elif answer.delivery == "trickle":
                self.wfile.write(_head(answer, close=False, announce=fake.announce_length))
                self._trickle(body)
            elif answer.delivery in ("reset", "truncated"):
                self.wfile.write(_head(answer, close=True) + body[:len(body) // 2])
                self.close_connection = True
                if answer.delivery == "reset":
                    # Linger 0: close() sends RST instead of FIN, a reset mid-body.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.connection.close()
            else:
                self.wfile.write(_head(answer, close=False, announce=fake.announce_length))
                for start in range(0, len(body), 256 * 1024):
                    self.wfile.write(body[start:start + 256 * 1024])
                self.close_connection = not fake.announce_length

        def _trickle(self, data: bytes) -> None:
            for index in range(len(data)):
                if self._idle(fake.trickle_interval):
                    break
                self.wfile.write(data[index:index + 1])
            self.close_connection = True

        def _idle(self, seconds: float) -> bool:
            """Wait; True as soon as the client hung up or the server is closing.

            Noticing the hang-up at once keeps the in-flight counts those of the client.
            """
            until = time.monotonic() + seconds
            while not fake.closing.is_set():
                left = until - time.monotonic()
                if left <= 0:
                    return False
                readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                if readable and self._hung_up():
                    return True
                if readable:
                    time.sleep(min(left, 0.05))  # a pipelined request: not ours to read
            return True

        def _hung_up(self) -> bool:
            try:
                return self.connection.recv(1, socket.MSG_PEEK) == b""
            except OSError:
                return True

    return _Handler


class FaultyKmaServer:
    """Runs a FaultyKma on a free port of 127.0.0.1 in a daemon thread."""

    def __init__(self) -> None:
        self.fake = FaultyKma()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_class(self.fake))
        self._server.daemon_threads = True
        host, port = self._server.server_address[:2]
        self.fake.url = f"http://{host}:{port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def __enter__(self) -> FaultyKma:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self.fake.closing.set()  # releases hanging and trickling answers
        self._server.shutdown()
        self._server.server_close()


def rotate(fake: FaultyKma, modes: tuple[str, ...], seconds_each: float) -> Iterator[str]:
    """Switch ``fake`` through ``modes``, yielding each mode once it is on."""
    for mode in modes:
        fake.mode = mode
        started = time.monotonic()
        yield mode
        time.sleep(max(0.0, seconds_each - (time.monotonic() - started)))
