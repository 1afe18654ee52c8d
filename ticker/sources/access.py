"""How to reach each upstream: the ``kma_apihub:`` and ``data_go_kr:`` settings sections."""

from __future__ import annotations

from pydantic import Field

from ticker.core.config_types import HttpUrl, Secret, Strict
from ticker.upstream.transport import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUTS, Timeouts


class AccessSettings(Strict):
    """What every upstream's access has: a URL, a key, time limits and a body cap."""

    url: HttpUrl
    key: Secret = None
    connect_timeout: float = Field(default=DEFAULT_TIMEOUTS.connect, gt=0, le=60)
    read_timeout: float = Field(default=DEFAULT_TIMEOUTS.read, gt=0, le=300)
    # The whole call, body included: a read timeout alone never ends a trickling body.
    total_timeout: float = Field(default=DEFAULT_TIMEOUTS.total, gt=0, le=600)
    max_body_bytes: int = Field(default=DEFAULT_MAX_BYTES, ge=1024, le=256 * 1024 * 1024)

    def timeouts(self) -> Timeouts:
        """These limits as the transport takes them."""
        return Timeouts(connect=self.connect_timeout, read=self.read_timeout,
                        total=self.total_timeout)


class ApiHubSettings(AccessSettings):
    """KMA API Hub access (surface observations); sfctm2 for 16 stations is about 5 KB."""

    url: HttpUrl = "https://apihub.kma.go.kr"


class DataGoKrSettings(AccessSettings):
    """data.go.kr VilageFcstInfoService_2.0 access (grid nowcast, the second source).

    The key may be the portal's "Encoding" or "Decoding" form; either is normalised once.
    """

    url: HttpUrl = "https://apis.data.go.kr"
    # Publication minutes are unverified (docs/kma.md, "VilageFcstInfoService_2.0"): Ncst
    # HH00 from HH:40, Fcst HH30 from HH:45 by most clients; KMA's newer guide says earlier.
    ncst_available_minute: int = Field(default=40, ge=0, le=59)
    fcst_available_minute: int = Field(default=45, ge=30, le=59)
    # AirKorea's hour HH is asked for from HH:air_available_minute (unverified: docs/kma.md).
    air_available_minute: int = Field(default=15, ge=0, le=59)
    # The short-term forecast (getVilageFcst) issued at 02, 05, … 23 h is asked from this
    # minute after its hour (KMA's guide: about 10 minutes later; unverified).
    forecast_available_minute: int = Field(default=10, ge=0, le=59)
