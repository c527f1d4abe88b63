"""Changes made in the Django admin write audit events in the admin's transaction (and so are covered by the
hash chain): a role, an organisation, a superior, a kind or a dissolution date through its domain function
(one event each, tests/accounts/test_admin_actions.py and tests/organizations/test_admin_actions.py), the
other audited fields in one event of the admin's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.queries import timeline
from phoihop.audit.verification import verify
from phoihop.organizations.enums import Level
from tests.admin_forms import org_admin, org_form, user_form
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return (
        OrganizationFactory(name="Đảng ủy xã Của Mình", abbreviation="DUXCM"),
        OrganizationFactory(name="Đảng ủy xã Bên Kia", abbreviation="DUXBK"),
    )


@pytest.fixture
def superuser():
    return UserFactory(
        organization=None, username="root", full_name="Quản Trị", is_superuser=True, is_staff=True
    )


@pytest.fixture
def colleague(orgs):
    return UserFactory(organization=orgs[0], username="dongnghiep", full_name="Đồng Nghiệp", email="dn@xa.vn")


def _post(client, url: str, form: dict[str, object]) -> None:
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_superuser_changing_role_organisation_and_active_writes_one_event_per_action(
    client, orgs, superuser, colleague
):
    """The role and the organisation go through their domain functions (one event each), the other audited
    fields make the admin's own event: three events, in the order of the save, all in one transaction."""
    ours, theirs = orgs
    client.force_login(superuser)
    _post(
        client,
        f"/admin/accounts/user/{colleague.pk}/change/",
        user_form(colleague, role=Role.LEADER, organization=str(theirs.pk), is_active=""),
    )
    colleague.refresh_from_db()
    assert (colleague.role, colleague.organization, colleague.is_active) == (Role.LEADER, theirs, False)
    events = list(timeline([colleague]).order_by("seq"))
    assert [(e.actor, e.action) for e in events] == [(superuser, AuditAction.CHANGED)] * 3
    assert [e.summary for e in events] == [
        "Đổi vai trò của người dùng “Đồng Nghiệp”: Chuyên viên → Lãnh đạo",
        "Chuyển người dùng “Đồng Nghiệp” sang tổ chức khác: Đảng ủy xã Của Mình → Đảng ủy xã Bên Kia",
        "Quản trị: sửa người dùng “Đồng Nghiệp” — đang hoạt động: có → không",
    ]
    assert [e.data for e in events] == [
        {"via": "admin", "changes": {"role": ["specialist", "leader"]}},
        {"via": "admin", "changes": {"organization": [ours.pk, theirs.pk]}},
        {"via": "admin", "changes": {"is_active": [True, False]}},
    ]
    assert verify().broken is None


def test_groups_permissions_and_admin_flags_are_audited(client, orgs, superuser, colleague):
    group = Group.objects.create(name="Văn thư")
    client.force_login(superuser)
    permission = Permission.objects.get(codename="view_organization")
    _post(
        client,
        f"/admin/accounts/user/{colleague.pk}/change/",
        {**user_form(colleague, is_staff="on"), "groups": [group.pk], "user_permissions": [permission.pk]},
    )
    event = timeline([colleague]).get()
    assert event.summary == (
        "Quản trị: sửa người dùng “Đồng Nghiệp” — vào trang quản trị: không → có; nhóm quyền: (trống) → Văn thư; "
        "quyền riêng: (trống) → organizations.view_organization"
    )
    assert event.data["changes"] == {
        "is_staff": [False, True],
        "groups": [[], ["Văn thư"]],
        "user_permissions": [[], ["organizations.view_organization"]],
    }


def test_an_organisation_admin_changing_a_colleagues_role_is_audited(client, orgs, colleague):
    ours, _theirs = orgs
    admin = org_admin(ours)
    client.force_login(admin)
    # the organisation is read-only for an organisation admin: not in the form, not changed
    form = user_form(colleague, role=Role.CLERK)
    del form["organization"]
    _post(client, f"/admin/accounts/user/{colleague.pk}/change/", form)
    event = timeline([colleague]).get()
    assert (event.actor, event.summary, event.data) == (
        admin,
        "Đổi vai trò của người dùng “Đồng Nghiệp”: Chuyên viên → Văn thư",
        {"via": "admin", "changes": {"role": ["specialist", "clerk"]}},
    )


def test_a_change_of_nothing_audited_writes_no_event(client, superuser, colleague):
    client.force_login(superuser)
    _post(client, f"/admin/accounts/user/{colleague.pk}/change/", user_form(colleague, full_name="Tên Mới"))
    colleague.refresh_from_db()
    assert colleague.full_name == "Tên Mới"
    assert not timeline([colleague]).exists()


