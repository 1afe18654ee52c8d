"""The access log's client: the peer, or the client a private-network proxy forwarded; and
lines a request cannot forge."""

from __future__ import annotations

import io
import time

import pytest

from ticker.web.http.accesslog import AccessLog, client_address


@pytest.mark.parametrize(("peer", "forwarded", "logged"), [
    ("203.0.113.7", None, "203.0.113.7"),
    ("127.0.0.1", None, "127.0.0.1"),
    # nginx on the same machine or the private network: its X-Forwarded-For is believed.
    ("127.0.0.1", "198.51.100.4", "198.51.100.4"),
    ("10.0.0.2", "198.51.100.4", "198.51.100.4"),
    ("::1", "2001:db8::1", "2001:db8::1"),
    ("::ffff:192.168.1.9", "198.51.100.4", "198.51.100.4"),
    # Only the right-most entry was added by our proxy; the rest came from the client.
    ("10.0.0.2", "6.6.6.6, 198.51.100.4", "198.51.100.4"),
    # A public peer could write anything there: its own address is logged.
    ("203.0.113.7", "198.51.100.4", "203.0.113.7"),
    ("100.64.0.1", "198.51.100.4", "100.64.0.1"),
    # Never header text in a log line, however it was forwarded.
    ("127.0.0.1", "evil\n2025-01-01 access 1.2.3.4", "127.0.0.1"),
    ("127.0.0.1", "unknown", "127.0.0.1"),
    # An IPv6 scope id may hold any text: only plain addresses are believed.
    ("127.0.0.1", 'fe80::1%x "GET admin" 200 1 9ms', "127.0.0.1"),
    ("10.0.0.2", "fe80::1%eth0", "10.0.0.2"),
    ("127.0.0.1", "fe80::1%" + "x" * 60_000, "127.0.0.1"),
    ("127.0.0.1", " " * 60_000 + "198.51.100.4", "127.0.0.1"),
])
def test_the_logged_client(peer: str, forwarded: str | None, logged: str) -> None:
    assert client_address(peer, forwarded) == logged


def logged_line(path: str, query: str = "") -> str:
    stream = io.BytesIO()
    log = AccessLog(stream=stream, flush_seconds=3600)  # type: ignore[arg-type]
    log.line("198.51.100.4", "GET", path, query, 404, 70, time.perf_counter())
    log.close()
    return stream.getvalue().decode()


@pytest.mark.parametrize(("path", "query"), [
    ('/x" 200 12345 0.01ms forged', ""),  # /x%22%20200%2012345%200.01ms%20forged, decoded
    ("/x", 'a=" 200 12345 0.01ms forged'),
    ('/x\\" 200 1 0.01ms forged', ""),  # a backslash cannot unescape the quote after it
    ("/x\n2025-01-01T00:00:00 access 6.6.6.6 \"GET /\" 200 1 0.01ms", ""),
    ("/x\x1b[2J\x7f", ""),
])
def test_a_request_cannot_forge_a_log_line(path: str, query: str) -> None:
    line = logged_line(path, query)
    assert line.count("\n") == 1 and line.endswith("ms\n")
    # Exactly two unescaped quotes, around the request, and the real status after them.
    request = line.split(" access 198.51.100.4 ", 1)[1]
    unescaped = [i for i, char in enumerate(request)
                 if char == '"' and (len(request[:i]) - len(request[:i].rstrip("\\"))) % 2 == 0]
    assert len(unescaped) == 2 and unescaped[0] == 0
    assert request[unescaped[1]:].split()[1:3] == ["404", "70"]
    assert line[:-1].isprintable()


def test_a_long_request_target_is_cut_short() -> None:
    line = logged_line("/v1/weather", "cities=" + "x" * 100_000)
    assert len(line) < 2200
    assert '" 404 70 ' in line
