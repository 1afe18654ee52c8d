"""deploy/ brought up as an operator would, on loopback: a private redis-server, one
`ticker worker`, two `ticker serve --no-scheduler` web nodes, and Debian's nginx running the
shipped nginx-ticker.conf with its placeholders filled in (paths under the test's folder)."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest
from support.nginxfix import ROOT, Nginx, certificate, config_test, render_standalone
from support.redisfix import RedisServer, free_port
from support.service import TickerProcess, clean_env, write_config

from ticker.app.settings import load_settings
from ticker.state.redis_store import RedisStore, store_from_url

pytestmark = pytest.mark.e2e  # ``ticker`` processes, started and stopped

# The bound under test, set through the template's own placeholders: short, so the test is.
STALE_IF_ERROR = 8
STALE_WHILE_REVALIDATE = 2
# The worker stamps each snapshot with its next refresh; web nodes derive max-age from it:
# every 5 s here, the shortest max-age the service sends.
WORKER_SCHEDULE = {"interval_seconds": 5, "jitter_seconds": 0, "backfill": False}
MAX_AGE = 5
# The worker's lease: a Redis restarted empty must be refilled within one lease period.
LEASE_SECONDS = 15
# nginx counts cache times in whole seconds; and a node's last answer may still have been
# in a socket buffer when it was killed.
NGINX_CLOCK = 1.0
IN_FLIGHT = 0.5


def values(tmp_path: Path, nodes: list[str], https_port: int) -> dict[str, str]:
    """Every placeholder of nginx-ticker.conf, filled in for this machine."""
    cert, key = certificate(tmp_path)
    return {"SERVER_NAME": "ticker.test", "HTTPS_LISTEN": f"127.0.0.1:{https_port}",
            "HTTP_LISTEN": f"127.0.0.1:{free_port()}", "TLS_CERTIFICATE": str(cert),
            "TLS_CERTIFICATE_KEY": str(key), "WEB_NODE_1": nodes[0], "WEB_NODE_2": nodes[1],
            "INTERNAL_NETWORK": "10.0.0.0/8", "CACHE_DIR": str(tmp_path / "nginx" / "cache"),
            "ORIGIN_SOCKET": str(tmp_path / "nginx" / "origin.sock"),
            "STALE_IF_ERROR_SECONDS": str(STALE_IF_ERROR),
            "STALE_WHILE_REVALIDATE_SECONDS": str(STALE_WHILE_REVALIDATE)}


def start(processes: list[TickerProcess], directory: Path, args: list[str],
          settings: dict[str, object], redis_url: str) -> TickerProcess:
    """A ticker process with its own config, sharing the Redis store; no key: sample data."""
    directory.mkdir(parents=True, exist_ok=True)
    config = write_config(directory, {"data_dir": str(directory / "data"), **settings})
    process = TickerProcess(args, clean_env({"TICKER_CONFIG": str(config),
                                             "TICKER_STORE": redis_url}), directory)
    processes.append(process)
    return process


def web_node(processes: list[TickerProcess], directory: Path, redis_url: str) -> TickerProcess:
    """A web node on a free loopback port, serving what Redis holds."""
    node = start(processes, directory, ["serve", "--no-scheduler", "--host", "127.0.0.1",
                                        "--port", "0"], {}, redis_url)
    node.wait_listening()
    return node


def wait_until(condition: object, timeout: float, what: str) -> object:
    """Poll ``condition()`` until truthy; fail naming ``what`` past ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()  # type: ignore[operator]
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(0.1)


def test_the_shipped_config_and_env_file_are_valid_settings(tmp_path: Path) -> None:
    lines = (ROOT / "deploy" / "ticker.env").read_text(encoding="utf-8").splitlines()
    env = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    env["TICKER_CONFIG"] = str(ROOT / "deploy" / "config.yaml")
    settings = load_settings(env, tmp_path)
    assert settings.server.workers == 1
    store = store_from_url(settings.store, tmp_path)  # no connection is made yet
    assert isinstance(store, RedisStore)
    store.close()


def test_the_shipped_config_passes_nginx_t_once_filled(tmp_path: Path) -> None:
    filled = values(tmp_path, ["10.0.0.11:8080", "10.0.0.12:8080"], 443)
    filled["HTTP_LISTEN"] = "80"
    checked = config_test(render_standalone(tmp_path / "nginx", filled))
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


def test_the_deployment_on_loopback(processes: list[TickerProcess], tmp_path: Path,
                                    redis_server: RedisServer) -> None:
    url = redis_server.url
    worker = start(processes, tmp_path / "worker", ["worker"],
                   {"schedule": {"lease_seconds": LEASE_SECONDS, **WORKER_SCHEDULE}}, url)
    nodes = [web_node(processes, tmp_path / f"web{i}", url) for i in (1, 2)]
    for node in nodes:
        node.wait_for(lambda node=node: node.get("/v1/weather").ok, timeout=40)
    https_port = free_port()
    command = render_standalone(tmp_path / "nginx", values(
        tmp_path, [node.base_url.removeprefix("http://") for node in nodes], https_port))
    checked = config_test(command)
    assert checked.returncode == 0, checked.stderr
    nginx = Nginx(command, https_port, tmp_path / "cert.pem", tmp_path / "nginx" / "error.log")
    try:
        nginx.wait_ready()
        cached_answers(nginx, nodes)
        restricted_routes(nginx, nodes[0])
        redis_refilled(processes, tmp_path, redis_server, worker)
        outage_served_within_the_bound(nginx, nodes)
    finally:
        nginx.stop()


