"""CalendarOverride: validation, the admin (superusers only, audit events), current_calendar() at once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.workdays.domain import remove_override, set_override
from phoihop.workdays.enums import OverrideKind, OverrideStatus
from phoihop.workdays.models import CalendarOverride
from phoihop.workdays.queries import calendar_for, current_calendar, visible_to
from tests.factories import UserFactory

from .conftest import d

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/workdays/calendaroverride/add/"


def _override(**kw):
    values = {
        "day": d("12/03/2025"),
        "kind": OverrideKind.DAY_OFF,
        "name": "Nghỉ đột xuất",
        "legal_basis": "Thông báo thử",
        "status": OverrideStatus.OFFICIAL,
    }
    values.update(kw)
    return CalendarOverride(**values)


@pytest.mark.parametrize(
    ("day", "kind", "message"),
    [
        (
            "22/01/2025",
            OverrideKind.WORKING_DAY,
            "Ngày 22/01/2025 (Thứ Tư) vốn đã là ngày làm việc: chỉ có thể đặt ngày làm bù vào Thứ Bảy, Chủ nhật "
            "hoặc ngày lễ.",
        ),
        (
            "09/03/2025",
            OverrideKind.DAY_OFF,
            "Ngày 09/03/2025 là Chủ nhật, vốn đã là ngày nghỉ: không cần đặt thêm ngày nghỉ.",
        ),
        (
            "01/02/2025",
            OverrideKind.DAY_OFF,
            "Ngày 01/02/2025 là Thứ Bảy, vốn đã là ngày nghỉ: không cần đặt thêm ngày nghỉ.",
        ),
    ],
)
def test_validation_refuses_meaningless_overrides(day, kind, message):
    with pytest.raises(ValidationError) as exc:
        _override(day=d(day), kind=kind).full_clean()
    assert exc.value.message_dict == {"kind": [message]}


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        ("12/03/2025", OverrideKind.DAY_OFF),  # an ordinary weekday
        ("08/03/2025", OverrideKind.WORKING_DAY),  # a Saturday
        ("09/03/2025", OverrideKind.WORKING_DAY),  # a Sunday
        ("07/04/2025", OverrideKind.WORKING_DAY),  # a holiday on a weekday
        ("07/04/2025", OverrideKind.DAY_OFF),  # confirming a holiday with its legal basis
        ("26/04/2025", OverrideKind.DAY_OFF),  # cancelling a make-up Saturday of the base calendar
    ],
)
def test_validation_accepts(day, kind):
    override = _override(day=d(day), kind=kind)
    override.full_clean()  # raises ValidationError when refused
    override.save()
    # and the calendar follows it: the day is worked exactly when the override says so
    info = current_calendar().day_info(d(day))
    assert info.working is (kind == OverrideKind.WORKING_DAY)
    assert "Nghỉ đột xuất" in info.reason


def test_set_override_writes_an_audit_event_and_is_idempotent(superuser):
    result = set_override(
        actor=superuser, day=d("12/03/2025"), kind="day_off", name="Nghỉ", legal_basis="TB 1"
    )
    assert result.outcome == "created"
    again = set_override(
        actor=superuser, day=d("12/03/2025"), kind="day_off", name="Nghỉ", legal_basis="TB 1"
    )
    assert (again.outcome, again.override.pk) == ("unchanged", result.override.pk)
    changed = set_override(
        actor=superuser, day=d("12/03/2025"), kind="day_off", name="Nghỉ", legal_basis="TB 2"
    )
    assert changed.outcome == "updated"
    events = list(AuditEvent.objects.filter(target_type="workdays.calendaroverride").order_by("id"))
    assert [(e.action, e.actor_id) for e in events] == [
        (AuditAction.CREATED, superuser.pk),
        (AuditAction.CHANGED, superuser.pk),
    ]
    assert events[1].data["before"]["legal_basis"] == "TB 1"
    assert events[1].data["after"]["legal_basis"] == "TB 2"
    remove_override(actor=superuser, override=changed.override)
    assert CalendarOverride.objects.count() == 0
    assert (
        AuditEvent.objects.filter(action=AuditAction.DELETED, target_id=str(result.override.pk)).count() == 1
    )


def test_set_override_refuses_invalid_and_writes_nothing(superuser):
    with pytest.raises(ValidationError):
        set_override(actor=superuser, day=d("09/03/2025"), kind="day_off", name="Nghỉ")
    assert CalendarOverride.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_admin_add_changes_current_calendar_at_once(admin_client, superuser):
    assert current_calendar().is_working_day(d("12/03/2025"))
    assert current_calendar().add_working_days(d("11/03/2025"), 1) == d("12/03/2025")
    response = admin_client.post(
        ADD_URL,
        {
            "day": "12/03/2025",
            "kind": "day_off",
            "name": "Nghỉ đột xuất",
            "legal_basis": "Thông báo số 1/TB-UBND",
            "status": "official",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    override = CalendarOverride.objects.get()
    assert (override.day, override.kind, override.status) == (d("12/03/2025"), "day_off", "official")
    assert not current_calendar().is_working_day(d("12/03/2025"))
    assert current_calendar().add_working_days(d("11/03/2025"), 1) == d("13/03/2025")
    event = AuditEvent.objects.get(target_type="workdays.calendaroverride")
    assert (event.action, event.actor_id, event.target_id) == (
        AuditAction.CREATED,
        superuser.pk,
        str(override.pk),
    )

    # change it to proposed: the computation goes back to the base calendar at once
    response = admin_client.post(
        f"/admin/workdays/calendaroverride/{override.pk}/change/",
        {
            "day": "12/03/2025",
            "kind": "day_off",
            "name": "Nghỉ đột xuất",
            "legal_basis": "Thông báo số 1/TB-UBND",
            "status": "proposed",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert current_calendar().is_working_day(d("12/03/2025"))
    assert current_calendar().day_info(d("12/03/2025")).proposed is not None
    assert AuditEvent.objects.filter(action=AuditAction.CHANGED).count() == 1

    response = admin_client.post(f"/admin/workdays/calendaroverride/{override.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert CalendarOverride.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.DELETED).count() == 1


def test_admin_shows_the_validation_message(admin_client):
    response = admin_client.post(
        ADD_URL,
        {
            "day": "09/03/2025",
            "kind": "day_off",
            "name": "x",
            "legal_basis": "",
            "status": "official",
            "note": "",
        },
    )
    assert response.status_code == 200
    assert (
        "Ngày 09/03/2025 là Chủ nhật, vốn đã là ngày nghỉ: không cần đặt thêm ngày nghỉ."
        in response.content.decode()
    )
    assert CalendarOverride.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_admin_bulk_delete_writes_audit_events(admin_client, superuser):
    a = set_override(actor=superuser, day=d("12/03/2025"), kind="day_off", name="A").override
    b = set_override(actor=superuser, day=d("13/03/2025"), kind="day_off", name="B").override
    response = admin_client.post(
        "/admin/workdays/calendaroverride/",
        {"action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert CalendarOverride.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditAction.DELETED).count() == 2


def test_admin_list_filters_by_year(admin_client, superuser):
    set_override(actor=superuser, day=d("12/03/2025"), kind="day_off", name="Nghỉ 2025")
    set_override(actor=superuser, day=d("11/03/2026"), kind="day_off", name="Nghỉ 2026")
    response = admin_client.get("/admin/workdays/calendaroverride/?year=2026")
    assert response.status_code == 200
    assert [o.name for o in response.context["cl"].result_list] == ["Nghỉ 2026"]


def test_staff_without_superuser_cannot_add_even_with_model_permissions(client, org, superuser):
    staff = UserFactory(organization=org, is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="workdays"))
    existing = set_override(actor=superuser, day=d("13/03/2025"), kind="day_off", name="Có sẵn").override
    client.force_login(staff)
    data = {
        "day": "12/03/2025",
        "kind": "day_off",
        "name": "x",
        "legal_basis": "",
        "status": "official",
        "note": "",
    }
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, data).status_code == 403
    response = client.post(
        f"/admin/workdays/calendaroverride/{existing.pk}/change/", {**data, "day": "13/03/2025"}
    )
    assert response.status_code == 403
    assert (
        client.post(f"/admin/workdays/calendaroverride/{existing.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert list(CalendarOverride.objects.values_list("day", "name")) == [(d("13/03/2025"), "Có sẵn")]


def test_visible_to(user, superuser):
    from django.contrib.auth.models import AnonymousUser

    set_override(actor=superuser, day=d("12/03/2025"), kind="day_off", name="A", status="proposed")
    assert [o.name for o in visible_to(user)] == ["A"]
    assert list(visible_to(AnonymousUser())) == []
    calendar, rows = calendar_for(AnonymousUser())
    assert rows == []
    assert calendar.day_info(d("12/03/2025")).proposed is not None


def test_current_calendar_is_one_query(django_assert_num_queries, superuser):
    set_override(actor=superuser, day=d("12/03/2025"), kind="day_off", name="A")
    set_override(actor=superuser, day=d("13/03/2025"), kind="day_off", name="B", status="proposed")
    with django_assert_num_queries(1):
        calendar = current_calendar()
    assert not calendar.is_working_day(d("12/03/2025"))
    assert calendar.is_working_day(d("13/03/2025"))


def test_calendar_changed_signal_is_sent_after_commit(superuser, django_capture_on_commit_callbacks):
    from phoihop.workdays.signals import calendar_changed

    received = []

    def receiver(sender, reason, actor, **kwargs):
        received.append((reason, actor))

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            set_override(actor=superuser, day=d("12/03/2025"), kind="day_off", name="A", legal_basis="TB")
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [
        ("Thêm điều chỉnh lịch: Ngày nghỉ 12/03/2025 (A) — Chính thức; căn cứ: TB", superuser)
    ]
