"""Issue 8, defect 5: bad input that gave a 500 gets a 4xx with the API's error body or a Vietnamese
message. Each case runs on SQLite and (in CI) on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def specialist(db):  # type: ignore[no-untyped-def]
    from phoihop.accounts.enums import Role

    return UserFactory(organization=OrganizationFactory(), role=Role.SPECIALIST)


@pytest.mark.parametrize(
    "query",
    ["limit=1e20", "limit=100000000000000000000", "offset=100000000000000000000", "limit=-1", "offset=1e5"],
)
@pytest.mark.parametrize(
    "url", ["/api/v1/consultations/requests/", "/api/v1/reports/slots/", "/api/v1/regulations/"]
)
def test_absurd_paging_never_gives_a_500(client, specialist, url, query):  # type: ignore[no-untyped-def]
    client.force_login(specialist)
    response = client.get(f"{url}?{query}")
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    if response.status_code == 400:
        assert response.json()["error"] == "invalid"


@pytest.mark.parametrize(
    "path",
    ["/api/v1/regulations/%00/", "/quy-che/%00/", "/api/v1/evaluation/003/20%0025/", "/phoi-hop/?q=%00"],
)
def test_a_nul_in_the_path_or_query_is_a_400(client, specialist, path):  # type: ignore[no-untyped-def]
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


def test_a_huge_number_in_a_choice_field_is_an_invalid_choice(client, specialist):  # type: ignore[no-untyped-def]
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


def test_an_urlencoded_post_declaring_latin_1_is_not_a_500(client, specialist):  # type: ignore[no-untyped-def]
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


@pytest.mark.parametrize(
    "path",
    [
        "/bao-cao/yeu-cau/moi/",
        "/phoi-hop/moi/",
    ],
)
def test_a_huge_number_posted_to_a_picker_is_refused_with_a_message(client, specialist, path):  # type: ignore[no-untyped-def]
    client.force_login(specialist)
    big = "9" * 30
    response = client.post(
        path,
        {
            "origin": "ad_hoc",
            "subject": "x",
            "reporters": [big],
            "recipients": [big],
            "paper_recipients": [big],
            "regulation": big,
            "working_days": big,
            "due_on": "01/01/2027",
        },
    )
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])


@pytest.mark.parametrize(
    "path",
    [
        "/bao-cao/?nam=99999999999999999999",
        "/lich-lam-viec/?year=99999999999999999999",
        "/lich-lam-viec/?tu_ngay=01/01/9999&so_ngay=99999999999999999999",
        "/quy-che/003/?phien-ban=99999999999999999999",
        "/danh-gia/003/99999999999999999999/",
        "/danh-gia/003/2025/?nam=99999999999999999999",
        "/api/v1/evaluation/003/99999999999999999999/",
        "/api/v1/workdays/calendar/99999999999999999999/",
        "/api/v1/workdays/add/?start=2025-01-01&days=99999999999999999999",
        "/api/v1/regulations/003/?version=99999999999999999999",
        "/api/v1/consultations/requests/99999999999999999999/",
        # "²" passes str.isdigit() but not int(): each was a 500
        "/bao-cao/?nam=%C2%B2",
        "/bao-cao/nhan/?nam=%C2%B2",
        "/lich-lam-viec/?year=%C2%B2",
    ],
)
def test_huge_numbers_in_query_strings_are_not_a_500(client, specialist, path):  # type: ignore[no-untyped-def]
    client.force_login(specialist)
    response = client.get(path)
    assert response.status_code in (200, 302, 400, 404), (response.status_code, response.content[:300])


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
def test_paging_is_bounded(rf, query, limit, offset):  # type: ignore[no-untyped-def]
    from rest_framework.request import Request

    from phoihop.api.pagination import BoundedLimitOffsetPagination

    request = Request(rf.get(f"/api/v1/regulations/?{query}"))
    paginator = BoundedLimitOffsetPagination()
    assert (paginator.get_limit(request), paginator.get_offset(request)) == (limit, offset)


def test_an_api_404_is_in_vietnamese_and_names_no_model(client, specialist):  # type: ignore[no-untyped-def]
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
def test_an_api_address_no_route_matches_gets_the_error_body(client, specialist, url):  # type: ignore[no-untyped-def]
    client.force_login(specialist)
    response = client.get(url)
    assert (response.status_code, response.json()) == (
        404,
        {"error": "not_found", "detail": "Không tìm thấy (hoặc bạn không có quyền xem)."},
    )


def test_a_page_address_no_route_matches_gets_the_vietnamese_page(client, specialist):  # type: ignore[no-untyped-def]
    client.force_login(specialist)
    response = client.get("/phoi-hop/abc/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "404" in response.content.decode()
