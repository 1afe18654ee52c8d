"""HTTP edges that depend on the server, over raw sockets against ``ticker serve``: the Host
header, odd paths, Accept-Encoding weights, over-long URLs and what the access log makes of
a hostile path. Both serving modes: one process (Granian's RSGI) and worker processes (WSGI)."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator

import pytest
from support.service import TickerProcess, clean_env, write_config

pytestmark = pytest.mark.e2e  # ``ticker serve``, started once per mode

HOST = b"Host: ticker.example.com\r\n"


@pytest.fixture(scope="module", params=["single process", "workers"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[TickerProcess]:
    root = tmp_path_factory.mktemp("edges")
    workers = 2 if request.param == "workers" else 1
    # Configured in mixed case; browsers send host names in lower case.
    config = write_config(root, {"data_dir": str(root / "data"), "server": {
        "workers": workers, "trusted_hosts": ["Ticker.Example.COM"]}})
    process = TickerProcess(["serve", "--port", "0"], clean_env({"TICKER_CONFIG": str(config)}),
                            root)
    try:
        process.wait_listening()
        process.wait_for(lambda: exchange(process, b"GET /v1/weather HTTP/1.1\r\n"
                                          b"Host: Ticker.Example.COM\r\n")[0] == 200)
        yield process
    finally:
        process.stop()


def exchange(server: TickerProcess, head: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send one request head (``Connection: close`` is added) and read the whole answer."""
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head + b"Connection: close\r\n\r\n")
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    top, _, body = data.partition(b"\r\n\r\n")
    status, *lines = top.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip()
               for name, _, value in (line.partition(":") for line in lines)}
    return int(status.split()[1]), headers, body


@pytest.mark.parametrize("host", [b"ticker.example.com", b"TICKER.example.com:8080",
                                  b"Ticker.Example.COM"])
def test_trusted_hosts_match_whatever_the_case(server: TickerProcess, host: bytes) -> None:
    assert exchange(server, b"GET /v1/weather HTTP/1.1\r\nHost: " + host + b"\r\n")[0] == 200


@pytest.mark.parametrize("head", [
    b"GET /v1/weather HTTP/1.1\r\n" + HOST + HOST,
    b"GET /v1/weather HTTP/1.1\r\n" + HOST + b"Host: other.example\r\n",
    b"GET /healthz HTTP/1.1\r\n" + HOST + b"Host: 10.0.0.7\r\n",
    b"GET /v1/weather HTTP/1.1\r\n",
    b"GET /healthz HTTP/1.1\r\n",
])
def test_a_request_without_exactly_one_host_is_refused(server: TickerProcess,
                                                       head: bytes) -> None:
    assert exchange(server, head)[0] == 400


def test_http_1_0_may_leave_the_host_out_for_the_health_routes(server: TickerProcess) -> None:
    assert exchange(server, b"GET /healthz HTTP/1.0\r\n")[0] == 200


@pytest.mark.parametrize("path", [b"//", b"///", b"/%2f", b"/%2F", b"//widget", b"/./"])
def test_only_the_root_serves_the_configurator(server: TickerProcess, path: bytes) -> None:
    status, headers, _ = exchange(server, b"GET " + path + b" HTTP/1.1\r\n" + HOST)
    assert status == 404
    assert not headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", [b"/v1/weather", b"/widget", b"/"])
@pytest.mark.parametrize(("accept", "zipped"), [
    (b"gzip;q=0", False), (b"gzip; q=0.000, identity", False), (b"br, gzip;Q=0", False),
    (b"gzip;q=0.5", True), (b"gzip", True), (b"deflate, gzip;q=1.0", True),
])
def test_gzip_only_when_its_weight_is_above_zero(server: TickerProcess, path: bytes,
                                                 accept: bytes, zipped: bool) -> None:
    status, headers, body = exchange(server, b"GET " + path + b" HTTP/1.1\r\n" + HOST
                                     + b"Accept-Encoding: " + accept + b"\r\n")
    assert status == 200
    assert (headers.get("content-encoding") == "gzip") is zipped
    if zipped:
        gzip.decompress(body)


def test_an_over_long_url_gets_414_and_an_over_long_head_431(server: TickerProcess) -> None:
    long_url = b"GET /v1/weather?" + b"a" * 9_000 + b" HTTP/1.1\r\n" + HOST
    assert exchange(server, long_url)[0] == 414
    assert exchange(server, b"GET /" + b"a" * 9_000 + b" HTTP/1.1\r\n" + HOST)[0] == 414
    # Past Granian's 64 KiB buffer for the whole head, Granian answers before any Python runs.
    longer = b"GET /v1/weather?" + b"a" * 70_000 + b" HTTP/1.1\r\n" + HOST
    assert exchange(server, longer)[0] == 431
    # Near the limit, still served.
    assert exchange(server, b"GET /v1/weather?" + b"a" * 8_000 + b" HTTP/1.1\r\n"
                    + HOST)[0] == 200


def test_a_quote_in_the_path_cannot_forge_the_logged_status(server: TickerProcess) -> None:
    assert exchange(server, b"GET /x%22%20200%2012345%200.01ms%20forged HTTP/1.1\r\n"
                    + HOST)[0] == 404
    line = server.wait_for(lambda: next((line for line in server.lines
                                         if "access" in line and "forged" in line), None))
    assert '"GET /x\\" 200 12345 0.01ms forged" 404 ' in line


def test_if_modified_since_and_each_forms_own_etag(server: TickerProcess) -> None:
    head = b"GET /v1/weather HTTP/1.1\r\n" + HOST
    gzip_head = head + b"Accept-Encoding: gzip\r\n"
    _, plain, _ = exchange(server, head)
    _, zipped, _ = exchange(server, gzip_head)
    assert zipped["content-encoding"] == "gzip" and "content-encoding" not in plain
    assert zipped["etag"] == plain["etag"][:-1] + '-gz"'
    since = b"If-Modified-Since: " + plain["last-modified"].encode() + b"\r\n"
    for asked in (head, gzip_head):
        status, headers, body = exchange(server, asked + since)
        assert (status, body) == (304, b"")
        assert headers["etag"] == (zipped if asked == gzip_head else plain)["etag"]
    # If-None-Match takes precedence over the date; each form matches its own ETag only.
    assert exchange(server, head + b'If-None-Match: "other"\r\n' + since)[0] == 200
    for asked, tag, status in ((gzip_head, zipped["etag"], 304), (head, zipped["etag"], 200),
                               (head, plain["etag"], 304), (gzip_head, plain["etag"], 200)):
        assert exchange(server, asked + b"If-None-Match: " + tag.encode() + b"\r\n")[0] == status
