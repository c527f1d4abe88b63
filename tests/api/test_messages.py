"""DRF's own errors answer in Vietnamese with their machine-readable code (phoihop.api.exceptions.MESSAGES)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unauthenticated_request_gets_a_vietnamese_401_or_403_body(client):
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {
        "error": "not_authenticated",
        "detail": "Bạn chưa đăng nhập (thiếu thông tin xác thực).",
    }


def test_a_wrong_method_and_a_malformed_json_body_get_vietnamese_messages(client, django_user_model):
    user = django_user_model.objects.create_user(username="cv", password="x-Secret-123")
    client.force_login(user)
    wrong = client.delete("/api/v1/me/")
    assert wrong.status_code == 405
    assert wrong.json() == {
        "error": "method_not_allowed",
        "detail": "Phương thức không được hỗ trợ ở địa chỉ này.",
    }
    broken = client.post("/api/v1/consultations/requests/", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json() == {
        "error": "parse_error",
        "detail": "Dữ liệu gửi lên bị lỗi định dạng, không đọc được.",
    }
