"""Building blocks of the settings models every layer defines for its own section."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, SecretStr


class Strict(BaseModel):
    """A settings section: immutable, and an unknown key is an error naming it."""

    model_config = ConfigDict(frozen=True, extra="forbid")


def _http_url(value: str) -> str:
    if not value.startswith(("http://", "https://")):
        raise ValueError("expected an http:// or https:// URL")
    return value.rstrip("/")


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def comma_list(value: object) -> object:
    """``"a, b"`` as ``["a", "b"]`` (for settings that environment variables set as text)."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]
Secret = Annotated[SecretStr | None, BeforeValidator(_blank_is_none)]
