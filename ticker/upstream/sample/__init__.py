"""The bundled sample: a recording of the seed ticker as ``kma_sfctm2`` sent it.

With no API key the service replays it through the same parser as live data, and says so.
"""

from __future__ import annotations

from importlib import resources

from ticker.upstream.apihub.client import BODY_ENCODING

SAMPLE_RESOURCE = "sample_kma_sfctm2.txt"


def load_sample_text() -> str:
    """The bundled sfctm2 recording, decoded exactly as live bodies are."""
    data = resources.files("ticker.upstream.sample").joinpath(SAMPLE_RESOURCE).read_bytes()
    return data.decode(BODY_ENCODING)
