"""The organisations directory (issue 11, part 7): search without diacritics, kind, level, superior body,
dissolved bodies marked, Vietnamese order, members by role for administrators only, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.accounts.enums import Role
from phoihop.organizations import queries
from phoihop.organizations.enums import Level, OrganizationKind
from tests.consultations.conftest import at
from tests.factories import OrganizationFactory, UserFactory
from tests.personas import Personas

pytestmark = pytest.mark.django_db

K = OrganizationKind
URL = "/co-quan/"


def texts(response, xpath: str) -> list[str]:
    return [
        " ".join(e.text_content().split())
        for e in lxml_html.fromstring(response.content.decode()).xpath(xpath)
    ]


def names(response) -> list[str]:
    return texts(response, "//table[@id='directory']/tbody/tr/td[1]/a")


@pytest.fixture
def p() -> Personas:
    return Personas()


@pytest.fixture
def wards(p):
    """Two wards under the Tỉnh ủy, one dissolved on 01/07/2025."""
    pho_hien = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPPH", superior=p.tu)
    old = OrganizationFactory(
        name="Đảng ủy phường Hiến Nam", abbreviation="DUPHN", superior=p.tu, dissolved_on=dt.date(2025, 7, 1)
    )
    return pho_hien, old


def test_the_url_and_the_nav_link(client, p):
    assert reverse("organization-directory") == URL
    client.force_login(p.ban_cv)
    home = client.get(reverse("regulation-list"))
    assert texts(home, f"//nav[@id='main-nav']//a[@href='{URL}']") == ["Cơ quan, tổ chức"]


def test_anonymous_is_sent_to_login(client, p, wards):
    for url in (URL, reverse("organization-detail", args=[wards[0].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_every_body_in_vietnamese_order(client, p, wards):
    client.force_login(p.ban_cv)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == [
        "Ban Dân vận Huyện ủy",
        "Ban Nội chính Tỉnh ủy",
        "Ban Thường vụ Huyện ủy",
        "Ban Thường vụ Huyện ủy Phù Cát",
        "Ban Thường vụ Tỉnh ủy",
        "Đảng ủy Các cơ quan tỉnh",
        "Đảng ủy Khối doanh nghiệp tỉnh",
        "Đảng ủy phường Hiến Nam",
        "Đảng ủy phường Phố Hiến",
        "Đảng ủy xã An Hai",
        "Đảng ủy xã An Một",
        "Hội CCB tỉnh",
        "Hội LHPN tỉnh",
        "Hội Nông dân tỉnh",
        "Huyện ủy Phù Cát",
        "Huyện ủy Tây Sơn",
        "LĐLĐ tỉnh",
        "Tỉnh đoàn",
        "Tỉnh ủy",
        "Ủy ban Kiểm tra Huyện ủy",
        "Ủy ban Kiểm tra Huyện ủy Phù Cát",
        "Ủy ban MTTQ huyện",
        "Ủy ban MTTQ tỉnh",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("pho hien", ["Đảng ủy phường Phố Hiến"]),
        ("PHỐ HIẾN", ["Đảng ủy phường Phố Hiến"]),
        ("hien", ["Đảng ủy phường Hiến Nam", "Đảng ủy phường Phố Hiến"]),
        ("dang uy xa", ["Đảng ủy xã An Hai", "Đảng ủy xã An Một"]),
        ("dupph", ["Đảng ủy phường Phố Hiến"]),  # the abbreviation
        ("an mot", ["Đảng ủy xã An Một"]),
        ("khong co dau", []),
    ],
)
def test_search_ignores_diacritics_and_case(client, p, wards, q, expected):
    client.force_login(p.ban_cv)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    assert names(response) == expected
    if not expected:
        assert texts(response, "//p[@id='directory-empty']") == [
            "Không có cơ quan, tổ chức nào khớp với điều kiện tìm."
        ]


def test_filter_by_kind_level_and_superior(client, p, wards):
    client.force_login(p.ban_cv)
    assert names(client.get(URL, {"loai": K.INSPECTION_COMMITTEE})) == [
        "Ủy ban Kiểm tra Huyện ủy",
        "Ủy ban Kiểm tra Huyện ủy Phù Cát",
    ]
    assert names(client.get(URL, {"loai": K.PARTY_COMMITTEE, "cap": Level.DISTRICT})) == [
        "Huyện ủy Phù Cát",
        "Huyện ủy Tây Sơn",
    ]
    response = client.get(URL, {"cap-tren": p.hu.pk})
    assert names(response) == [
        "Ban Dân vận Huyện ủy",
        "Ban Thường vụ Huyện ủy",
        "Ủy ban Kiểm tra Huyện ủy",
        "Ủy ban MTTQ huyện",
    ]
    assert texts(response, "//p[@id='superior-filter']") == ["Các cơ quan trực thuộc Huyện ủy Tây Sơn."]
    assert names(client.get(URL, {"cap-tren": p.hu.pk, "q": "uy ban kiem"})) == ["Ủy ban Kiểm tra Huyện ủy"]


def test_bad_filters_show_the_whole_directory_never_a_500(client, p, wards):
    client.force_login(p.ban_cv)
    everything = names(client.get(URL))
    for params in ({"loai": "khong-co"}, {"cap": "x"}, {"cap-tren": "abc"}, {"q": "x" * 500}):
        response = client.get(URL, params)
        assert response.status_code == 200
        if "q" not in params:
            assert names(response) == everything


def test_the_row_shows_kind_level_superior_and_dissolved(client, p, wards):
    pho_hien, old = wards
    client.force_login(p.ban_cv)
    with time_machine.travel(at("2025-07-01", 9), tick=False):
        response = client.get(URL, {"q": "hien"})
    assert texts(response, f"//tr[@id='org-{old.pk}']/td") == [
        "Đảng ủy phường Hiến Nam đã giải thể",
        "DUPHN",
        "Cấp ủy (Tỉnh ủy, Huyện ủy, Đảng ủy xã/phường)",
        "Xã, phường",
        "Tỉnh ủy",
    ]
    assert texts(response, f"//tr[@id='org-{pho_hien.pk}']/td[1]") == ["Đảng ủy phường Phố Hiến"]
    # the day before its dissolution it is not marked
    with time_machine.travel(at("2025-06-30", 9), tick=False):
        response = client.get(URL, {"q": "hien"})
    assert texts(response, f"//tr[@id='org-{old.pk}']/td[1]") == ["Đảng ủy phường Hiến Nam"]


def test_the_detail_page(client, p, wards):
    client.force_login(p.ban_cv)
    response = client.get(reverse("organization-detail", args=[p.hu.pk]))
    assert response.status_code == 200
    assert texts(response, "//h1") == ["Huyện ủy Tây Sơn"]
    assert texts(response, "//ul[@id='subordinates']/li") == [
        "Ban Dân vận Huyện ủy",
        "Ban Thường vụ Huyện ủy",
        "Ủy ban Kiểm tra Huyện ủy",
        "Ủy ban MTTQ huyện",
    ]
    assert texts(response, "//dl[@id='members']") == []  # a specialist sees no members
    response = client.get(reverse("organization-detail", args=[p.tu.pk]))
    with time_machine.travel(at("2025-07-02", 9), tick=False):
        response = client.get(reverse("organization-detail", args=[p.tu.pk]))
    assert "Đảng ủy phường Hiến Nam đã giải thể" in texts(response, "//ul[@id='subordinates']/li")
    assert client.get(reverse("organization-detail", args=[999999])).status_code == 404


def _members(client, org):
    return texts(client.get(reverse("organization-detail", args=[org.pk])), "//dl[@id='members']/*")


def test_members_by_role_for_administrators_only(client, p):
    org_admin = UserFactory(
        organization=p.ban, role=Role.ORG_ADMIN, username="qt_ban", first_name="Quản", last_name="Trị"
    )
    system_admin = UserFactory(organization=p.tu, role=Role.SYSTEM_ADMIN, username="qt_he_thong")
    UserFactory(organization=p.ban, role=Role.SPECIALIST, username="nghi", is_active=False)
    expected = [
        "Văn thư",
        p.ban_clerk.get_full_name() or p.ban_clerk.username,
        "Chuyên viên",
        f"{p.ban_cv.get_full_name() or p.ban_cv.username} — cv@bnc.vn",
        "Lãnh đạo",
        f"{p.ban_leader.get_full_name() or p.ban_leader.username} — ld@bnc.vn",
        "Quản trị tổ chức",
        f"{org_admin.get_full_name()}{' — ' + org_admin.email if org_admin.email else ''}",
    ]
    for admin in (org_admin, system_admin):
        client.force_login(admin)
        assert _members(client, p.ban) == expected
    # an organisation's administrator sees its own body's members only; nobody else sees any
    client.force_login(org_admin)
    assert _members(client, p.xa1) == []
    for user in (p.ban_leader, p.ban_cv, p.xa1_leader):
        client.force_login(user)
        assert _members(client, p.ban) == []
    client.force_login(system_admin)
    assert _members(client, p.xa1)[:2] == ["Văn thư", p.xa1_clerk.get_full_name() or p.xa1_clerk.username]


def test_members_by_role_query(p):
    assert [(role, [u.username for u in users]) for role, users in queries.members_by_role(p.xa1)] == [
        ("Văn thư", [p.xa1_clerk.username]),
        ("Chuyên viên", [p.xa1_cv.username]),
        ("Lãnh đạo", [p.xa1_leader.username]),
    ]


def _page_queries(client, extra: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    word = {1: "Một", 3: "Ba"}[extra]
    sup = OrganizationFactory(name=f"Cấp trên {word}")
    for i in range(extra):
        OrganizationFactory(name=f"Đảng ủy xã Thử {word} {i}", superior=sup, abbreviation=f"X{i}")
    client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": f"xa thu {word}"})
    assert len(names(response)) == extra
    return len(captured)


def test_the_page_costs_the_same_at_1_and_3_bodies(client):
    client.force_login(UserFactory(organization=OrganizationFactory(name="Tỉnh ủy Thử")))
    # the directory's own part is one query (the bodies with their superiors); the rest is the layout's
    assert _page_queries(client, 1) == _page_queries(client, 3)


@pytest.mark.parametrize("extra", [1, 3])
def test_the_directory_is_one_query_at_1_and_3_bodies(django_assert_num_queries, extra):
    user = UserFactory(organization=OrganizationFactory(name="Tỉnh ủy Thử"))
    sup = OrganizationFactory(name="Cấp trên")
    for i in range(extra):
        OrganizationFactory(name=f"Đảng ủy xã {i}", superior=sup)
    with django_assert_num_queries(1):
        rows = queries.directory(user, queries.DirectoryFilter(q="dang uy"))
        superiors = [org.superior.name for org in rows]
    assert superiors == ["Cấp trên"] * extra
