"""Issue 8, defect 5: bad input that gave a 500 gets a 4xx with the API's error body or a Vietnamese
message. Each case runs on SQLite and (in CI) on PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html as lxml_html

from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist(db):
    from phoihop.accounts.enums import Role

    return UserFactory(organization=OrganizationFactory(), role=Role.SPECIALIST)


@pytest.mark.parametrize(
    "query",
    ["limit=1e20", "limit=100000000000000000000", "offset=100000000000000000000", "limit=-1", "offset=1e5"],
)
@pytest.mark.parametrize(
    "url", ["/api/v1/consultations/requests/", "/api/v1/reports/slots/", "/api/v1/regulations/"]
)
def test_absurd_paging_never_gives_a_500(client, specialist, url, query):
    client.force_login(specialist)
    response = client.get(f"{url}?{query}")
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        assert response.json()["error"] == "invalid"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/regulations/%00/", "/quy-che/%00/", "/api/v1/evaluation/003/20%0025/", "/phoi-hop/?q=%00"],
)
def test_a_nul_in_the_path_or_query_is_a_400(client, specialist, path):
    client.force_login(specialist)
    response = client.get(path)
    assert response.status_code == 400, (response.status_code, response.content[:300])
    if path.startswith("/api/"):
        assert response.json() == {
            "error": "invalid",
            "detail": "Địa chỉ có ký tự không hợp lệ (ký tự NUL).",
            "fields": {},
        }
    else:
        assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_huge_number_in_a_choice_field_is_an_invalid_choice(client, specialist):
    from phoihop.accounts.enums import Role
    from phoihop.regulations.models import Regulation

    leader = UserFactory(organization=specialist.organization, role=Role.SPECIALIST)
    client.force_login(leader)
    response = client.post(
        reverse("consult-create"),
        {"regulation": "99999999999999999999", "recipients": ["99999999999999999999"], "subject": "x"},
    )
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    assert Regulation.objects.count() == 0


def test_an_urlencoded_post_declaring_latin_1_is_not_a_500(client, specialist):
    client.force_login(specialist)
    response = client.post(
        reverse("consult-create"),
        "subject=Xin+%E9+ki%EAn&regulation=1",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    api = client.post(
        "/api/v1/consultations/requests/",
        "subject=Xin+%E9+ki%EAn&regulation=1",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    assert api.status_code == 400, (api.status_code, api.content[:300])
    assert api.json()["error"]


BIG = "9" * 30
NOT_A_CHOICE = f"Hãy chọn một lựa chọn hợp lệ. {BIG} không phải là một trong các lựa chọn khả thi."


@pytest.mark.parametrize(
    ("path", "errors"),
    [
        (
            "/bao-cao/yeu-cau/moi/",
            {"reporters": [NOT_A_CHOICE], "working_days": ["Số ngày làm việc phải từ 1 đến 365."]},
        ),
        (
            "/phoi-hop/moi/",
            {
                "regulation": [
                    "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
                ],
                "recipients": [NOT_A_CHOICE],
                "paper_recipients": [NOT_A_CHOICE],
            },
        ),
    ],
)
def test_a_huge_number_posted_to_a_picker_is_refused_with_a_message(client, specialist, path, errors):
    from phoihop.consultations.models import CoordinationRequest
    from phoihop.reports.models import ReportRequest

    client.force_login(specialist)
    response = client.post(
        path,
        {
            "origin": "ad_hoc",
            "subject": "x",
            "reporters": [BIG],
            "recipients": [BIG],
            "paper_recipients": [BIG],
            "regulation": BIG,
            "working_days": BIG,
            "due_on": "01/01/2027",
        },
    )
    assert response.status_code == 400, (response.status_code, response.content[:300])
    form_errors = response.context["form"].errors
    assert {field: form_errors[field] for field in errors} == errors
    text = page_text(response)
    for messages in errors.values():
        assert messages[0] in text
    assert (CoordinationRequest.objects.count(), ReportRequest.objects.count()) == (0, 0)


def page_text(response) -> str:
    return " ".join(lxml_html.fromstring(response.content.decode()).text_content().split())


HUGE = "99999999999999999999"
YEAR_400 = "Năm không hợp lệ: hãy nhập năm gồm 4 chữ số, từ 2000 đến 2100."
NOT_FOUND = {"error": "not_found", "detail": "Không tìm thấy (hoặc bạn không có quyền xem)."}


@pytest.mark.parametrize(
    ("path", "status", "shown"),
    [
        # pages: a huge year is ignored (this year's list) or refused with a Vietnamese message
        (f"/bao-cao/?nam={HUGE}", 200, "Báo cáo cơ quan tôi phải gửi — {year}"),
        (f"/lich-lam-viec/?year={HUGE}", 400, f"Năm không hợp lệ: {HUGE}. Nhập một năm từ 1900 đến 2200."),
        (
            f"/lich-lam-viec/?tu_ngay=01/01/9999&so_ngay={HUGE}",
            400,
            "Ngày 01/01/9999 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        # an unknown version number: the regulation's current version
        (f"/quy-che/003/?phien-ban={HUGE}", 200, "Ban Nội chính Tỉnh ủy – các đảng ủy xã, phường (Hưng Yên)"),
        (f"/danh-gia/003/{HUGE}/", 400, YEAR_400),
        (f"/danh-gia/003/2025/?nam={HUGE}", 200, "— năm 2025"),
        # the API: its error body
        (
            f"/api/v1/evaluation/003/{HUGE}/",
            400,
            {"error": "invalid_year", "detail": YEAR_400, "fields": {"year": [YEAR_400]}},
        ),
        (
            f"/api/v1/workdays/calendar?year={HUGE}",
            400,
            {
                "error": "invalid",
                "detail": "Dữ liệu không hợp lệ.",
                "fields": {"year": ["Năm phải là số nguyên từ 1900 đến 2200, ví dụ year=2026."]},
            },
        ),
        (
            f"/api/v1/workdays/add?date=2025-01-01&days={HUGE}",
            400,
            {
                "error": "invalid",
                "detail": "Dữ liệu không hợp lệ.",
                "fields": {"days": ["Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650."]},
            },
        ),
        (
            f"/api/v1/regulations/003/?version={HUGE}",
            404,
            {"error": "not_found", "detail": "Không có quy chế này."},
        ),
        (f"/api/v1/consultations/requests/{HUGE}/", 404, NOT_FOUND),
        # "²" passes str.isdigit() but not int(): each was a 500
        ("/bao-cao/?nam=%C2%B2", 200, "Báo cáo cơ quan tôi phải gửi — {year}"),
        ("/bao-cao/nhan/?nam=%C2%B2", 200, "Báo cáo gửi đến cơ quan tôi — {year}"),
        ("/lich-lam-viec/?year=%C2%B2", 400, "Năm không hợp lệ: ². Nhập một năm từ 1900 đến 2200."),
    ],
)
def test_huge_numbers_in_query_strings_are_not_a_500(client, specialist, path, status, shown):
    from django.utils import timezone

    if "003" in path:  # the regulation exists: the number itself is what gets refused
        call_command("load_regulations", stdout=io.StringIO())
    client.force_login(specialist)
    response = client.get(path)
    assert response.status_code == status, (response.status_code, response.content[:300])
    if isinstance(shown, dict):
        assert response.json() == shown
    else:
        assert shown.format(year=timezone.localdate().year) in page_text(response)


@pytest.mark.parametrize(
    ("query", "limit", "offset"),
    [
        ("limit=1000000000", 200, 0),
        ("limit=1e20", 50, 0),
        ("limit=-1", 50, 0),
        ("limit=7&offset=100000000000000000000", 7, 10_000_000),
        ("offset=abc", 50, 0),
    ],
)
def test_paging_is_bounded(rf, query, limit, offset):
    from rest_framework.request import Request

    from phoihop.api.pagination import BoundedLimitOffsetPagination

    request = Request(rf.get(f"/api/v1/regulations/?{query}"))
    paginator = BoundedLimitOffsetPagination()
    assert (paginator.get_limit(request), paginator.get_offset(request)) == (limit, offset)


def test_an_api_404_is_in_vietnamese_and_names_no_model(client, specialist):
    client.force_login(specialist)
    for url in ("/api/v1/consultations/requests/999999/", "/api/v1/consultations/deliveries/999999/answer/"):
        response = (
            client.get(url) if "answer" not in url else client.post(url, {}, content_type="application/json")
        )
        assert response.status_code == 404, url
        assert response.json() == {
            "error": "not_found",
            "detail": "Không tìm thấy (hoặc bạn không có quyền xem).",
        }


@pytest.mark.parametrize("url", ["/api/v1/consultations/requests/abc/", "/api/v1/khong-co/"])
def test_an_api_address_no_route_matches_gets_the_error_body(client, specialist, url):
    client.force_login(specialist)
    response = client.get(url)
    assert (response.status_code, response.json()) == (
        404,
        {"error": "not_found", "detail": "Không tìm thấy (hoặc bạn không có quyền xem)."},
    )


def test_a_page_address_no_route_matches_gets_the_vietnamese_page(client, specialist):
    client.force_login(specialist)
    response = client.get("/phoi-hop/abc/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "404" in response.content.decode()
