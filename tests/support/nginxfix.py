"""Debian's nginx running deploy/nginx-ticker.conf, rendered to a temporary folder.

``deploy/render-nginx --standalone`` writes the filled-in fragment and an nginx.conf around
it that keeps the pid, logs, temp files, cache and socket under the test's folder. Requests
go over TLS (a throwaway self-signed certificate for 127.0.0.1) with http.client, which can
pick the source address, so a test can be a client other than nginx's own 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "deploy" / "render-nginx"


def require(binary: str) -> str:
    """The binary's path; skip without it, or fail when running in CI (``CI`` set)."""
    path = shutil.which(binary) or shutil.which(binary, path="/usr/sbin:/sbin")
    if path is None:
        message = f"{binary} not installed (scripts/test installs it with apt-get as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, valid for a day."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run([require("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-subj", "/CN=ticker.test", "-addext",
                    "subjectAltName=DNS:ticker.test,IP:127.0.0.1", "-days", "1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def render_standalone(directory: Path, values: dict[str, str]) -> list[str]:
    """Render into ``directory``; the command that runs nginx in the foreground."""
    done = subprocess.run([sys.executable, str(RENDER), "--standalone", str(directory),
                           *(f"{name}={value}" for name, value in values.items())],
                          capture_output=True, text=True, check=True)
    command = shlex.split(done.stdout.strip())
    command[0] = require("nginx")
    return command


def config_test(command: list[str]) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on the configuration ``command`` would run."""
    return subprocess.run([*command[:-2], "-t"], capture_output=True, text=True, timeout=30)


@dataclass
class Answer:
    """One response, read whole."""

    status: int
    headers: Message
    body: bytes

    def header(self, name: str) -> str:
        """A header's value ('' when absent); repeated fields joined as one list, as HTTP does."""
        return ", ".join(self.headers.get_all(name) or [])


class Nginx:
    """One nginx master (and its workers) in its own session; stopped with the test."""

    def __init__(self, command: list[str], port: int, cafile: Path, log: Path) -> None:
        self.port = port
        self.context = ssl.create_default_context(cafile=str(cafile))
        self.error_log = log
        with log.with_suffix(".out").open("wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)

    def get(self, path: str, headers: dict[str, str] | None = None,
            source: str = "127.0.0.1") -> Answer:
        """GET over TLS from ``source`` (any 127.x address is this machine)."""
        connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=10,
                                                 context=self.context,
                                                 source_address=(source, 0))
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.msg, response.read())
        finally:
            connection.close()

    def wait_ready(self, timeout: float = 20) -> None:
        """Wait until nginx answers /healthz through to a node."""
        deadline = time.monotonic() + timeout
        while True:
            with contextlib.suppress(OSError):
                if self.get("/healthz").status == 200:
                    return
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError("nginx did not answer:\n" + self.log())
            time.sleep(0.1)

    def log(self) -> str:
        """The end of nginx's error log."""
        with contextlib.suppress(OSError):
            return self.error_log.read_text(errors="replace")[-3000:]
        return ""

    def stop(self) -> None:
        """Fast shutdown, then SIGKILL for anything left in its session."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
