"""The base of every public document model (the JSON API v1 contract)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class DocumentModel(BaseModel):
    """A public document: frozen, exact, and every field on the wire."""

    # Every field is on the wire, defaults included: the schema says so to clients.
    model_config = ConfigDict(frozen=True, extra="forbid",
                              json_schema_serialization_defaults_required=True)
