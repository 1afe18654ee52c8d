"""The server's settings (the rest of ``server:``) and the ``WebConfig`` a web worker gets.

A web worker never loads the whole settings (that would import every source): the
composition root builds a ``WebConfig`` from them and hands it to each worker explicitly.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from ticker.core.catalogue import StationSpec
from ticker.core.config_types import Strict
from ticker.core.freshness import Freshness
from ticker.web.settings import HttpSettings, WidgetSettings

# prometheus-client's multiprocess directory: a library requirement, read from the
# environment when prometheus-client is first imported.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


class ServerSettings(HttpSettings):
    """Where ``ticker serve`` listens, and what it answers (``trusted_hosts`` and
    ``public_url`` come from the web layer's ``HttpSettings``)."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    # Processes serving HTTP. With 1 (the default) one process serves and refreshes
    # (Granian's embedded server beside the scheduler's thread): about 65 MB in all. With
    # more, each is a Granian worker process and the main process runs only the scheduler.
    workers: int = Field(default=1, ge=1, le=64)
    # Unset: one process when ``workers`` is 1. False with one worker: a worker process
    # beside the scheduler's (about twice the memory; bench/http measures both).
    single_process: bool | None = None
    # Python threads per worker for the routes answered per request (health, metrics, demo).
    threads: int = Field(default=2, ge=1, le=256)
    # Connections waiting to be accepted, and connections served at once per worker: every
    # open tab that polls holds one, so thousands must not stall a new reader.
    backlog: int = Field(default=16384, ge=128, le=1_048_576)
    max_connections: int = Field(default=16384, ge=64, le=1_048_576)
    # Seconds a client has to send a request's headers, on a new connection and between
    # requests on a kept-alive one (Granian uses one timer for both), so half-open and idle
    # connections are closed instead of held.
    header_timeout_seconds: float = Field(default=10, gt=0, le=300)
    # One line per request on stderr.
    access_log: bool = True

    @model_validator(mode="after")
    def _one_process_serves_alone(self) -> ServerSettings:
        if self.single_process and self.workers != 1:
            raise ValueError("single_process serves from one process: workers must be 1")
        return self

    @property
    def in_one_process(self) -> bool:
        """Whether this process serves HTTP itself, with no worker processes."""
        return self.workers == 1 if self.single_process is None else self.single_process


class WebConfig(Strict):
    """Everything a web worker needs, built once by the composition root and passed in."""

    cities: tuple[str, ...]
    sets: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    set_titles: dict[str, str] = Field(default_factory=dict)
    stations: tuple[StationSpec, ...] = ()
    freshness: Freshness
    server: ServerSettings
    widget: WidgetSettings
    # The shared state to read: the store URL (empty: the file in data_dir) and quota limits.
    store: str | None
    data_dir: Path
    daily_limits: dict[str, int | None]
    log_level: str = "INFO"
    # Every form of every configured key, masked in the worker's log lines too.
    secrets: tuple[SecretStr, ...] = ()
    # prometheus-client's multiprocess directory shared with the other processes.
    metrics_dir: Path | None = None
