"""Bad input to the calendar API (`/api/v1/workdays/add?date=&days=`): a 400 with a message per field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_api_add_with_empty_date_and_days(client_logged_in):
    response = client_logged_in.get("/api/v1/workdays/add?date=&days=")
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "detail": "Dữ liệu không hợp lệ.",
        "fields": {
            "date": ["Thiếu tham số date (ví dụ date=2025-01-22)."],
            "days": ["Thiếu tham số days (ví dụ days=5)."],
        },
    }
    response = client_logged_in.get("/api/v1/workdays/add?date=2025-02-30&days=5")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "date": [
            "Ngày không hợp lệ: '2025-02-30'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22."
        ]
    }
