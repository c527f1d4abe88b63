"""Acceptance gaps of coordination requests: reminders (two working days before and on the deadline day,
working days only, once, by e-mail through the outbox), a holiday added in the admin moving open deadlines
with its reason shown to both bodies, `manage.py sweep --now` (good and bad input, exit code), and the whole
life cycle of 000, 001, 003 and 004 with the bodies of the demo province (`manage.py load_demo`)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import PolicyViolation
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, Position, RequestKind
from phoihop.consultations.models import Delivery
from phoihop.notifications.domain import deliver_outbox
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.organizations.models import Organization
from phoihop.regulations.queries import current_version
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.scenario_fixtures import SPECS
from tests.consultations.test_pages import delivery, page_text, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REMINDER_KINDS = ("delivery.reminder.before", "delivery.reminder.due")


def reminders(now: dt.datetime) -> int:
    return int(run_sweep(now)["consultations.deadlines"]["reminders"])


def reminded() -> list[tuple[str, str, str]]:
    return sorted(
        Notification.objects.filter(kind__in=REMINDER_KINDS).values_list("kind", "user__username", "title")
    )


# --- reminders ---------------------------------------------------------------------------------------


def test_reminders_two_working_days_before_and_on_the_deadline_day_once_each(bodies, regulation, smtp_server):
    req = sent(bodies, regulation)  # 22/01/2025, deadline 05/02/2025 across Tết
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(bodies.xa2_cv, delivery(req, bodies.xa2), position=Position.AGREE)
    deliver_outbox()
    smtp_server.messages.clear()

    # 24/01: 05/02 is still more than two working days away (Tết); 01/02 and 02/02 are not working days
    for moment in (at("2025-01-24", 8), at("2025-02-01", 8), at("2025-02-02", 8)):
        assert reminders(moment) == 0
    assert reminded() == []

    # Mon 03/02 is the second working day before the deadline: the recipient that has not answered
    assert reminders(at("2025-02-03", 8)) == 1
    before = "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 05/02/2025"
    xa1_users = sorted([bodies.xa1_cv.username, bodies.xa1_clerk.username])
    assert reminded() == [("delivery.reminder.before", u, before) for u in xa1_users]
    # once: later runs on the same day and the next working day send nothing new
    assert reminders(at("2025-02-03", 16)) == 0
    assert reminders(at("2025-02-04", 8)) == 0

    # the deadline day
    assert reminders(at("2025-02-05", 7)) == 1
    assert reminders(at("2025-02-05", 23, 59)) == 0
    due = "Hôm nay (05/02/2025) là hạn trả lời văn bản 1-CV/BNCTU"
    assert reminded() == sorted(
        [("delivery.reminder.before", u, before) for u in xa1_users]
        + [("delivery.reminder.due", u, due) for u in xa1_users]
    )
    d1 = delivery(req, bodies.xa1)
    assert (d1.reminded_before_on, d1.reminded_due_on) == (dt.date(2025, 2, 3), dt.date(2025, 2, 5))

    # by e-mail to the one address of the recipient (the clerk has none), each exactly once
    assert sorted(OutboundEmail.objects.filter(subject__in=[before, due]).values_list("to", "subject")) == [
        ("cv@xa1.vn", due),
        ("cv@xa1.vn", before),
    ]
    deliver_outbox()
    deliver_outbox()
    # (a long non-ASCII subject is folded after "Subject:", which the parser reads as a leading space)
    assert sorted((m["To"], m["Subject"].strip()) for m in smtp_server.messages) == [
        ("cv@xa1.vn", due),
        ("cv@xa1.vn", before),
    ]
    # after the deadline day: deemed consent, no further reminder
    assert run_sweep(at("2025-02-06", 0))["consultations.deadlines"] == {
        "deemed_consent": 1,
        "overdue": 0,
        "reminders": 0,
    }


def test_no_reminder_on_a_non_working_day_even_inside_the_window(bodies, regulation):
    req = sent(bodies, regulation, when="2025-02-03", recipients=[bodies.xa1])  # deadline Mon 10/02/2025
    assert delivery(req, bodies.xa1).deadline == dt.date(2025, 2, 10)
    assert reminders(at("2025-02-05", 8)) == 0  # Wed: three working days before
    # Sat 08/02 and Sun 09/02: the deadline is within two working days, but nobody works
    assert reminders(at("2025-02-08", 8)) == 0
    assert reminders(at("2025-02-09", 8)) == 0
    assert reminded() == []
    assert reminders(at("2025-02-06", 8)) == 1  # Thursday, two working days before (weekend runs sent none)
    assert reminders(at("2025-02-10", 8)) == 1
    assert [k for k, _u, _t in reminded()] == ["delivery.reminder.before"] * 2 + ["delivery.reminder.due"] * 2


def test_an_extension_sets_new_reminders_for_the_new_date(bodies, regulation):
    req = sent(bodies, regulation, recipients=[bodies.xa1])
    assert reminders(at("2025-02-03", 8)) == 1
    with time_machine.travel(at("2025-02-03", 9), tick=False):  # at least 1 working day before 05/02
        actions.notify_extension(
            bodies.xa1_cv, delivery(req, bodies.xa1), new_deadline=dt.date(2025, 2, 12), reason="Xác minh"
        )
    assert reminders(at("2025-02-05", 8)) == 0  # the old date no longer applies
    assert reminders(at("2025-02-10", 8)) == 1
    assert reminders(at("2025-02-12", 8)) == 1
    titles = [t for _k, u, t in reminded() if u == bodies.xa1_cv.username]
    assert titles == [
        "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 05/02/2025",
        "Sắp đến hạn trả lời văn bản 1-CV/BNCTU: 12/02/2025",
        "Hôm nay (12/02/2025) là hạn trả lời văn bản 1-CV/BNCTU",
    ]


# --- a holiday added in the admin ------------------------------------------------------------------


def test_a_day_off_added_in_the_admin_moves_open_deadlines_and_both_bodies_see_why(
    client, bodies, regulation, django_capture_on_commit_callbacks
):
    req = sent(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(bodies.xa2_cv, delivery(req, bodies.xa2), position=Position.AGREE)
    client.force_login(UserFactory(organization=None, is_superuser=True, is_staff=True))
    with (
        time_machine.travel(at("2025-01-24", 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/admin/workdays/calendaroverride/add/",
            {
                "day": "04/02/2025",
                "kind": "day_off",
                "name": "Nghỉ đột xuất",
                "legal_basis": "Thông báo số 1/TB-UBND",
                "status": "official",
                "note": "",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    reason = "Thêm điều chỉnh lịch: Ngày nghỉ 04/02/2025 (Nghỉ đột xuất) — Chính thức; căn cứ: Thông báo số 1/TB-UBND"
    open_one = delivery(req, bodies.xa1)
    assert (open_one.state, open_one.deadline) == (DeliveryState.RECEIVED, dt.date(2025, 2, 6))
    assert open_one.deadline_explanation == (
        "Hạn trả lời 06/02/2025: 05 ngày làm việc kể từ ngày nhận 22/01/2025, không tính 25/01–02/02 "
        "(Tết Nguyên đán); 04/02 (Nghỉ đột xuất) — Điều 5 khoản 1 điểm c\n"
        f"Điều chỉnh ngày 24/01/2025 do thay đổi lịch nghỉ: {reason}"
    )
    assert delivery(req, bodies.xa2).deadline == dt.date(2025, 2, 5)  # answered: unchanged

    title = "Hạn trả lời văn bản 1-CV/BNCTU của Đảng ủy xã Một đổi từ 05/02/2025 thành 06/02/2025"
    notified = Notification.objects.filter(kind="delivery.deadline_changed")
    assert sorted(notified.values_list("user__username", "title", "body")) == sorted(
        (u.username, title, f"Lý do: {reason}")
        for u in (bodies.specialist, bodies.leader, bodies.clerk, bodies.xa1_cv, bodies.xa1_clerk)
    )
    # the sender's page and the recipient's page show the new date and the reason
    for viewer in (bodies.specialist, bodies.xa1_cv):
        client.force_login(viewer)
        with time_machine.travel(at("2025-01-24", 9), tick=False):
            text = page_text(client.get(reverse("consult-detail", args=[req.pk])))
        assert "Hạn trả lời 06/02/2025: 05 ngày làm việc kể từ ngày nhận 22/01/2025" in text
        assert f"Điều chỉnh ngày 24/01/2025 do thay đổi lịch nghỉ: {reason}" in text
    # the sweep now deems at the end of the new date, not the old one
    assert run_sweep(at("2025-02-06", 0))["consultations.deadlines"]["deemed_consent"] == 0
    assert run_sweep(at("2025-02-07", 0))["consultations.deadlines"]["deemed_consent"] == 1


# --- manage.py sweep [--now …] ----------------------------------------------------------------------


def test_sweep_now_applies_deemed_consent_as_of_that_moment(bodies, regulation):
    req = sent(bodies, regulation, when="2026-02-12")  # Thu before Tết 2026: deadline Thu 26/02/2026
    assert {d.deadline for d in req.deliveries.all()} == {dt.date(2026, 2, 26)}

    def sweep(now: str) -> dict:
        out = StringIO()
        call_command("sweep", "--now", now, stdout=out)
        return json.loads(out.getvalue())

    # a time without zone is Vietnam time: 23:59 on the deadline day is still in time
    assert sweep("2026-02-26T23:59")["steps"]["consultations.deadlines"]["deemed_consent"] == 0
    body = sweep("2026-03-02T08:00+07:00")
    assert body["now"] == "2026-03-02T08:00:00+07:00"
    assert body["steps"]["consultations.deadlines"] == {"deemed_consent": 2, "overdue": 0, "reminders": 0}
    assert {(d.state, d.deemed_at) for d in Delivery.objects.filter(request=req)} == {
        (DeliveryState.DEEMED_CONSENT, at("2026-02-27", 0))
    }
    assert sweep("2026-03-02T08:00+07:00")["steps"]["consultations.deadlines"]["deemed_consent"] == 0


@pytest.mark.parametrize("value", ["02/03/2026 tám giờ", "2026-03-32T08:00", "ngày mai"])
def test_sweep_with_a_bad_now_is_refused_and_changes_nothing(bodies, regulation, value):
    req = sent(bodies, regulation)
    with pytest.raises(CommandError) as err:
        call_command("sweep", "--now", value, stdout=StringIO())
    assert str(err.value) == (
        f"Thời điểm không hợp lệ: {value!r}. Dùng dạng 2026-03-02T08:00+07:00 (hoặc 2026-03-02T08:00, giờ Việt Nam)."
    )
    assert {d.state for d in req.deliveries.all()} == {DeliveryState.RECEIVED}


def test_sweep_with_a_bad_now_exits_non_zero_without_a_traceback(tmp_path):
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python if python.exists() else sys.executable), "manage.py", "sweep", "--now", "hôm qua"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'sweep.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "Thời điểm không hợp lệ: 'hôm qua'." in done.stderr


# --- the whole life cycle with the demo bodies (manage.py load_demo), per regulation ------------------

DEMO_BODIES = {
    # code: (sender, [two recipients], the authority the regulation names, nearest to the sender)
    "000": (
        "Ủy ban Kiểm tra Huyện ủy Khoái Châu",
        ["Ban Dân vận Huyện ủy Khoái Châu", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Khoái Châu"],
        "Ban Thường vụ Huyện ủy Khoái Châu",
    ),
    "001": (
        "Đảng ủy Khối các cơ quan tỉnh Hưng Yên",
        ["Ban Tổ chức Tỉnh ủy Hưng Yên", "Huyện ủy Khoái Châu"],
        "Thường trực Tỉnh ủy Hưng Yên",
    ),
    "003": (
        "Ban Nội chính Tỉnh ủy Hưng Yên",
        ["Đảng ủy phường Phố Hiến", "Đảng ủy xã Tân Hưng"],
        "Ban Thường vụ Tỉnh ủy Hưng Yên",
    ),
    "004": (
        "Ban Nội chính Tỉnh ủy Hưng Yên",
        ["Huyện ủy Khoái Châu", "Đảng ủy Khối doanh nghiệp tỉnh Hưng Yên"],
        "Ban Thường vụ Tỉnh ủy Hưng Yên",
    ),
}


@pytest.mark.parametrize("code", sorted(DEMO_BODIES))
def test_life_cycle_with_the_demo_bodies(code, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Mat-khau-demo-thu")
    call_command("load_regulations", stdout=StringIO())
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    spec = SPECS[code]
    sender_name, recipient_names, authority_name = DEMO_BODIES[code]
    sender = Organization.objects.get(name=sender_name)
    first, second = (Organization.objects.get(name=n) for n in recipient_names)

    def user(org, role):  # type: ignore[no-untyped-def]
        return UserFactory(organization=org, role=role, password=None)

    specialist, leader = user(sender, Role.SPECIALIST), user(sender, Role.LEADER)
    answerer, silent = user(first, Role.SPECIALIST), user(second, Role.SPECIALIST)
    ruler = user(Organization.objects.get(name=authority_name), Role.LEADER)

    with time_machine.travel(at("2025-01-22", 8), tick=False):  # before the district level ended
        req = actions.create_request(
            specialist,
            regulation=current_version(code),
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến dự thảo kế hoạch năm 2025",
            recipients=[first, second],
        )
        actions.submit_for_approval(specialist, req)
        actions.approve_and_send(leader, req)
    d1, d2 = (
        Delivery.objects.select_related("request", "recipient").get(request=req, recipient=o)
        for o in (first, second)
    )
    for d in (d1, d2):
        assert (d.deadline, d.deadline_explanation) == (
            spec.deadline,
            f"Hạn trả lời {spec.deadline:%d/%m/%Y}: {spec.working_days:02d} ngày làm việc kể từ ngày nhận "
            f"22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán) — {spec.article}",
        )

    # extension: accepted for the first, refused for the second (per the regulation's policy)
    with time_machine.travel(spec.accept_at, tick=False):
        actions.notify_extension(answerer, d1, new_deadline=spec.accept_new, reason="Cần xác minh")
    with time_machine.travel(spec.refuse_at, tick=False), pytest.raises(PolicyViolation) as err:
        actions.notify_extension(silent, d2, new_deadline=spec.refuse_new, reason="Cần xác minh")
    assert err.value.message == spec.refuse_message

    # silence: deemed consent at the end of the deadline day, not a minute earlier
    assert run_sweep(at(spec.deadline.isoformat(), 23, 59))["consultations.deadlines"]["deemed_consent"] == 0
    after = at((spec.deadline + dt.timedelta(days=1)).isoformat(), 0, 0)
    assert run_sweep(after)["consultations.deadlines"]["deemed_consent"] == 1
    d2.refresh_from_db()
    assert (d2.state, d2.deemed_at) == (DeliveryState.DEEMED_CONSENT, after)

    # the extended one answers on the last minute of its new date: it disagrees
    with time_machine.travel(at(spec.accept_new.isoformat(), 23, 59), tick=False):
        d1.refresh_from_db()
        actions.answer(answerer, d1, position=Position.DISAGREE, text="Chưa phù hợp.")
        actions.record_meeting(
            specialist,
            req,
            held_on=spec.accept_new,
            participants="Lãnh đạo các bên",
            outcome="Chưa thống nhất",
        )
        escalation = actions.escalate(leader, req, summary="Còn ý kiến khác nhau")
    assert escalation.authority.name == authority_name
    assert [(p["recipient"], p["state"], p["position"]) for p in escalation.positions] == [
        (first.name, DeliveryState.ANSWERED, Position.DISAGREE),
        (second.name, DeliveryState.DEEMED_CONSENT, ""),
    ]
    actions.record_ruling(ruler, escalation, ruling="Thống nhất theo ý kiến cơ quan chủ trì.")
    escalation.refresh_from_db()
    assert (escalation.ruled_by, escalation.ruling) == (ruler, "Thống nhất theo ý kiến cơ quan chủ trì.")
    trail = {
        d.pk: [
            e.data["to"]
            for e in AuditEvent.objects.filter(
                target_type="consultations.delivery", target_id=str(d.pk)
            ).order_by("pk")
        ]
        for d in (d1, d2)
    }
    assert trail == {
        d1.pk: ["received", "extension_notified", "answered"],
        d2.pk: ["received", "deemed_consent"],
    }


def test_a_closed_request_gets_no_more_reminders(bodies, regulation):
    req = sent(bodies, regulation, recipients=[bodies.xa1])
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        actions.close_request(bodies.leader, req)
    assert reminders(at("2025-02-03", 8)) == 0
    assert reminders(at("2025-02-05", 8)) == 0
    assert reminded() == []
