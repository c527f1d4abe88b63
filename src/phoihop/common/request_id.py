"""Every request gets an id: the X-Request-ID a proxy (or client) sent if it looks like one, else a fresh uuid4.
It is on every log line written while the request is handled (common/logs.py), echoed in the response's
X-Request-ID header, and one line per request is logged (logger "phoihop.request", INFO: method, path, status,
duration) — the access log, with the id that ties it to the other lines."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

from .logs import SANE_REQUEST_ID, request_id

HEADER = "X-Request-ID"
access_log = logging.getLogger("phoihop.request")


def incoming_or_new(value: str | None) -> str:
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that its id covers everything the request does, static files included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        rid = incoming_or_new(request.headers.get(HEADER))
        # Not reset on the way out: Django logs an error response ("Service Unavailable: …") after the
        # middleware chain returns. The id is cleared when the response is closed (request_finished, below)
        # and replaced by the next request's id in any case.
        request_id.set(rid)
        started = time.monotonic()
        response = self.get_response(request)
        response[HEADER] = rid
        user = getattr(request, "user", None)
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs: Any) -> None:
    request_id.set(None)
