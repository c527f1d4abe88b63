"""The registry's pages and API: forms that register and edit (refusals shown, never a 500), the query counts
of every list at 1 and 3 items (page: its own queries + the layout's; API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.audit.models import AuditEvent
from phoihop.officials.domain import assign_supervision
from phoihop.officials.models import Official, OfficialPosition
from tests.layout import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_go_to_the_login_page_and_the_api_answers_401(client, p):
    o = p.make("Nguyễn Văn An", workplace=p.xa1)
    for url in (
        reverse("official-list"),
        reverse("official-detail", args=[o.pk]),
        reverse("official-supervision"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get("/api/v1/officials/").status_code == 401


def test_registering_on_the_page(client, p):
    client.force_login(p.ban_cv)
    assert client.get(reverse("official-create")).status_code == 200
    response = client.post(
        reverse("official-create"),
        {
            "full_name": "Hoàng Thị Thu",
            "birth_year": "1980",
            "position": "Phó Chủ tịch UBND",
            "workplace": p.xa1.pk,
            "started_on": "01/07/2025",
            "is_party_member": "on",
            "party_organization": p.xa1.pk,
            "managing_basis": "Quy định 80-QĐ/TW",
        },
    )
    o = Official.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("official-detail", args=[o.pk])
    assert (o.managing_body_id, o.is_party_member, o.party_organization_id) == (p.ban.pk, True, p.xa1.pk)
    assert OfficialPosition.objects.get(official=o).started_on == dt.date(2025, 7, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Phó Chủ tịch UBND" in page
    assert "01/07/2025" in page
    assert "official_timeline" not in page


def test_a_refusal_is_shown_on_the_form(client, p):
    p.make("Hoàng Thị Thu", birth_year=1980, workplace=p.xa1)
    client.force_login(p.ban_cv)
    response = client.post(
        reverse("official-create"),
        {"full_name": "Hoang Thi Thu", "birth_year": "1980", "workplace": p.xa1.pk},
    )
    assert response.status_code == 200
    assert "đã có trong danh sách" in response.content.decode()
    assert Official.objects.count() == 1


def test_a_clerk_gets_no_form(client, p):
    client.force_login(p.ban_clerk)
    assert client.get(reverse("official-create")).status_code == 404
    assert "Thêm cán bộ" not in client.get(reverse("official-list")).content.decode()


def test_editing_on_the_page_records_the_new_position(client, p):
    o = p.make("Hoàng Thị Thu", position="Phó Chủ tịch", workplace=p.xa1, started_on=dt.date(2025, 7, 1))
    client.force_login(p.ban_cv)
    response = client.post(
        reverse("official-edit", args=[o.pk]),
        {
            "full_name": "Hoàng Thị Thu",
            "position": "Chủ tịch",
            "workplace": p.xa1.pk,
            "started_on": "02/03/2026",
        },
    )
    assert response.status_code == 302
    assert list(
        OfficialPosition.objects.filter(official=o).order_by("pk").values_list("title", "ended_on")
    ) == [
        ("Phó Chủ tịch", dt.date(2026, 3, 1)),
        ("Chủ tịch", None),
    ]


def test_the_api_registers_and_patches_with_the_same_rules(client, p):
    client.force_login(p.ban_cv)
    response = client.post(
        "/api/v1/officials/",
        {
            "full_name": "Vũ Văn Sơn",
            "birth_year": 1972,
            "position": "Chánh Thanh tra",
            "workplace_id": p.xa1.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["full_name"], body["managing_body"]["id"], body["can_edit"]) == (
        "Vũ Văn Sơn",
        p.ban.pk,
        True,
    )
    again = client.post(
        "/api/v1/officials/",
        {"full_name": "vu van son", "birth_year": 1972, "workplace_id": p.xa1.pk},
        content_type="application/json",
    )
    assert (again.status_code, again.json()["error"]) == (400, "duplicate")
    unknown = client.post(
        "/api/v1/officials/",
        {"full_name": "Vũ Văn Hải", "workplace_id": 999999},
        content_type="application/json",
    )
    assert (unknown.status_code, unknown.json()["error"]) == (400, "unknown_organization")
    patched = client.patch(
        f"/api/v1/officials/{body['id']}/",
        {"position": "Phó Chánh Thanh tra", "started_on": "01/03/2026"},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert [x["title"] for x in patched.json()["positions"]] == ["Phó Chánh Thanh tra", "Chánh Thanh tra"]
    client.force_login(p.xa1_cv)  # the workplace sees, may not edit
    refused = client.patch(
        f"/api/v1/officials/{body['id']}/", {"position": "X"}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["error"]) == (403, "not_allowed")
    client.force_login(p.ban_clerk)
    assert (
        client.post("/api/v1/officials/", {"full_name": "A"}, content_type="application/json").status_code
        == 403
    )
    assert AuditEvent.objects.filter(action="created").count() == 1


def _count(client, url: str, shown: int | None = None) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    if shown is not None:  # the rows are there (the official's name or its JSON row)
        text = response.content.decode()
        assert text.count("Cán Bộ ") == shown
    return len(ctx.captured_queries)


def _officials(p, n: int) -> None:
    for i in range(n):
        o = p.make(f"Cán Bộ Số {i}", position="Chuyên viên", workplace=p.xa1)
        assign_supervision(p.board_cv, o, p.women, started_on=dt.date(2026, 1, 5))


# session, user, the page's query (+ the viewer's body for the supervision lists; + the user's body in the
# layout's user box on a page)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (reverse("official-list"), 4 + LAYOUT_QUERIES),
        (reverse("official-list") + "?q=can+bo", 4 + LAYOUT_QUERIES),
        (reverse("official-supervision"), 5 + LAYOUT_QUERIES),
        ("/api/v1/officials/", 3),
        ("/api/v1/officials/supervision/", 4),
    ],
)
def test_lists_cost_the_same_at_1_and_3_items(client, p, url, expected):
    client.force_login(p.women_cv)
    _officials(p, 1)
    assert _count(client, url, 1) == expected
    for i in range(2):
        o = p.make(f"Cán Bộ Thêm {i}", workplace=p.xa2, by=p.xa2_cv)
        assign_supervision(p.board_cv, o, p.women, started_on=dt.date(2026, 1, 5))
    assert _count(client, url, 3) == expected


def test_the_record_costs_the_same_whatever_the_history(client, p):
    o = p.make("Hoàng Thị Thu", position="Chức vụ 0", workplace=p.xa1, started_on=dt.date(2020, 1, 1))
    client.force_login(p.ban_cv)
    url = reverse("official-detail", args=[o.pk])
    first = _count(client, url)
    from phoihop.officials.domain import OfficialData, update_official

    for i in range(1, 4):
        update_official(
            p.ban_cv,
            o,
            OfficialData(
                full_name="Hoàng Thị Thu",
                position=f"Chức vụ {i}",
                workplace=p.xa1,
                started_on=dt.date(2020 + i, 1, 1),
            ),
        )
    assert _count(client, url) == first


def test_the_managing_body_hands_an_official_over_on_the_page_and_in_the_api(client, p):
    o = p.make("Hoàng Thị Thu", workplace=p.xa1)
    client.force_login(p.ban_cv)
    response = client.post(
        reverse("official-edit", args=[o.pk]),
        {
            "full_name": "Hoàng Thị Thu",
            "workplace": p.xa1.pk,
            "managing_basis": "",
            "managing_body": p.btv.pk,
        },
    )
    assert response.status_code == 200  # no basis: refused, nothing changed
    assert "Hãy ghi căn cứ phân cấp quản lý" in response.content.decode()
    o.refresh_from_db()
    assert o.managing_body_id == p.ban.pk
    response = client.post(
        reverse("official-edit", args=[o.pk]),
        {
            "full_name": "Hoàng Thị Thu",
            "workplace": p.xa1.pk,
            "managing_basis": "QĐ 80",
            "managing_body": p.btv.pk,
        },
    )
    assert (response.status_code, response["Location"]) == (
        302,
        reverse("official-list"),
    )  # no longer the Ban's
    o.refresh_from_db()
    assert (o.managing_body_id, o.managing_basis) == (p.btv.pk, "QĐ 80")
    client.force_login(p.btv_leader)
    back = client.patch(
        f"/api/v1/officials/{o.pk}/",
        {"managing_body_id": p.ban.pk, "managing_basis": "QĐ 80, trả lại"},
        content_type="application/json",
    )
    assert back.status_code == 200
    assert (back.json()["managing_body"]["id"], back.json()["managing_basis"]) == (p.ban.pk, "QĐ 80, trả lại")
