"""Logging set-up with a filter that redacts secrets from every record."""

from __future__ import annotations

import logging

from assistant.tools.secret_scan import redact_secrets
from assistant.tools.secret_scan import register_secret as _register


def register_secret(value: str | None) -> None:
    """Make the redactor hide this exact value too (keys that do not look like sk-...)."""
    _register(value)


def redact(text: str) -> str:
    """Secrets (tools/secret_scan.py: keys, tokens, URL credentials, configured values) replaced."""
    return redact_secrets(text)


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True


def configure_logging(debug: bool = False) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
    # httpx logs every request URL at INFO; keep it out unless debugging.
    for noisy in ("httpx", "httpcore", "openai"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.WARNING)
