"""A user's role and organisation change through their domain functions (accounts.domain.users), also from
the admin: validated (a Vietnamese error on the form's field, nothing changed), saved and audited in one
transaction."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from rest_framework.authtoken.models import Token

from phoihop.accounts.domain.users import change_role, move_user
from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.queries import timeline
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.organizations.models import Organization
from tests.admin_forms import field_errors, org_admin, user_form
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def ours() -> Organization:
    return OrganizationFactory(name="Đảng ủy xã Của Mình")


@pytest.fixture
def theirs() -> Organization:
    return OrganizationFactory(name="Đảng ủy xã Bên Kia")


@pytest.fixture
def superuser() -> User:
    return UserFactory(
        organization=None, username="root", full_name="Quản Trị", is_superuser=True, is_staff=True
    )


@pytest.fixture
def colleague(ours: Organization) -> User:
    return UserFactory(organization=ours, username="dongnghiep", full_name="Đồng Nghiệp")


def _state(user: User) -> tuple[str, int | None, int]:
    stored = User.objects.get(pk=user.pk)
    return stored.role, stored.organization_id, AuditEvent.objects.count()


# --- through the admin ---------------------------------------------------------------------------------


def test_changing_a_role_in_the_admin_writes_exactly_one_event_with_old_and_new(client, superuser, colleague):
    client.force_login(superuser)
    response = client.post(
        f"/admin/accounts/user/{colleague.pk}/change/", user_form(colleague, role=Role.LEADER)
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Role.LEADER
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.target_id) == (
        superuser,
        AuditAction.CHANGED,
        "accounts.user",
        str(colleague.pk),
    )
    assert event.summary == "Đổi vai trò của người dùng “Đồng Nghiệp”: Chuyên viên → Lãnh đạo"
    assert event.data == {"via": "admin", "changes": {"role": ["specialist", "leader"]}}


def test_a_save_that_fails_after_the_role_change_keeps_neither_the_role_nor_its_event(
    client, superuser, colleague, theirs, monkeypatch
):
    """The role's domain function runs in the admin's transaction: when the save fails after it (here the move
    to another organisation refused by a concurrent change), the role and its event are rolled back with
    the rest, and the admin user reads the reason, not a server error."""
    import phoihop.accounts.admin as user_admin

    def refused(*args: object, **kwargs: object) -> bool:
        raise DomainError("Tổ chức “Đảng ủy xã Bên Kia” vừa giải thể: không chuyển người dùng vào đó.")

    monkeypatch.setattr(user_admin, "move_user", refused)
    client.force_login(superuser)
    before = _state(colleague)
    url = f"/admin/accounts/user/{colleague.pk}/change/"
    response = client.post(
        url, user_form(colleague, role=Role.LEADER, organization=str(theirs.pk), is_active="")
    )
    assert (response.status_code, response["Location"]) == (302, url)
    assert _state(colleague) == before
    assert User.objects.get(pk=colleague.pk).is_active is True
    page = client.get(url)
    assert (
        "Tổ chức “Đảng ủy xã Bên Kia” vừa giải thể: không chuyển người dùng vào đó." in page.content.decode()
    )


def test_an_org_admin_cannot_take_the_system_admin_role_away(client, ours):
    """The role list of an organisation admin has no “Quản trị hệ thống”; the domain refuses to remove it too:
    an error on the role field, nothing changed, no event."""
    admin = org_admin(ours)
    system_admin = UserFactory(organization=ours, role=Role.SYSTEM_ADMIN, full_name="Hệ Thống")
    client.force_login(admin)
    before = _state(system_admin)
    form = user_form(system_admin, role=Role.CLERK)
    del form["organization"]  # read-only for an organisation admin
    response = client.post(f"/admin/accounts/user/{system_admin.pk}/change/", form)
    assert response.status_code == 200
    assert field_errors(response, "role") == [
        "Chỉ siêu quản trị mới được trao hoặc bỏ vai trò Quản trị hệ thống."
    ]
    assert _state(system_admin) == before


def test_moving_a_user_into_a_dissolved_organisation_is_refused_from_its_dissolution_day(
    client, superuser, colleague, theirs
):
    theirs.dissolved_on = dt.date(2026, 7, 1)
    theirs.save()
    url = f"/admin/accounts/user/{colleague.pk}/change/"
    with time_machine.travel(dt.datetime(2026, 7, 1, 0, 0, tzinfo=HANOI), tick=False):
        client.force_login(superuser)
        before = _state(colleague)
        response = client.post(url, user_form(colleague, organization=str(theirs.pk)))
        assert response.status_code == 200
        assert field_errors(response, "organization") == [
            "Tổ chức “Đảng ủy xã Bên Kia” đã giải thể từ ngày 01/07/2026: không chuyển người dùng vào đó."
        ]
        assert _state(colleague) == before
    with time_machine.travel(dt.datetime(2026, 6, 30, 23, 59, tzinfo=HANOI), tick=False):
        client.force_login(superuser)
        response = client.post(url, user_form(colleague, organization=str(theirs.pk)))
        assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.organization == theirs
    event = timeline([colleague]).get()
    assert event.summary == (
        "Chuyển người dùng “Đồng Nghiệp” sang tổ chức khác: Đảng ủy xã Của Mình → Đảng ủy xã Bên Kia"
    )


def test_saving_the_form_unchanged_writes_nothing(client, superuser, colleague):
    client.force_login(superuser)
    response = client.post(f"/admin/accounts/user/{colleague.pk}/change/", user_form(colleague))
    assert response.status_code == 302
    assert not AuditEvent.objects.exists()


# --- the domain functions ------------------------------------------------------------------------------


def test_change_role_revokes_api_tokens_and_is_a_no_op_when_unchanged(superuser, colleague):
    token = Token.objects.create(user=colleague)
    assert change_role(superuser, colleague, Role.CLERK) is True
    assert not Token.objects.filter(pk=token.pk).exists()
    event = timeline([colleague]).get()
    assert (event.summary, event.data) == (
        "Đổi vai trò của người dùng “Đồng Nghiệp”: Chuyên viên → Văn thư",
        {"changes": {"role": ["specialist", "clerk"]}},
    )
    assert change_role(superuser, colleague, Role.CLERK) is False
    assert timeline([colleague]).count() == 1


def test_change_role_in_a_transaction_that_fails_leaves_no_event(superuser, colleague):
    def fails() -> None:
        with transaction.atomic():
            change_role(superuser, colleague, Role.LEADER)
            raise RuntimeError("the caller's transaction fails")

    with pytest.raises(RuntimeError):
        fails()
    assert _state(colleague) == (Role.SPECIALIST, colleague.organization_id, 0)


def test_refusals_name_the_reason_and_change_nothing(superuser, colleague, ours, theirs):
    outsider_admin = org_admin(theirs)
    with pytest.raises(NotAllowed) as exc:
        change_role(outsider_admin, colleague, Role.LEADER)
    assert (exc.value.message, exc.value.field) == (
        "Bạn không có quyền đổi vai trò của người dùng này.",
        "role",
    )
    with pytest.raises(DomainError) as exc:
        change_role(superuser, colleague, "chu-tich")
    assert exc.value.message == "Vai trò “chu-tich” không hợp lệ."
    with pytest.raises(NotAllowed) as exc:
        move_user(org_admin(ours), colleague, theirs)
    assert exc.value.message == "Chỉ siêu quản trị mới được chuyển người dùng sang tổ chức khác."
    assert _state(colleague) == (Role.SPECIALIST, ours.pk, 0)


def test_move_user_out_of_every_organisation(superuser, colleague, ours):
    assert move_user(superuser, colleague, None, via="admin") is True
    assert User.objects.get(pk=colleague.pk).organization_id is None
    event = timeline([colleague]).get()
    assert (event.summary, event.data) == (
        "Chuyển người dùng “Đồng Nghiệp” sang tổ chức khác: Đảng ủy xã Của Mình → (trống)",
        {"via": "admin", "changes": {"organization": [ours.pk, None]}},
    )
