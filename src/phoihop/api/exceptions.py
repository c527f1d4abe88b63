"""Machine-readable error bodies for every API error: {"error": code, "detail": message, "fields": {...}}."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phoihop.common.errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"error": exc.code, "detail": exc.message}
        if exc.field:
            body["fields"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        body = {"error": getattr(data["detail"], "code", code), "detail": str(data["detail"])}
    else:
        body = {"error": code, "detail": "Dữ liệu không hợp lệ.", "fields": data}
    response.data = body
    return response
