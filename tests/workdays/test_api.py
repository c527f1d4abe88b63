"""GET /api/v1/workdays/add and /api/v1/workdays/calendar."""

from __future__ import annotations

import pytest

from phoihop.workdays.domain import set_override

from .conftest import d

pytestmark = pytest.mark.django_db

TET_2025_BASIS = "Thông báo số 6150/TB-BLĐTBXH ngày 08/11/2024 của Bộ Lao động – Thương binh và Xã hội"


def test_add(client_logged_in, loaded):
    response = client_logged_in.get("/api/v1/workdays/add", {"date": "2025-01-22", "days": "5"})
    assert response.status_code == 200
    assert response.json() == {
        "date": "2025-02-05",
        "start": "2025-01-22",
        "days": 5,
        "explanation": {
            "text": "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán)",
            "counted": ["2025-01-23", "2025-01-24", "2025-02-03", "2025-02-04", "2025-02-05"],
            "skipped": [
                {"date": "2025-01-25", "reason": "Thứ Bảy"},
                {"date": "2025-01-26", "reason": "Chủ nhật"},
                {"date": "2025-01-27", "reason": f"Tết Nguyên đán ({TET_2025_BASIS})"},
                {"date": "2025-01-28", "reason": f"Tết Nguyên đán ({TET_2025_BASIS})"},
                {"date": "2025-01-29", "reason": f"Tết Nguyên đán ({TET_2025_BASIS})"},
                {"date": "2025-01-30", "reason": f"Tết Nguyên đán ({TET_2025_BASIS})"},
                {"date": "2025-01-31", "reason": f"Tết Nguyên đán ({TET_2025_BASIS})"},
                {"date": "2025-02-01", "reason": "Mùng bốn Tết Nguyên đán (Thứ Bảy)"},
                {"date": "2025-02-02", "reason": "Chủ nhật"},
            ],
        },
    }


def test_add_negative_and_dd_mm_yyyy(client_logged_in):
    response = client_logged_in.get("/api/v1/workdays/add", {"date": "05/02/2025", "days": "-5"})
    assert response.status_code == 200
    body = response.json()
    assert (body["date"], body["start"], body["days"]) == ("2025-01-22", "2025-02-05", -5)
    assert body["explanation"]["text"] == (
        "Chậm nhất ngày 22/01/2025: 05 ngày làm việc trước ngày 05/02/2025, không tính 25/01–02/02 (Tết Nguyên đán)"
    )


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        (
            {"date": "22-01-2025", "days": "5"},
            {
                "date": [
                    "Ngày không hợp lệ: '22-01-2025'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22."
                ]
            },
        ),
        (
            {"date": "2025-01-22", "days": "năm"},
            {"days": ["Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được 'năm')."]},
        ),
        (
            {"date": "2025-01-22", "days": "4000"},
            {"days": ["Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650."]},
        ),
        (
            {},
            {
                "date": ["Thiếu tham số date (ví dụ date=2025-01-22)."],
                "days": ["Thiếu tham số days (ví dụ days=5)."],
            },
        ),
        ({"date": "", "days": "5"}, {"date": ["Thiếu tham số date (ví dụ date=2025-01-22)."]}),
        ({"date": "2025-01-22"}, {"days": ["Thiếu tham số days (ví dụ days=5)."]}),
        (
            {"date": "2200-12-30", "days": "5"},
            {"days": ["Ngày 01/01/2201 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200)."]},
        ),
    ],
)
def test_add_bad_input(client_logged_in, params, fields):
    response = client_logged_in.get("/api/v1/workdays/add", params)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "detail": "Dữ liệu không hợp lệ.", "fields": fields}


