"""Request guards that run before any view."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.defaults import bad_request

NUL_MESSAGE = "Địa chỉ có ký tự không hợp lệ (ký tự NUL)."


class RejectNulMiddleware:
    """A NUL character in the path or the query string is a 400 before any view runs: PostgreSQL text cannot
    hold it, so a lookup with it was a 500 there (and is meaningless everywhere). The API gets its error body,
    pages the Vietnamese 400 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": "invalid", "detail": NUL_MESSAGE, "fields": {}}, status=400)
            return bad_request(request, ValueError(NUL_MESSAGE))
        return self.get_response(request)


RETRY_MESSAGE = "Có thao tác khác trên cùng dữ liệu vào đúng lúc này; chưa có gì được lưu. Hãy thử lại."
TRANSIENT_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure (PostgreSQL)


def is_transient(exc: BaseException) -> bool:
    """A database error that only means "two transactions collided": the database rolled this one back whole,
    so nothing is half-written and trying again is safe."""
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) in TRANSIENT_SQLSTATES


class TransientDatabaseErrorMiddleware:
    """A deadlock or serialization failure is a 409 with a Vietnamese "try again", never a 500 (the API's
    exception handler does the same with its error body)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_transient(exception):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "conflict", "detail": RETRY_MESSAGE, "fields": {}}, status=409)
        return render(request, "409.html", {"message": RETRY_MESSAGE}, status=409)
