"""Settings: defaults in the models, ``config.yaml`` over them, the environment over that.

Each part defines its own section (freshness in the core, upstream access beside the
source registry, what the web reads of server and widget in the web layer, the rest of
server in app/server, schedule in app/refresh); this module composes them, maps the
environment onto them and loads them once, for the composition root.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator

from ticker.app.config_file import read_config_file
from ticker.app.refresh.settings import ScheduleSettings
from ticker.app.server.settings import ServerSettings
from ticker.core.catalogue import Catalogue, StationSpec, load_catalogue
from ticker.core.cities import DEFAULT_CITY_IDS
from ticker.core.config_types import Strict, comma_list
from ticker.core.errors import ConfigError
from ticker.core.freshness import Freshness
from ticker.core.quota import QuotaSettings
from ticker.core.strips import SET_NAME, SetSpec, Strips, resolve_strips, strip_error
from ticker.sources.access import AccessSettings, ApiHubSettings, DataGoKrSettings
from ticker.sources.feeds import FeedsSettings, default_feeds
from ticker.sources.registry import PROVIDER_NAMES, SAMPLE, SOURCES, secret_forms
from ticker.state.shared import redis_url
from ticker.state.store import STORE_VARIABLE
from ticker.web.settings import WidgetSettings

# Public contract names (the sources' key and URL variables are in the registry).
ENV_CONFIG = "TICKER_CONFIG"
ENV_PROVIDER = "TICKER_PROVIDER"
ENV_DATA_DIR = "TICKER_DATA_DIR"
ENV_STORE = STORE_VARIABLE  # "TICKER_STORE", spelled where the store reads it
DEFAULT_CONFIG_NAME = "config.yaml"

# Where the service's own environment variables land in the settings.
_SETTING_VARIABLES = {"provider": ENV_PROVIDER, "data_dir": ENV_DATA_DIR, "store": ENV_STORE}


def default_data_dir() -> Path:
    """``$XDG_STATE_HOME/ticker``, else ``~/.local/state/ticker``: writable without root."""
    state_home = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state_home) / "ticker"


class Settings(Strict):
    """Everything the service reads from configuration."""

    # The default strip: station ids in display order.
    cities: Annotated[tuple[str, ...], BeforeValidator(comma_list)] = DEFAULT_CITY_IDS
    # Named strips (?set=NAME): set name -> station ids in display order, or a SetSpec giving
    # them with a display title.
    sets: dict[str, tuple[str, ...] | SetSpec] = Field(default_factory=dict)
    # Stations the catalogue lacks, added by this deployment (grid cells are computed).
    stations: tuple[StationSpec, ...] = ()
    provider: Annotated[tuple[str, ...], BeforeValidator(comma_list)] = ("asos",)
    data_dir: Path | None = None
    # Where the snapshot lives: empty for the file in data_dir, or redis://host:port/db.
    store: str | None = None
    kma_apihub: ApiHubSettings = ApiHubSettings()
    data_go_kr: DataGoKrSettings = DataGoKrSettings()
    quota: QuotaSettings = QuotaSettings()
    freshness: Freshness = Freshness()
    schedule: ScheduleSettings = ScheduleSettings()
    # The feeds beside the observations, by registry name (ticker.sources.feeds).
    feeds: FeedsSettings = Field(default_factory=default_feeds)
    server: ServerSettings = ServerSettings()
    widget: WidgetSettings = WidgetSettings()

    @property
    def snapshot_dir(self) -> Path:
        """The data directory, defaulted when not configured."""
        return self.data_dir or default_data_dir()

    @model_validator(mode="after")
    def _freshness_in_order(self) -> Settings:
        limits = self.freshness
        try:
            in_order = limits.stale_after <= limits.withhold_after
        except OverflowError:
            raise ValueError("freshness: a limit is too large (at most about 1.4e12 minutes)"
                             ) from None
        if not in_order:
            raise ValueError(
                f"freshness.stale_after_minutes ({limits.stale_after_minutes:g}) is greater "
                f"than freshness.withhold_after_minutes ({limits.withhold_after_minutes:g}): "
                "values would be hidden before they are flagged stale")
        return self

    @model_validator(mode="after")
    def _known_stations(self) -> Settings:
        try:
            catalogue = self.catalogue()
        except ValueError as exc:
            raise ValueError(f"stations: {exc}") from None
        problems = [strip_error(catalogue, "cities", self.cities)]
        for name, ids in self.set_ids().items():
            if not SET_NAME.fullmatch(name):
                problems.append(f"sets: set name {name!r} must match {SET_NAME.pattern}")
            problems.append(strip_error(catalogue, f"sets.{name}", ids))
        problem = next((p for p in problems if p), None)
        if problem:
            raise ValueError(problem)
        return self

    def catalogue(self) -> Catalogue:
        """Every station this deployment knows: KMA's list and the ones added here."""
        return load_catalogue().extended(self.stations) if self.stations else load_catalogue()

    def strips(self) -> Strips:
        """The default strip and the named sets, resolved to stations."""
        return resolve_strips(self.catalogue(), self.cities, self.set_ids(), self.set_titles())

    def set_ids(self) -> dict[str, tuple[str, ...]]:
        """Each named set's station ids, in display order, whichever form configured it."""
        return {name: entry.cities if isinstance(entry, SetSpec) else entry
                for name, entry in self.sets.items()}

    def set_titles(self) -> dict[str, str]:
        """The display title of each set configured with one."""
        return {name: entry.title for name, entry in self.sets.items()
                if isinstance(entry, SetSpec)}

    @field_validator("provider")
    @classmethod
    def _known_providers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("expected a provider name or a comma-separated list of them")
        unknown = [item for item in value if item not in PROVIDER_NAMES]
        if unknown:
            raise ValueError(f"unknown provider {unknown[0]!r}; expected one of: "
                             + ", ".join(PROVIDER_NAMES))
        twice = [item for item in value if value.count(item) > 1]
        if twice:
            raise ValueError(f"{twice[0]!r} is listed twice; list each provider once")
        if SAMPLE in value and len(value) > 1:
            raise ValueError(f"{SAMPLE!r} stands alone: it is not a link of the fallback chain")
        return value

    @field_validator("store")
    @classmethod
    def _store_url(cls, value: str | None) -> str | None:
        try:
            redis_url(value)
        except ConfigError as exc:
            raise ValueError(str(exc).removeprefix(f"{ENV_STORE}: ")) from None
        return value

    @field_validator("data_dir", mode="before")
    @classmethod
    def _named_data_dir(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise ValueError("empty: leave it unset for the default "
                             f"({default_data_dir()}) or name a directory")
        return value

    def accesses(self) -> dict[str, AccessSettings]:
        """Each registered source's access section, by source name."""
        return {spec.name: getattr(self, spec.settings_key) for spec in SOURCES}

    def secrets(self) -> list[str]:
        """Every configured secret in every form it is used, for redaction of log output."""
        return secret_forms(self.accesses())


# The raw YAML (and the environment's overrides) stay JSON-shaped until Settings validates
# the merged whole: the models, not these helpers, give them types.
def _env_names() -> dict[str, str]:
    """Setting path -> the environment variable that sets it, for every variable we read."""
    names = dict(_SETTING_VARIABLES)
    for spec in SOURCES:
        names[f"{spec.settings_key}.key"] = spec.key_variable
        names[f"{spec.settings_key}.url"] = spec.url_variable
    return names


def _env_overrides(env: Mapping[str, str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for where, variable in _env_names().items():
        # An empty variable means unset, but for the data directory it is surely a mistake
        # (a template left blank), which the setting's check then names.
        if env.get(variable) or (variable == ENV_DATA_DIR and variable in env):
            section, _, key = where.rpartition(".")
            target = overrides.setdefault(section, {}) if section else overrides
            target[key] = env[variable]
    return overrides


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _describe(error: ValidationError, source: str) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    if source == "environment":
        where = _env_names().get(where, where)
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown setting"
    # Checks across settings name their own place (e.g. sets.gangwon[2]).
    return f"{source}: {where}: {message}" if where else f"{source}: {message}"


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
    file_data = read_config_file(path) if path else {}
    source = str(path) if path else "configuration"
    try:
        Settings.model_validate(file_data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None
    try:
        return Settings.model_validate(_merge(file_data, _env_overrides(env)))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, "environment")) from None
