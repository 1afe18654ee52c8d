"""Keep secrets out of text: every message that may hold a URL passes through here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"


def secret_forms(secret: str) -> set[str]:
    """The forms a secret can take in text: plain and percent-encoded (both styles)."""
    if not secret:
        return set()
    return {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}


def redact(text: str, secrets: Iterable[str]) -> str:
    """Return ``text`` with every form of every secret replaced by a mask."""
    forms = set()
    for secret in secrets:
        forms |= secret_forms(secret)
    # Longest first, so a form that contains another is masked whole.
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A handler filter that masks secrets in the fully formatted record.

    Third-party loggers (urllib3 logs request URLs at DEBUG) are outside our control, so the
    filter rewrites the record's message and drops its args before any formatter sees it.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask secrets in the message, arguments and exception text of a record."""
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = redact(message, self._secrets)
        record.args = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        record.exc_info = None
        return True


# urllib3 logs every request line, query string and key included, at DEBUG. A filter on the
# logger itself (not on a handler) masks those records before any handler sees them, so
# test captures and operator handlers alike stay clean.
_HTTP_LOGGERS = ("urllib3.connectionpool",)
_http_filter = RedactingFilter([])


def register_secret(secret: str) -> None:
    """Mask ``secret`` in the request lines that HTTP libraries log."""
    if secret and secret not in _http_filter._secrets:
        _http_filter._secrets.append(secret)
    for name in _HTTP_LOGGERS:
        logger = logging.getLogger(name)
        if _http_filter not in logger.filters:
            logger.addFilter(_http_filter)
