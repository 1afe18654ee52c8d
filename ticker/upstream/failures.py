"""Plain words for why an upstream call failed: the root cause, never the library's internals.

requests wraps urllib3, which wraps the socket or TLS error, and each layer's text repeats the
one below with pool and connection reprs and the full URL (key included). An operator needs one
short line: which upstream, which host, and the cause in words (``connection refused``,
``name not resolved``, ``read timed out after 15 s``, ``TLS: certificate verify failed``). The
cause is found by walking the chain of wrapped exceptions; the whole text goes to DEBUG only.
"""

from __future__ import annotations

import errno
import http.client
import re
import socket
import ssl
from collections.abc import Iterator
from urllib.parse import urlsplit

import requests
import urllib3.exceptions as u3

# "ticker: fetch failed (network): " takes 32 characters: a message of at most this many
# keeps that line within 200.
MAX_MESSAGE = 160
# A host name can be 253 characters; a line must still have room for the cause.
MAX_HOST = 60

# The first rule any exception in the chain matches names the cause, so the specific come
# before the general (a connect timeout also wraps a TimeoutError). TLS is judged first.
_CAUSES: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((u3.NameResolutionError, socket.gaierror), "name not resolved"),
    ((u3.ProxyError, requests.exceptions.ProxyError), "proxy failed"),
    ((ConnectionRefusedError,), "connection refused"),
    ((u3.ConnectTimeoutError, requests.exceptions.ConnectTimeout),
     "connect timed out after {connect} s"),
    ((u3.ReadTimeoutError, requests.exceptions.ReadTimeout, TimeoutError),
     "read timed out after {read} s"),
    ((ConnectionResetError,), "connection reset by the server"),
    ((http.client.RemoteDisconnected,), "connection closed before an answer"),
    ((u3.ProtocolError, http.client.IncompleteRead, requests.exceptions.ChunkedEncodingError),
     "connection broken mid-answer"),
    ((requests.exceptions.TooManyRedirects,), "too many redirects"),
)
_OS_ERRORS = {errno.ENETUNREACH: "network unreachable", errno.EHOSTUNREACH: "host unreachable",
              errno.ECONNABORTED: "connection aborted", errno.EPIPE: "connection closed"}


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line (whitespace runs become one space), cut to ``limit`` characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def host_of(url: str) -> str:
    """``host[:port]`` of ``url``, without any user or password, shortened when very long."""
    netloc = urlsplit(url).netloc.rpartition("@")[2] or "?"
    return netloc if len(netloc) <= MAX_HOST else netloc[:MAX_HOST - 1] + "…"


def seconds(value: float) -> str:
    """``20``, ``1.5``: a timeout as people write it."""
    return f"{round(value, 1):g}"


def causes(error: BaseException) -> Iterator[BaseException]:
    """``error`` and everything it wraps: causes, contexts, urllib3 reasons, wrapped args."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [getattr(current, "reason", None), current.__cause__, current.__context__,
                  *current.args]
        pending += [item for item in linked if isinstance(item, BaseException)]


def _tls(chain: list[BaseException]) -> str | None:
    for error in chain:
        if isinstance(error, ssl.SSLCertVerificationError):
            detail = str(error.verify_message or "").strip().rstrip(".")
            return "TLS: certificate verify failed" + (f" ({detail})" if detail else "")
    for error in chain:
        if isinstance(error, ssl.SSLError):
            reason = str(error.reason or "handshake failed").lower().replace("_", " ")
            return f"TLS: {reason}"
    return None


def describe_cause(error: BaseException, connect_s: float, read_s: float) -> str:
    """The root cause of a failed call in a few words, from the exceptions it wraps."""
    chain = list(causes(error))
    tls = _tls(chain)
    if tls:
        return tls
    for kinds, words in _CAUSES:
        if any(isinstance(item, kinds) for item in chain):
            return words.format(connect=seconds(connect_s), read=seconds(read_s))
    for item in chain:
        if isinstance(item, OSError) and item.errno in _OS_ERRORS:
            return _OS_ERRORS[item.errno]
    # Only the class name: the text of an unknown error may carry the URL.
    return f"request failed ({type(chain[-1]).__name__})"


def failure_message(label: str, host: str, cause: str) -> str:
    """The one line for a failed call: ``API Hub at host:port: connection refused``."""
    return one_line(f"{label} at {host}: {cause}")