def test_a_user_added_in_the_admin_is_audited_with_its_role_and_organisation(client, orgs):
    ours, _theirs = orgs
    admin = org_admin(ours)
    client.force_login(admin)
    _post(
        client,
        "/admin/accounts/user/add/",
        {
            "username": "moi",
            "full_name": "Chuyên Viên Mới",
            "organization": str(ours.pk),
            "role": Role.SPECIALIST,
            "password1": "Mat-khau-moi-789",
            "password2": "Mat-khau-moi-789",
            "usable_password": "true",
        },
    )
    created = User.objects.get(username="moi")
    event = timeline([created]).get()
    assert (event.actor, event.action) == (admin, AuditAction.CREATED)
    assert event.summary == (
        "Quản trị: tạo người dùng “Chuyên Viên Mới” — vai trò: Chuyên viên; tổ chức: Đảng ủy xã Của Mình; "
        "đang hoạt động: có; vào trang quản trị: không; siêu quản trị: không; nhóm quyền: (trống); "
        "quyền riêng: (trống)"
    )
    assert event.data == {
        "via": "admin",
        "values": {
            "role": "specialist",
            "organization": ours.pk,
            "is_active": True,
            "is_staff": False,
            "is_superuser": False,
            "groups": [],
            "user_permissions": [],
        },
    }


def test_deleting_a_user_in_the_admin_is_audited_and_a_user_who_acted_is_kept(
    client, orgs, superuser, colleague
):
    ours, _theirs = orgs
    client.force_login(superuser)
    response = client.post(f"/admin/accounts/user/{colleague.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=colleague.pk).exists()
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=str(colleague.pk))
    assert (event.action, event.summary) == (AuditAction.DELETED, "Quản trị: xóa người dùng “Đồng Nghiệp”")
    assert event.data["values"]["organization"] == ours.pk

    # a user who acted has events that name them: the admin refuses, nothing is written
    actor = UserFactory(organization=ours, full_name="Người Đã Làm")
    with transaction.atomic():
        record(actor=actor, action=AuditAction.CHANGED, target=ours, summary="Việc đã làm")
    events = AuditEvent.objects.count()
    response = client.post(f"/admin/accounts/user/{actor.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200  # the page listing what protects it
    assert User.objects.filter(pk=actor.pk).exists()
    assert AuditEvent.objects.count() == events


def test_bulk_deleting_users_in_the_admin_writes_one_event_each(client, orgs, superuser):
    ours, _theirs = orgs
    users = [UserFactory(organization=ours), UserFactory(organization=ours)]
    client.force_login(superuser)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk__in=[u.pk for u in users]).exists()
    deleted = AuditEvent.objects.filter(action=AuditAction.DELETED, target_type="accounts.user")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(str(u.pk) for u in users)


def test_a_superuser_renaming_and_moving_an_organisation_writes_one_event_per_action(client, orgs, superuser):
    ours, _theirs = orgs
    province = OrganizationFactory(name="Tỉnh ủy Thử", level=Level.PROVINCE)
    client.force_login(superuser)
    _post(
        client,
        f"/admin/organizations/organization/{ours.pk}/change/",
        org_form(ours, name="Đảng ủy xã Tên Mới", superior=str(province.pk), dissolved_on="01/07/2026"),
    )
    ours.refresh_from_db()
    assert (ours.name, ours.superior, ours.dissolved_on) == (
        "Đảng ủy xã Tên Mới",
        province,
        dt.date(2026, 7, 1),
    )
    events = list(timeline([ours]).order_by("seq"))
    assert [(e.actor, e.action) for e in events] == [(superuser, AuditAction.CHANGED)] * 3
    assert [e.summary for e in events] == [
        "Đổi cơ quan cấp trên của tổ chức “Đảng ủy xã Tên Mới”: (trống) → Tỉnh ủy Thử",
        "Giải thể tổ chức “Đảng ủy xã Tên Mới” từ ngày 01/07/2026",
        "Quản trị: sửa tổ chức “Đảng ủy xã Tên Mới” — tên: Đảng ủy xã Của Mình → Đảng ủy xã Tên Mới",
    ]
    assert [e.data for e in events] == [
        {"via": "admin", "changes": {"superior": [None, province.pk]}},
        {"via": "admin", "changes": {"dissolved_on": [None, "2026-07-01"]}},
        {"via": "admin", "changes": {"name": ["Đảng ủy xã Của Mình", "Đảng ủy xã Tên Mới"]}},
    ]
    assert verify().broken is None


def test_an_organisation_admin_renaming_its_organisation_is_audited(client, orgs):
    ours, _theirs = orgs
    admin = org_admin(ours)
    client.force_login(admin)
    # everything but the name, abbreviation and e-mail is read-only for an organisation admin
    _post(
        client,
        f"/admin/organizations/organization/{ours.pk}/change/",
        {"name": "Đảng ủy xã Đổi Tên", "abbreviation": ours.abbreviation, "email": "moi@xa.vn"},
    )
    event = timeline([ours]).get()
    assert (event.actor, event.summary, event.data["changes"]) == (
        admin,
        "Quản trị: sửa tổ chức “Đảng ủy xã Đổi Tên” — tên: Đảng ủy xã Của Mình → Đảng ủy xã Đổi Tên; "
        "thư điện tử: (trống) → moi@xa.vn",
        {"name": ["Đảng ủy xã Của Mình", "Đảng ủy xã Đổi Tên"], "email": ["", "moi@xa.vn"]},
    )


def test_the_superuser_reads_an_event_with_its_chain_fields_in_the_admin(client, superuser, colleague):
    with transaction.atomic():
        event = record(actor=superuser, action=AuditAction.CHANGED, target=colleague, summary="Thử")
    client.force_login(superuser)
    listing = client.get("/admin/audit/auditevent/")
    assert listing.status_code == 200
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert event.hash in page.content.decode()
