"""The access log's client: the peer, or the client a private-network proxy forwarded."""

from __future__ import annotations

import pytest

from ticker.web.http.accesslog import client_address


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
])
def test_the_logged_client(peer: str, forwarded: str | None, logged: str) -> None:
    assert client_address(peer, forwarded) == logged
