"""Checks at start that the settings cannot make alone: what this machine and the store say.

Each failure is a ConfigError naming the setting, raised before anything is fetched; the
commands print it as one line and exit 2. A Redis that is down is not a mistake (nodes must
come up during an outage) and only warns; a Redis that refuses us is.
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import socket
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ticker.app.server.lifecycle import address_family
from ticker.app.settings import ENV_DATA_DIR, Settings
from ticker.core.errors import ConfigError
from ticker.state.shared import redis_url
from ticker.state.store import STORE_VARIABLE

log = logging.getLogger("ticker")

HOSTS_FILE = Path("/etc/hosts")


def check_data_dir(settings: Settings, env: Mapping[str, str], writes: bool) -> None:
    """With the file store: the data directory is a directory, and writable if ``writes``."""
    if redis_url(settings.store) is not None:
        return  # nothing of ours lives in it
    path = settings.snapshot_dir
    name = (ENV_DATA_DIR if env.get(ENV_DATA_DIR) else "data_dir" if settings.data_dir
            else f"{ENV_DATA_DIR} (unset: the default)")
    if path.exists() and not path.is_dir():
        raise ConfigError(f"{name}: {path} is not a directory")
    if not writes:
        return  # a web node only reads what a worker writes there
    try:
        path.mkdir(parents=True, exist_ok=True)
        # The snapshot and quota files are replaced through a temp file beside them.
        with tempfile.NamedTemporaryFile(dir=path, prefix=".ticker-check-"):
            pass
    except OSError as exc:
        raise ConfigError(f"{name}: cannot write in {path} ({exc.strerror})") from None


def check_listen_address(host: str, port: int, host_name: str, port_name: str) -> None:
    """The port is a port, and the host an address of this machine, found without DNS.

    A host is a numeric address, ``localhost`` or a name in /etc/hosts: a name only DNS
    knows would send a query at every start (and ``*.invalid`` would wait on the resolver).
    The address is tried with a bind, which sends nothing anywhere.
    """
    if not 0 <= port <= 65535:
        raise ConfigError(f"{port_name}: {port} is not a port number (0 to 65535)")
    if not (_numeric(host) or host == "localhost" or host in _hosts_file_names()):
        raise ConfigError(f"{host_name}: {host!r} is not an address of this machine (give a "
                          "numeric address, localhost or a name in /etc/hosts)")
    with socket.socket(address_family(host), socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, 0))
        except OSError as exc:
            if exc.errno == errno.EADDRNOTAVAIL:
                raise ConfigError(f"{host_name}: {host} is not an address of this machine"
                                  ) from None
            raise ConfigError(f"{host_name}: cannot listen on {host} ({exc.strerror or exc})"
                              ) from None


def _numeric(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _hosts_file_names() -> set[str]:
    try:
        text = HOSTS_FILE.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {name for line in text.splitlines()
            for name in line.split("#", 1)[0].split()[1:]}


def check_redis(url: str | None) -> None:
    """With Redis: ConfigError when it refuses us (password, db); a warning when unreachable."""
    value = redis_url(url)
    if value is None:
        return
    import redis

    from ticker.state.redis_conn import client_from_url, describe

    client = client_from_url(value)
    where = describe(client)
    try:
        client.ping()
    except redis.AuthenticationError as exc:
        raise ConfigError(f"{STORE_VARIABLE}: Redis at {where} refused the password in the URL "
                          f"({type(exc).__name__})") from None
    except redis.ResponseError as exc:
        # Redis's own words, e.g. "DB index is out of range": never the URL or password.
        raise ConfigError(f"{STORE_VARIABLE}: Redis at {where} refused the connection: {exc}"
                          ) from None
    except redis.RedisError as exc:
        log.warning("%s: Redis at %s is unreachable at start (%s); starting anyway, and "
                    "retrying", STORE_VARIABLE, where, type(exc).__name__)
    finally:
        client.close()
