"""The servers bench/http starts: processes in their own groups, nginx beside the service."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from measure import Row, wrk

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _context(url: str) -> ssl.SSLContext | None:
    # The TLS cases use a throwaway self-signed certificate on loopback: nothing to verify.
    return ssl._create_unverified_context() if url.startswith("https:") else None


def wait_http(url: str, timeout: float = 30) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=_context(url)) as response:
                return response.read()
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5, context=_context(url)) as response:
        return response.headers["ETag"]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


NGINX_CONF = """
{user}worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
worker_rlimit_nofile 20000;
events {{ worker_connections 16384; }}
http {{
  # Logs every request, as the service does.
  access_log {root}/nginx-access.log;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root};
  uwsgi_temp_path {root}; scgi_temp_path {root};
  types {{ text/html html; application/json json; }}
  server {{
    listen 127.0.0.1:{port};
    listen 127.0.0.1:{tls_port} ssl;
    ssl_certificate {root}/cert.pem;
    ssl_certificate_key {root}/key.pem;
    root {root}/www;
    location = /widget {{ default_type text/html; try_files /widget.html =404; }}
    location = /v1/weather {{ default_type application/json; try_files /weather.json =404; }}
  }}
}}
"""


def certificate(work: Path) -> None:
    """A self-signed certificate for 127.0.0.1 in work/cert.pem and work/key.pem."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj",
                    "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1",
                    "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
                   check=True, capture_output=True)


def through_deploy_nginx(work: Path, node_port: int, env: dict[str, str], seconds: int,
                         connections: int) -> dict[str, Row]:
    """JSON 200 and 304 through deploy/nginx-ticker.conf in front of one web node."""
    root, port = work / "deploy-nginx", free_port()
    node = f"127.0.0.1:{node_port}"
    values = {"SERVER_NAME": "ticker.bench", "HTTPS_LISTEN": f"127.0.0.1:{port}",
              "HTTP_LISTEN": f"127.0.0.1:{free_port()}",
              "TLS_CERTIFICATE": str(work / "cert.pem"),
              "TLS_CERTIFICATE_KEY": str(work / "key.pem"), "WEB_NODE_1": node,
              "WEB_NODE_2": node, "INTERNAL_NETWORK": "10.0.0.0/8",
              "CACHE_DIR": str(root / "cache"), "ORIGIN_SOCKET": str(root / "origin.sock"),
              "STALE_IF_ERROR_SECONDS": "5400", "STALE_WHILE_REVALIDATE_SECONDS": "60"}
    rendered = subprocess.run([sys.executable, str(ROOT / "deploy" / "render-nginx"),
                               "--standalone", str(root),
                               *(f"{name}={value}" for name, value in values.items())],
                              check=True, capture_output=True, text=True).stdout
    nginx = start(shlex.split(rendered), env, work / "deploy-nginx.log")
    try:
        url = f"https://127.0.0.1:{port}/v1/weather"
        wait_http(url)
        return {"json 200": wrk(url, seconds, connections),
                "json 304": wrk(url, seconds, connections, f"If-None-Match: {etag_of(url)}")}
    finally:
        stop(nginx)


def start_nginx(work: Path, env: dict[str, str], widget: bytes, weather: bytes
                ) -> tuple[subprocess.Popen[bytes], int, int]:
    """nginx serving the service's widget and JSON bytes as static files: (process, port,
    TLS port). Needs work/cert.pem and work/key.pem (``certificate``)."""
    (work / "www").mkdir()
    (work / "www" / "widget.html").write_bytes(widget)
    (work / "www" / "weather.json").write_bytes(weather)
    port, tls_port = free_port(), free_port()
    # A root master runs workers as nobody, who cannot read the private work folder.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(NGINX_CONF.format(root=work, port=port,
                                                       tls_port=tls_port, user=user))
    nginx = start(["nginx", "-c", str(work / "nginx.conf"), "-g", "daemon off;"], env,
                  work / "nginx.log")
    wait_http(f"http://127.0.0.1:{port}/widget")
    return nginx, port, tls_port
