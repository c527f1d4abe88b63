"""Structured logs: one JSON object per line (LOG_FORMAT=json, the default) or plain text (LOG_FORMAT=plain),
each with the id of the request (or Celery task) it belongs to.

This module imports nothing from Django: settings.py and deploy/gunicorn.conf.py build their logging
configuration with `logging_config()`.
"""

from __future__ import annotations

import contextvars
import logging
import re
from typing import Any

# The id of the request (RequestIdMiddleware) or Celery task being handled by this thread, else None.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# An X-Request-ID sent by a client or a proxy is kept if it looks like an id (a uuid, nginx's $request_id):
# letters, digits and . _ : - only, at most 128 characters. Anything else gets a fresh uuid4.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record the handler writes ("-" outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get() or "-"
        return True


JSON_FIELDS = ["levelname", "name", "message", "request_id"]
PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def formatters() -> dict[str, Any]:
    return {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
            "json_ensure_ascii": False,  # Vietnamese stays readable
        },
        "plain": {"format": PLAIN_FORMAT},
    }


def logging_config(fmt: str = "json", level: str = "WARNING") -> dict[str, Any]:
    """Everything goes to stderr through one handler on the root logger (systemd's journal keeps it)."""
    if fmt not in ("json", "plain"):
        raise ValueError(f"LOG_FORMAT={fmt!r}: use json or plain")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "phoihop.common.logs.RequestIdFilter"}},
        "formatters": formatters(),
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": fmt, "filters": ["request_id"]},
        },
        "root": {"handlers": ["console"], "level": level},
        # Django's own console handler (DEBUG=1 only) would print its records a second time, in another format
        "loggers": {"django": {"handlers": [], "level": level, "propagate": True}},
    }
