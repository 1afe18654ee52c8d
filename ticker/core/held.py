"""The base of every model of held state (the snapshot and each feed's part of it)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, model_validator

from ticker.core.kst import KST


def _aware_in_kst(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return value.astimezone(KST)


# Every time we hold is timezone-aware and expressed in KST.
KstTime = Annotated[datetime, AfterValidator(_aware_in_kst)]

# The validation context of state read back from a file or Redis (``read_snapshot``).
HELD_STATE: Final = {"held_state": True}


def is_held(info: ValidationInfo[object]) -> bool:
    """Whether a validation reads held state back (lenient) rather than builds it (exact)."""
    return isinstance(info.context, dict) and info.context.get("held_state") is True


class HeldModel(BaseModel):
    """A model of held state: exact when we build it, forward-compatible when read back.

    Read with ``HELD_STATE`` as context, fields it does not know are ignored, so a rollback
    after an additive change, or an old web node during a rolling upgrade, still reads what
    a newer version wrote; what we write is always exactly these fields.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_fields_only(cls, data: object, info: ValidationInfo[object]) -> object:
        if is_held(info) and isinstance(data, dict):
            return {key: value for key, value in data.items() if key in cls.model_fields}
        return data


class FeedState(HeldModel):
    """What every feed holds beside its data: when it last stored, and when it may next.

    ``sample`` marks a recording's part: it is never carried into live data, nor the reverse.
    """

    sample: bool
    updated_at: KstTime
    next_refresh_at: KstTime | None = None

    def same_data(self, other: FeedState) -> bool:
        """Whether ``other`` holds the same data, whenever each was fetched."""
        times = {"updated_at", "next_refresh_at"}
        return self.model_dump(exclude=times) == other.model_dump(exclude=times)
