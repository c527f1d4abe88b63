"""The error responses each API operation documents in the OpenAPI schema (one `Error` component: the body
phoihop.api.exceptions writes for every error, {"error": code, "detail": message, "fields": {...}}).

`errors(*codes)` goes into an operation's `@extend_schema(responses={200: …, **errors(404, 409)})`. Every
operation documents 400, 401 and 403 whatever it does: a NUL in the query string is a 400 before any view
(common.middleware), every operation needs a signed-in user (401 without a valid token), and a session that
has not passed the two-factor step is refused with 403 {"error": "otp_required"} (accounts.middleware).
tests/api/test_schema_fuzz.py checks that no operation answers with a status code it does not document.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[Any]):
    """{"error": code, "detail": message, "fields": {field: [messages]}} ("fields" only for bad input)."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # declared here: a class attribute named "fields" would shadow Serializer.fields
        return {
            "error": serializers.CharField(
                help_text="Mã lỗi cho máy đọc, ví dụ not_found, invalid_transition"
            ),
            "detail": serializers.CharField(help_text="Thông báo tiếng Việt cho người dùng"),
            "fields": serializers.DictField(
                child=serializers.JSONField(),
                required=False,
                help_text="Lỗi theo từng trường: {tên trường: [thông báo]}",
            ),
        }

    class Meta:
        ref_name = "Error"


DESCRIPTIONS = {
    400: "Dữ liệu hoặc tham số không hợp lệ (thông báo tiếng Việt, theo từng trường trong `fields`).",
    401: "Chưa đăng nhập: thiếu token, hoặc token không hợp lệ.",
    403: "Không có quyền thực hiện, hoặc phiên đăng nhập chưa qua bước xác thực hai lớp (otp_required).",
    404: "Không tìm thấy, hoặc cơ quan của bạn không được xem.",
    409: "Trạng thái hiện tại không cho phép thao tác này (có thể người khác vừa làm trước).",
    413: "Dữ liệu gửi lên quá lớn (tệp vượt quá dung lượng cho phép).",
    415: "Kiểu nội dung (Content-Type) không được hỗ trợ.",
    422: "Quy chế không cho phép thao tác này (thông báo dẫn điều, khoản).",
}
ALWAYS = (400, 401, 403)


def errors(*codes: int) -> dict[int, Any]:
    """400, 401, 403 and the given codes, each with the Error body."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=DESCRIPTIONS[code])
        for code in sorted({*ALWAYS, *codes})
    }
