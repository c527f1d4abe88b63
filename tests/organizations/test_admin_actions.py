"""An organisation's superior, kind and dissolution change through their domain functions
(organizations.domain.structure), also from the admin: validated (a Vietnamese error on the form's field,
nothing changed), saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.queries import timeline
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.organizations.domain.structure import change_kind, dissolve, set_superior
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from tests.admin_forms import field_errors, org_form
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return UserFactory(
        organization=None, username="root", full_name="Quản Trị", is_superuser=True, is_staff=True
    )


@pytest.fixture
def tree() -> tuple[Organization, Organization, Organization]:
    """Tỉnh ủy ← Ban Thường vụ ← Ủy ban Kiểm tra (each under the one before)."""
    top = OrganizationFactory(name="Tỉnh ủy Thử", level=Level.PROVINCE)
    middle = OrganizationFactory(
        name="Ban Thường vụ Tỉnh ủy Thử",
        level=Level.PROVINCE,
        kind=OrganizationKind.STANDING_COMMITTEE,
        superior=top,
    )
    bottom = OrganizationFactory(
        name="Ủy ban Kiểm tra Tỉnh ủy Thử",
        level=Level.PROVINCE,
        kind=OrganizationKind.INSPECTION_COMMITTEE,
        superior=middle,
        established_on=dt.date(2020, 1, 1),
    )
    return top, middle, bottom


def _rows() -> list[tuple[object, ...]]:
    return list(Organization.objects.order_by("pk").values_list())


def _url(org: Organization) -> str:
    return f"/admin/organizations/organization/{org.pk}/change/"


# --- superiors -----------------------------------------------------------------------------------------


def test_a_loop_of_superiors_is_refused_in_the_admin_and_nothing_changes(client, superuser, tree):
    top, _middle, bottom = tree
    client.force_login(superuser)
    before = _rows()
    response = client.post(_url(top), org_form(top, superior=str(bottom.pk), name="Tỉnh ủy Đổi Tên"))
    assert response.status_code == 200
    assert field_errors(response, "superior") == [
        "Không thể đặt “Ủy ban Kiểm tra Tỉnh ủy Thử” làm cơ quan cấp trên của “Tỉnh ủy Thử”: "
        "“Ủy ban Kiểm tra Tỉnh ủy Thử” đang trực thuộc “Tỉnh ủy Thử” (vòng lặp cấp trên)."
    ]
    assert _rows() == before
    assert not AuditEvent.objects.exists()


def test_an_organisation_cannot_be_its_own_superior(client, superuser, tree):
    _top, middle, _bottom = tree
    client.force_login(superuser)
    before = _rows()
    response = client.post(_url(middle), org_form(middle, superior=str(middle.pk)))
    assert response.status_code == 200
    assert field_errors(response, "superior") == [
        "Tổ chức “Ban Thường vụ Tỉnh ủy Thử” không thể là cơ quan cấp trên của chính nó."
    ]
    assert (_rows(), AuditEvent.objects.count()) == (before, 0)


def test_moving_an_organisation_under_another_branch_writes_one_event(client, superuser, tree):
    top, middle, bottom = tree
    client.force_login(superuser)
    response = client.post(_url(bottom), org_form(bottom, superior=str(top.pk)))
    assert response.status_code == 302
    bottom.refresh_from_db()
    assert bottom.superior == top
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_id) == (superuser, AuditAction.CHANGED, str(bottom.pk))
    assert event.summary == (
        "Đổi cơ quan cấp trên của tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử”: Ban Thường vụ Tỉnh ủy Thử → Tỉnh ủy Thử"
    )
    assert event.data == {"via": "admin", "changes": {"superior": [middle.pk, top.pk]}}


def test_set_superior_refuses_a_loop_and_anyone_but_a_superuser(superuser, tree):
    top, middle, bottom = tree
    before = _rows()
    with pytest.raises(DomainError) as exc:
        set_superior(superuser, top, middle)
    assert exc.value.field == "superior"
    assert exc.value.message.endswith("(vòng lặp cấp trên).")
    org_admin = UserFactory(organization=bottom, role=Role.ORG_ADMIN, is_staff=True)
    with pytest.raises(NotAllowed) as exc:
        set_superior(org_admin, bottom, top)
    assert exc.value.message == "Chỉ siêu quản trị mới được đổi vị trí, loại hoặc ngày giải thể của tổ chức."
    assert (_rows(), AuditEvent.objects.count()) == (before, 0)
    assert set_superior(superuser, bottom, middle) is False  # already there: nothing written
    assert set_superior(superuser, top, None) is False
    assert not AuditEvent.objects.exists()


# --- kind ----------------------------------------------------------------------------------------------


def test_changing_the_kind_in_the_admin_writes_one_event(client, superuser, tree):
    _top, _middle, bottom = tree
    client.force_login(superuser)
    response = client.post(_url(bottom), org_form(bottom, kind=OrganizationKind.INSPECTION_OFFICE))
    assert response.status_code == 302
    assert Organization.objects.get(pk=bottom.pk).kind == OrganizationKind.INSPECTION_OFFICE
    event = timeline([bottom]).get()
    assert event.summary == (
        "Đổi loại của tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử”: "
        f"{OrganizationKind.INSPECTION_COMMITTEE.label} → {OrganizationKind.INSPECTION_OFFICE.label}"
    )
    assert event.data == {"via": "admin", "changes": {"kind": ["inspection_committee", "inspection_office"]}}


def test_change_kind_refuses_an_unknown_kind(superuser, tree):
    _top, _middle, bottom = tree
    with pytest.raises(DomainError) as exc:
        change_kind(superuser, bottom, "ban-bi-mat")
    assert (exc.value.message, exc.value.field) == ("Loại tổ chức “ban-bi-mat” không hợp lệ.", "kind")
    assert Organization.objects.get(pk=bottom.pk).kind == OrganizationKind.INSPECTION_COMMITTEE


# --- dissolution ---------------------------------------------------------------------------------------


def test_dissolution_date_recorded_and_audited_then_changed_then_undone(client, superuser, tree):
    _top, _middle, bottom = tree
    client.force_login(superuser)
    response = client.post(_url(bottom), org_form(bottom, dissolved_on="01/07/2025"))
    assert response.status_code == 302
    bottom.refresh_from_db()
    assert bottom.dissolved_on == dt.date(2025, 7, 1)
    assert bottom.is_active_on(dt.date(2025, 6, 30))
    assert not bottom.is_active_on(dt.date(2025, 7, 1))
    response = client.post(_url(bottom), org_form(bottom, dissolved_on="15/07/2025"))
    assert response.status_code == 302
    response = client.post(_url(bottom), org_form(bottom, dissolved_on=""))
    assert response.status_code == 302
    assert Organization.objects.get(pk=bottom.pk).dissolved_on is None
    events = list(timeline([bottom]).order_by("seq"))
    assert [(e.actor, e.action) for e in events] == [(superuser, AuditAction.CHANGED)] * 3
    assert [e.summary for e in events] == [
        "Giải thể tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử” từ ngày 01/07/2025",
        "Đổi ngày giải thể của tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử”: 01/07/2025 → 15/07/2025",
        "Hủy ghi nhận giải thể tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử” (đã ghi giải thể từ ngày 15/07/2025)",
    ]
    assert [e.data["changes"] for e in events] == [
        {"dissolved_on": [None, "2025-07-01"]},
        {"dissolved_on": ["2025-07-01", "2025-07-15"]},
        {"dissolved_on": ["2025-07-15", None]},
    ]


def test_a_dissolution_on_or_before_the_establishment_is_refused(client, superuser, tree):
    _top, _middle, bottom = tree  # established 01/01/2020
    client.force_login(superuser)
    before = _rows()
    response = client.post(_url(bottom), org_form(bottom, dissolved_on="01/01/2020"))
    assert response.status_code == 200
    assert field_errors(response, "dissolved_on") == [
        "Ngày giải thể (01/01/2020) phải sau ngày thành lập (01/01/2020)."
    ]
    # the establishment date the same form saves counts: moved earlier, the dissolution is accepted
    response = client.post(
        _url(bottom), org_form(bottom, established_on="01/01/2019", dissolved_on="01/01/2020")
    )
    assert response.status_code == 302
    assert _rows() != before
    stored = Organization.objects.get(pk=bottom.pk)
    assert (stored.established_on, stored.dissolved_on) == (dt.date(2019, 1, 1), dt.date(2020, 1, 1))
    assert [e.summary for e in timeline([bottom]).order_by("seq")] == [
        "Giải thể tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử” từ ngày 01/01/2020",
        "Quản trị: sửa tổ chức “Ủy ban Kiểm tra Tỉnh ủy Thử” — thành lập từ ngày: 01/01/2020 → 01/01/2019",
    ]


def test_dissolve_in_a_transaction_that_fails_leaves_no_event(superuser, tree):
    _top, _middle, bottom = tree

    def fails() -> None:
        with transaction.atomic():
            assert dissolve(superuser, bottom, dt.date(2026, 1, 1)) is True
            raise RuntimeError("the caller's transaction fails")

    with pytest.raises(RuntimeError):
        fails()
    assert Organization.objects.get(pk=bottom.pk).dissolved_on is None
    assert not AuditEvent.objects.exists()


def test_a_refusal_found_during_the_save_is_a_message_and_rolls_everything_back(
    client, superuser, tree, monkeypatch
):
    """A check passed in the form can still fail in the domain function (a concurrent change): the admin
    user reads the reason on the form page, and nothing of the save is kept (not the rename either)."""
    import phoihop.organizations.admin as org_admin

    def refused(*args: object, **kwargs: object) -> bool:
        raise DomainError("Tổ chức vừa được sửa ở nơi khác: hãy tải lại trang.")

    monkeypatch.setattr(org_admin, "dissolve", refused)
    top, _middle, bottom = tree
    client.force_login(superuser)
    before = _rows()
    url = _url(bottom)
    response = client.post(
        url, org_form(bottom, name="Tên Mới", superior=str(top.pk), dissolved_on="01/07/2025")
    )
    assert (response.status_code, response["Location"]) == (302, url)
    assert (_rows(), AuditEvent.objects.count()) == (before, 0)
    assert "Tổ chức vừa được sửa ở nơi khác: hãy tải lại trang." in client.get(url).content.decode()