@pytest.mark.parametrize(
    "url", ["/api/v1/workdays/add?date=2025-01-22&days=5", "/api/v1/workdays/calendar?year=2026"]
)
def test_anonymous_is_refused(client, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


def test_calendar_2026(client_logged_in, loaded):
    response = client_logged_in.get("/api/v1/workdays/calendar", {"year": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    assert [r["date"] for r in body["days_off"]] == [
        "2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
        "2026-04-27", "2026-04-30", "2026-05-01", "2026-08-31", "2026-09-01", "2026-09-02", "2026-11-24",
    ]  # fmt: skip
    assert body["days_off"][-1] == {
        "date": "2026-11-24",
        "weekday": "Thứ Ba",
        "name": "Ngày Văn hóa Việt Nam",
        "reason": "Ngày Văn hóa Việt Nam (Nghị quyết số 28/2026/QH16)",
        "basis": "Nghị quyết số 28/2026/QH16",
        "status": "official",
    }
    assert [(r["date"], r["name"], r["status"]) for r in body["working_days"]] == [
        ("2026-01-10", "Làm bù cho ngày nghỉ 02/01/2026", "official"),
        ("2026-08-22", "Làm bù cho ngày nghỉ 31/08/2026", "official"),
    ]
    assert body["proposed"] == []


def test_calendar_without_overrides_uses_the_base_calendar(client_logged_in):
    body = client_logged_in.get("/api/v1/workdays/calendar", {"year": "2027"}).json()
    assert [(r["date"], r["status"]) for r in body["working_days"]] == []
    assert body["days_off"][0] == {
        "date": "2027-01-01",
        "weekday": "Thứ Sáu",
        "name": "Tết Dương lịch",
        "reason": "Tết Dương lịch",
        "basis": "Bộ luật Lao động 2019, Điều 112",
        "status": "base",
    }
    assert [r["date"] for r in body["days_off"]] == [
        "2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10",
        "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03", "2027-11-24",
    ]  # fmt: skip


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1899"}, {"year": "2201"}])
def test_calendar_bad_year(client_logged_in, params):
    response = client_logged_in.get("/api/v1/workdays/calendar", params)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid",
        "detail": "Dữ liệu không hợp lệ.",
        "fields": {"year": ["Năm phải là số nguyên từ 1900 đến 2200, ví dụ year=2026."]},
    }


def test_calendar_lists_proposed_without_counting_them(client_logged_in, user):
    set_override(
        actor=None,
        day=d("12/03/2026"),
        kind="day_off",
        name="Nghỉ dự kiến",
        legal_basis="Dự thảo",
        status="proposed",
    )
    body = client_logged_in.get("/api/v1/workdays/calendar", {"year": "2026"}).json()
    assert "2026-03-12" not in [r["date"] for r in body["days_off"]]
    assert body["proposed"] == [
        {
            "date": "2026-03-12",
            "weekday": "Thứ Năm",
            "name": "Nghỉ dự kiến",
            "reason": "Ngày nghỉ dự kiến: Nghỉ dự kiến",
            "basis": "Dự thảo",
            "status": "proposed",
        }
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_calendar_query_count(client_logged_in, django_assert_num_queries, count):
    for i in range(count):
        set_override(actor=None, day=d(f"1{i}/03/2026"), kind="day_off", name=f"Nghỉ {i}")
    client_logged_in.get("/api/v1/workdays/calendar", {"year": "2026"})  # warm the per-year holiday cache
    with django_assert_num_queries(3):  # session, user, overrides
        response = client_logged_in.get("/api/v1/workdays/calendar", {"year": "2026"})
    assert len([r for r in response.json()["days_off"] if r["date"].startswith("2026-03")]) == count


def test_schema_lists_the_endpoints(client_logged_in):
    schema = client_logged_in.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    add = schema["paths"]["/api/v1/workdays/add"]["get"]
    assert add["operationId"] == "workdays_add"
    assert {p["name"]: p["required"] for p in add["parameters"]} == {"date": True, "days": True}
    assert set(add["responses"]) == {"200", "400", "401", "403"}  # 401/403: phoihop.api.error_responses
    assert add["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AddResult"
    }
    calendar = schema["paths"]["/api/v1/workdays/calendar"]["get"]
    assert [p["name"] for p in calendar["parameters"]] == ["year"]
    assert set(schema["components"]["schemas"]["AddResult"]["properties"]) == {
        "date",
        "start",
        "days",
        "explanation",
    }
