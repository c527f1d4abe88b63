"""Machine-readable error bodies for every API error: {"error": code, "detail": message, "fields": {...}}."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phoihop.common.errors import DomainError
from phoihop.common.middleware import RETRY_MESSAGE, is_transient

NOT_FOUND = "Không tìm thấy (hoặc bạn không có quyền xem)."

# DRF's own errors carry English texts (it has no Vietnamese catalogue): the API answers in Vietnamese, by code.
MESSAGES = {
    "not_authenticated": "Bạn chưa đăng nhập (thiếu thông tin xác thực).",
    "authentication_failed": "Thông tin xác thực không đúng.",
    "permission_denied": "Bạn không có quyền thực hiện thao tác này.",
    "method_not_allowed": "Phương thức không được hỗ trợ ở địa chỉ này.",
    "not_acceptable": "Không thể trả về định dạng được yêu cầu.",
    "unsupported_media_type": "Kiểu dữ liệu gửi lên không được hỗ trợ.",
    "parse_error": "Dữ liệu gửi lên bị lỗi định dạng, không đọc được.",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"error": exc.code, "detail": exc.message}
        if exc.field:
            body["fields"] = {exc.field: [exc.message]}
        return Response(body, status=exc.status)
    if isinstance(exc, Http404) and (not str(exc) or "matches the given query" in str(exc)):
        exc = NotFound(NOT_FOUND)  # get_object_or_404's English "No Delivery matches…" names our models
    if is_transient(exc):
        return Response({"error": "conflict", "detail": RETRY_MESSAGE, "fields": {}}, status=409)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = getattr(exc, "default_code", "error")
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        error = getattr(data["detail"], "code", code)
        detail = MESSAGES.get(error, str(data["detail"]))  # we never raise these codes with a text of our own
        body = {"error": error, "detail": detail}
    else:
        body = {"error": code, "detail": "Dữ liệu không hợp lệ.", "fields": data}
    response.data = body
    return response


def not_found_handler(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (handler404): an address under /api/ that no route matches (e.g. a non-numeric id) gets
    the API's error body like every other API 404; pages get the Vietnamese 404 page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not_found", "detail": NOT_FOUND}, status=404)
    return page_not_found(request, exception)
