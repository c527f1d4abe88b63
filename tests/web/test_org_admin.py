"""The admin of one organisation: it cannot open another organisation's admin pages (with data that could
leak), never changes a superuser, adds users to its own organisation only; the superuser opens every one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


ORG_ADMIN_PERMISSIONS = [
    ("accounts", "view_user"),
    ("accounts", "add_user"),
    ("accounts", "change_user"),
    ("organizations", "view_organization"),
    ("organizations", "change_organization"),
]


def _org_admin(org: Organization) -> User:
    user = UserFactory(organization=org, role=Role.ORG_ADMIN, is_staff=True, password=None)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in={a for a, _ in ORG_ADMIN_PERMISSIONS},
            codename__in={c for _, c in ORG_ADMIN_PERMISSIONS},
        )
    )
    return user


@pytest.fixture
def two_orgs():
    ours = OrganizationFactory(name="Đảng ủy xã Của Mình", abbreviation="DUXCM")
    theirs = OrganizationFactory(name="Đảng ủy xã Bí Mật Khác", abbreviation="DUXBMK")
    admin = _org_admin(ours)
    colleague = UserFactory(organization=ours, username="dongnghiep", full_name="Đồng Nghiệp Mình")
    stranger = UserFactory(organization=theirs, username="nguoila", full_name="Người Lạ Bên Kia")
    stranger_admin = _org_admin(theirs)
    return ours, theirs, admin, colleague, stranger, stranger_admin


def test_anonymous_and_plain_users_are_sent_to_the_admin_login(client, two_orgs):
    ours, *_ = two_orgs
    for url in ("/admin/", f"/admin/organizations/organization/{ours.pk}/change/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")
    client.force_login(UserFactory(organization=ours, role=Role.LEADER))
    response = client.get("/admin/accounts/user/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/accounts/user/")


def test_an_organisation_admin_cannot_open_another_organisations_admin(client, two_orgs):
    ours, theirs, admin, colleague, stranger, stranger_admin = two_orgs
    client.force_login(admin)

    # lists hold the own organisation and its users only
    orgs = client.get("/admin/organizations/organization/").content.decode()
    assert ours.name in orgs
    assert theirs.name not in orgs
    users = client.get("/admin/accounts/user/").content.decode()
    assert "dongnghiep" in users
    assert "nguoila" not in users
    assert "Người Lạ Bên Kia" not in users

    # the own organisation and colleagues open
    assert client.get(f"/admin/organizations/organization/{ours.pk}/change/").status_code == 200
    assert client.get(f"/admin/accounts/user/{colleague.pk}/change/").status_code == 200

    # another organisation, its users and its admin: never shown, never changed
    for url in (
        f"/admin/organizations/organization/{theirs.pk}/change/",
        f"/admin/accounts/user/{stranger.pk}/change/",
        f"/admin/accounts/user/{stranger_admin.pk}/change/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
        assert "Bí Mật Khác" not in client.get("/admin/", follow=True).content.decode()
    response = client.post(
        f"/admin/organizations/organization/{theirs.pk}/change/",
        {"name": "Bị đổi tên", "abbreviation": "X", "email": ""},
    )
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert (theirs.name, theirs.abbreviation) == ("Đảng ủy xã Bí Mật Khác", "DUXBMK")
    old_hash = stranger.password
    response = client.post(
        f"/admin/accounts/user/{stranger.pk}/password/",
        {"password1": "Mat-khau-moi-789", "password2": "Mat-khau-moi-789", "usable_password": "true"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.password == old_hash


def test_an_organisation_admin_never_changes_a_superuser_of_its_organisation(client, two_orgs):
    ours, _theirs, admin, *_ = two_orgs
    root = UserFactory(organization=ours, username="sieuquantri", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "sieuquantri" in client.get("/admin/accounts/user/").content.decode()  # a colleague, listed
    assert client.get(f"/admin/accounts/user/{root.pk}/change/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{root.pk}/change/",
        {"username": "sieuquantri", "full_name": "Đã bị sửa", "role": Role.SPECIALIST, "is_active": ""},
    )
    assert response.status_code == 403
    old_hash = root.password
    response = client.post(
        f"/admin/accounts/user/{root.pk}/password/",
        {"password1": "Mat-khau-moi-789", "password2": "Mat-khau-moi-789", "usable_password": "true"},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert (root.password, root.is_active, root.is_superuser) == (old_hash, True, True)


def test_a_user_added_by_an_organisation_admin_belongs_to_its_organisation(client, two_orgs):
    ours, theirs, admin, *_ = two_orgs
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "moi.chuyenvien",
            "full_name": "Chuyên viên Mới",
            "organization": str(theirs.pk),  # read-only for an organisation admin: ignored
            "role": Role.SPECIALIST,
            "password1": "Mat-khau-moi-789",
            "password2": "Mat-khau-moi-789",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="moi.chuyenvien")
    assert (created.organization, created.role, created.is_staff, created.is_superuser) == (
        ours,
        Role.SPECIALIST,
        False,
        False,
    )


def test_the_superuser_opens_every_organisation(client, two_orgs):
    ours, theirs, *_ = two_orgs
    client.force_login(UserFactory(organization=None, is_superuser=True, is_staff=True))
    for org in (ours, theirs):
        response = client.get(f"/admin/organizations/organization/{org.pk}/change/")
        assert response.status_code == 200
        # the change form of that very organisation, with its name and abbreviation filled in
        assert response.context["original"] == org
        form = response.context["adminform"].form
        assert (form.initial["name"], form.initial["abbreviation"]) == (org.name, org.abbreviation)
    listed = client.get("/admin/organizations/organization/").context["cl"].result_list
    assert {ours, theirs} <= set(listed)
