"""Settings: defaults in the model, ``config.yaml`` over them, the environment over that."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from ticker.core.cities import CITY_BY_ID, DEFAULT_CITY_IDS
from ticker.core.errors import ConfigError
from ticker.core.freshness import Freshness

# Public contract names.
ENV_CONFIG = "TICKER_CONFIG"
ENV_APIHUB_KEY = "KMA_APIHUB_KEY"
ENV_APIHUB_URL = "KMA_APIHUB_URL"
ENV_PROVIDER = "TICKER_PROVIDER"
ENV_DATA_DIR = "TICKER_DATA_DIR"
ENV_STORE = "TICKER_STORE"
ENV_DATA_GO_KR_KEY = "DATA_GO_KR_KEY"
ENV_DATA_GO_KR_URL = "DATA_GO_KR_URL"

DEFAULT_CONFIG_NAME = "config.yaml"
KNOWN_PROVIDERS = ("asos", "vilage", "sample")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// URL")
    return value.rstrip("/")


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
Secret = Annotated[SecretStr | None, BeforeValidator(_blank_is_none)]


class ApiHubSettings(_Strict):
    """KMA API Hub access (surface observations)."""

    url: HttpUrl = "https://apihub.kma.go.kr"
    key: Secret = None
    connect_timeout: float = Field(default=5.0, gt=0, le=60)
    read_timeout: float = Field(default=15.0, gt=0, le=300)
    # The whole call, body included: a read timeout alone never ends a trickling body.
    total_timeout: float = Field(default=20.0, gt=0, le=600)
    # sfctm2 for 16 stations is about 5 KB.
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024)


class DataGoKrSettings(_Strict):
    """data.go.kr VilageFcstInfoService_2.0 access (grid nowcast, the second source)."""

    url: HttpUrl = "https://apis.data.go.kr"
    # The portal's "Encoding" or "Decoding" key; either form is normalised once.
    key: Secret = None
    connect_timeout: float = Field(default=5.0, gt=0, le=60)
    read_timeout: float = Field(default=15.0, gt=0, le=300)
    total_timeout: float = Field(default=20.0, gt=0, le=600)
    # One cell's answer is about 15 KB.
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024)
    # Publication minutes are unverified (NOTES.md §2a): Ncst HH00 from HH:40, Fcst HH30
    # from HH:45 by most clients; KMA's newer guide says earlier.
    ncst_available_minute: int = Field(default=40, ge=0, le=59)
    fcst_available_minute: int = Field(default=45, ge=30, le=59)


class QuotaSettings(_Strict):
    """Daily call limits per source; null means not limited (still counted)."""

    # data.go.kr development accounts get 10,000 calls a day per API. The API Hub publishes
    # no number (one 2023 report says about 2,000); our use is at most 72 calls a day.
    daily_limits: dict[str, int | None] = {"asos": None, "vilage": 10_000}


class FreshnessSettings(_Strict):
    """When a city's value is flagged stale, and when it is withheld."""

    stale_after_minutes: float = Field(default=90, gt=0)
    withhold_after_minutes: float = Field(default=360, gt=0)

    def freshness(self) -> Freshness:
        """These limits as the Freshness rules use them."""
        return Freshness(stale_after=timedelta(minutes=self.stale_after_minutes),
                         withhold_after=timedelta(minutes=self.withhold_after_minutes))


class ScheduleSettings(_Strict):
    """When refreshes run. ASOS hour H is published some minutes after H:00."""

    publish_minute: int = Field(default=10, ge=0, le=59)
    retry_every_minutes: int = Field(default=10, ge=1, le=60)
    # No refresh takes longer: every upstream call gets at most the time left of it.
    refresh_budget_seconds: float = Field(default=25, gt=0, le=3600)
    jitter_seconds: float = Field(default=30, ge=0, le=300)
    interval_seconds: float | None = Field(default=None, gt=0)
    misfire_grace_seconds: int = Field(default=300, ge=1)
    # With a Redis store: how long the active worker's lease lasts without renewal, so how
    # soon a standby takes over from a dead one. Keep it above the longest refresh.
    lease_seconds: float = Field(default=30, gt=0, le=3600)


