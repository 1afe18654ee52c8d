"""Run the installed ``ticker`` command as a real process and talk HTTP to it."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests
import yaml

TICKER = str(Path(sys.executable).parent / "ticker")
_LISTENING = re.compile(r"serving on http://([\d.]+|\[[\da-f:]+\]):(\d+)")


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The test process's environment without ticker or KMA settings, plus ``extra``.

    ``HOME`` and ``XDG_STATE_HOME`` come along: the conftest points them at the test's own
    directories. So does ``TICKER_DATA_DIR``, unless ``extra`` names a config file: a test's
    config names its own ``data_dir``, which the variable would override.
    """
    extra = extra or {}
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(("KMA_", "TICKER_", "DATA_GO_KR_"))}
    if "TICKER_CONFIG" not in extra and os.environ.get("TICKER_DATA_DIR"):
        base["TICKER_DATA_DIR"] = os.environ["TICKER_DATA_DIR"]
    return {**base, **extra}


def write_config(directory: Path, settings: dict[str, Any]) -> Path:
    """Write a config.yaml for a test service and return its path."""
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return path


class TickerProcess:
    """One ``ticker`` process; its stderr is collected so tests can read the log."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.args = args
        self.env = env
        self.cwd = cwd
        self.lines: list[str] = []
        self.base_url = ""
        self._listening = threading.Event()
        # Its own process group: Granian's workers are children of the command, and a crash
        # test (like a supervisor) must take the whole group down.
        self.process = subprocess.Popen(
            [TICKER, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, start_new_session=True)
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))
            match = _LISTENING.search(line)
            if match:
                self.base_url = f"http://{match.group(1)}:{match.group(2)}"
                self._listening.set()

    @property
    def log(self) -> str:
        """Everything the process wrote to stderr so far."""
        return "\n".join(self.lines)

    def wait_listening(self, timeout: float = 60) -> str:
        """Wait until the server announced its address; return the base URL."""
        if not self._listening.wait(timeout):
            raise AssertionError(f"ticker did not start listening:\n{self.log}")
        return self.base_url

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """GET a path of the running server."""
        return requests.get(self.base_url + path, timeout=10, **kwargs)

    def wait_for(self, predicate: Any, timeout: float = 60, interval: float = 0.2) -> Any:
        """Poll ``predicate()`` until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(interval)
        raise AssertionError(f"condition not met within {timeout}s:\n{self.log[-3000:]}")

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def _reap(self, timeout: float) -> int:
        code = self.process.wait(timeout=timeout)
        # Workers still holding the pipe would keep the reader blocked: end them too.
        self._signal_group(signal.SIGKILL)
        self._reader.join(timeout=5)
        if self.process.stderr is not None and not self._reader.is_alive():
            self.process.stderr.close()
        return code

    def kill(self) -> None:
        """SIGKILL to the whole process group: no chance to clean up, as in a crash."""
        self._signal_group(signal.SIGKILL)
        self._reap(10)

    def terminate(self, timeout: float = 10) -> int:
        """SIGTERM and wait; return the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self._reap(timeout)

    def stop(self) -> None:
        """Make sure the process and its workers are gone and the pipe closed."""
        self._signal_group(signal.SIGKILL)
        self._reap(10)


def serve(processes: list[TickerProcess], tmp_path: Path, settings: dict[str, object],
          env: dict[str, str] | None = None, port: int = 0) -> TickerProcess:
    """Start ``ticker serve --port PORT`` with its own config and data dir under ``tmp_path``."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    config = write_config(tmp_path, {"data_dir": str(tmp_path / "data"), **settings})
    process = TickerProcess(["serve", "--port", str(port)],
                            clean_env({"TICKER_CONFIG": str(config), **(env or {})}), tmp_path)
    processes.append(process)
    return process


def wait_until(predicate: object, timeout: float, what: str) -> None:
    """Poll ``predicate()`` until it is true; fail naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s: {what}")


def port_of(process: TickerProcess) -> int:
    """The port a started server announced."""
    return int(process.wait_listening().rsplit(":", 1)[1])