def cached_answers(nginx: Nginx, nodes: list[TickerProcess]) -> bytes:
    """Answers come from nginx's cache, tell their age, and one entry serves all gzip clients."""
    first = nginx.get("/v1/weather")
    assert first.status == 200
    document = json.loads(first.body)
    assert len(document["cities"]) == 16 and document["sample"]
    hit = wait_until(lambda: (a := nginx.get("/v1/weather")).header("X-Cache-Status") == "HIT"
                     and a, 10, "a cache hit")
    assert hit.body == first.body
    # How old the body is: the node's Date, kept with the cached copy; nginx adds no Age.
    assert hit.header("Date") == first.header("Date")
    assert "Date" in hit.header("Access-Control-Expose-Headers")
    assert hit.header("Server") == "nginx"  # server_tokens off: no version
    assert f"stale-if-error={STALE_IF_ERROR}" in hit.header("Cache-Control")
    assert hit.header("Vary") == "Accept-Encoding"
    assert nginx.get("/v1/weather", {"If-None-Match": hit.header("ETag")}).status == 304

    wait_until(lambda: nginx.get("/v1/weather?lang=en", {"Accept-Encoding": "gzip"}).header(
        "X-Cache-Status") == "HIT", 10, "a gzip cache hit")
    other = nginx.get("/v1/weather?lang=en", {"Accept-Encoding": "deflate, gzip;q=0.9"})
    assert other.header("X-Cache-Status") != "MISS", "a new entry for another gzip spelling"
    assert other.header("Content-Encoding") == "gzip"
    plain = nginx.get("/v1/weather?lang=en", {"Accept-Encoding": "identity"})
    assert plain.header("Content-Encoding") == "" and json.loads(plain.body)["cities"]

    # A client other than nginx (127.0.0.2): the node's access log names it, not nginx.
    probe = f"/v1/weather?probe={uuid.uuid4().hex}"
    assert nginx.get(probe, source="127.0.0.2").status == 200
    wait_until(lambda: any(f'access 127.0.0.2 "GET {probe}"' in node.log for node in nodes),
               10, "the client's address in a node's access log")
    return first.body


def restricted_routes(nginx: Nginx, node: TickerProcess) -> None:
    """/metrics is refused through nginx and scraped at each node; /readyz is internal only."""
    assert nginx.get("/metrics").status == 403
    assert node.get("/metrics").status_code == 200
    # From 127.0.0.1 (allowed), straight to a node and never cached.
    readiness = nginx.get("/readyz")
    assert readiness.status == 200
    assert readiness.header("X-Cache-Status") == ""


def redis_refilled(processes: list[TickerProcess], tmp_path: Path, redis_server: RedisServer,
                   worker: TickerProcess) -> None:
    """Redis restarted empty holds the same snapshot again within one lease period."""
    client = redis_server.client()
    before = client.get("ticker:version")
    assert before is not None
    redis_server.kill()
    redis_server.start()  # no persistence: it comes back empty
    # Written back from memory within one lease period (a refresh every 5 s may add a newer
    # version after it, never an older one).
    wait_until(lambda: "restored it from this worker's memory" in worker.log,
               LEASE_SECONDS, "the snapshot back in Redis")
    version = client.hget("ticker:snapshot", "version")
    assert version is not None and int(version) >= int(before)
    late = web_node(processes, tmp_path / "web3", redis_server.url)
    answer = late.get("/v1/weather")
    assert answer.status_code == 200
    assert len(answer.json()["cities"]) == 16
    assert late.get("/readyz").status_code == 200


def outage_served_within_the_bound(nginx: Nginx, nodes: list[TickerProcess]) -> None:
    """Both nodes gone: the cached copy is served until max-age + the bound, then 502."""
    last = nginx.get("/v1/weather")  # revalidated just before the outage
    assert last.status == 200
    weather = last.body
    for node in nodes:
        node.kill()
    killed = time.monotonic()
    # Past this, nothing may be served from cache: the copy expired at the latest MAX_AGE
    # after the last revalidation, and may be used for the larger allowance after that.
    limit = (killed + MAX_AGE + max(STALE_IF_ERROR, STALE_WHILE_REVALIDATE) + NGINX_CLOCK
             + IN_FLIGHT)
    served, statuses = [], []
    while time.monotonic() < limit + 30 and statuses[-3:] != [502] * 3:
        sent = time.monotonic()
        answer = nginx.get("/v1/weather")
        statuses.append(answer.status)
        if answer.status == 200:
            assert answer.body == weather
            served.append((sent, answer.header("X-Cache-Status")))
    assert served, "nothing served from cache"
    assert "STALE" in {status for _, status in served}, served
    assert all(sent <= limit for sent, _ in served), (killed, limit, served)
    assert statuses[-3:] == [502] * 3, statuses[-10:]