class ServerSettings(_Strict):
    """Where ``ticker serve`` listens."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    # Granian worker processes; the refresh scheduler never runs in one of them.
    workers: int = Field(default=1, ge=1, le=64)
    # Python threads per worker running the WSGI app (each request takes microseconds).
    threads: int = Field(default=2, ge=1, le=256)
    # When set, requests for any other Host get a 400 (names, no ports).
    trusted_hosts: tuple[str, ...] = ()
    # One line per request on stderr.
    access_log: bool = True


# One CSP frame-ancestors source: *, 'self', a scheme (https:) or a host source such as
# https://*.example.com:8443. No spaces, commas or semicolons: a value cannot add a directive.
_FRAME_SOURCE = re.compile(
    r"\*|'self'|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*"
    r"(:(\d{1,5}|\*))?", re.IGNORECASE)


class WidgetSettings(_Strict):
    """The embeddable widget: which sites may frame it, and how often it polls."""

    frame_ancestors: tuple[str, ...] = ("*",)
    refresh_seconds: int = Field(default=300, ge=2, le=3600)

    @field_validator("frame_ancestors", mode="before")
    @classmethod
    def _csp_sources(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.split()
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("expected a non-empty list of CSP sources, e.g. ['*']")
        if list(value) == ["'none'"]:
            return ("'none'",)
        for item in value:
            if not isinstance(item, str) or not _FRAME_SOURCE.fullmatch(item):
                raise ValueError("expected CSP sources such as *, 'self', https: or "
                                 "https://news.example.com ('none' alone)")
        return tuple(value)


def default_data_dir() -> Path:
    """``$XDG_STATE_HOME/ticker``, else ``~/.local/state/ticker``: writable without root."""
    state_home = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state_home) / "ticker"


class Settings(_Strict):
    """Everything the service reads from configuration."""

    cities: tuple[str, ...] = DEFAULT_CITY_IDS
    provider: tuple[str, ...] = ("asos",)
    data_dir: Path | None = None
    # Where the snapshot lives: empty for the file in data_dir, or redis://host:port/db.
    store: str | None = None
    kma_apihub: ApiHubSettings = ApiHubSettings()
    data_go_kr: DataGoKrSettings = DataGoKrSettings()
    quota: QuotaSettings = QuotaSettings()
    freshness: FreshnessSettings = FreshnessSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    server: ServerSettings = ServerSettings()
    widget: WidgetSettings = WidgetSettings()

    @property
    def snapshot_dir(self) -> Path:
        """The data directory, defaulted when not configured."""
        return self.data_dir or default_data_dir()

    @field_validator("cities", mode="before")
    @classmethod
    def _known_cities(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("expected a non-empty list of city ids")
        unknown = [item for item in value if item not in CITY_BY_ID]
        if unknown:
            raise ValueError(f"unknown city id {unknown[0]!r}; expected some of: "
                             + ", ".join(DEFAULT_CITY_IDS))
        if len(set(value)) != len(value):
            raise ValueError("a city id is listed twice")
        return tuple(value)

    @field_validator("provider", mode="before")
    @classmethod
    def _known_providers(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)) or not value:
            raise ValueError("expected a provider name or a comma-separated list of them")
        unknown = [item for item in value if item not in KNOWN_PROVIDERS]
        if unknown:
            raise ValueError(f"unknown provider {unknown[0]!r}; expected one of: "
                             + ", ".join(KNOWN_PROVIDERS))
        return tuple(value)

    def secrets(self) -> list[str]:
        """Every configured secret in every form it is used, for redaction of log output."""
        from ticker.upstream.datagokr.envelope import normalize_service_key

        found = []
        if self.kma_apihub.key:
            found.append(self.kma_apihub.key.get_secret_value())
        if self.data_go_kr.key:
            raw = self.data_go_kr.key.get_secret_value()
            found += [raw, normalize_service_key(raw)]
        return found


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    return data


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    apihub: dict[str, Any] = {}
    if env.get(ENV_APIHUB_KEY):
        apihub["key"] = env[ENV_APIHUB_KEY]
    if env.get(ENV_APIHUB_URL):
        apihub["url"] = env[ENV_APIHUB_URL]
    if apihub:
        overrides["kma_apihub"] = apihub
    datagokr: dict[str, Any] = {}
    if env.get(ENV_DATA_GO_KR_KEY):
        datagokr["key"] = env[ENV_DATA_GO_KR_KEY]
    if env.get(ENV_DATA_GO_KR_URL):
        datagokr["url"] = env[ENV_DATA_GO_KR_URL]
    if datagokr:
        overrides["data_go_kr"] = datagokr
    if env.get(ENV_PROVIDER):
        overrides["provider"] = env[ENV_PROVIDER]
    if env.get(ENV_DATA_DIR):
        overrides["data_dir"] = env[ENV_DATA_DIR]
    if env.get(ENV_STORE):
        overrides["store"] = env[ENV_STORE]
    return overrides


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# Where an environment variable lands in the settings, to name it in error messages.
_ENV_NAMES = {
    "kma_apihub.key": ENV_APIHUB_KEY,
    "kma_apihub.url": ENV_APIHUB_URL,
    "provider": ENV_PROVIDER,
    "data_dir": ENV_DATA_DIR,
    "store": ENV_STORE,
    "data_go_kr.key": ENV_DATA_GO_KR_KEY,
    "data_go_kr.url": ENV_DATA_GO_KR_URL,
}


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    if source == "environment":
        where = _ENV_NAMES.get(where, where)
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown setting"
    return f"{source}: {where}: {message}"


def config_path(env: Mapping[str, str], cwd: Path) -> Path | None:
    """The configuration file to read: ``TICKER_CONFIG``, else ./config.yaml if present."""
    if env.get(ENV_CONFIG):
        return Path(env[ENV_CONFIG])
    candidate = cwd / DEFAULT_CONFIG_NAME
    return candidate if candidate.is_file() else None


def load_settings(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Settings:
    """Build settings from defaults, the config file and the environment."""
    env = os.environ if env is None else env
    path = config_path(env, cwd or Path.cwd())
    file_data = _read_yaml(path) if path else {}
    source = str(path) if path else "configuration"
    try:
        Settings.model_validate(file_data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None
    try:
        return Settings.model_validate(_merge(file_data, _env_overrides(env)))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, "environment")) from None
