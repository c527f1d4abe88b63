"""A day off added in the admin moves the open deadlines of coordination requests (answered ones keep
theirs), both bodies are notified and see the reason on the request's page, and the sweep deems at the new date."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, Position
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.test_pages import delivery, page_text, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_day_off_added_in_the_admin_moves_open_deadlines_and_both_bodies_see_why(
    client, bodies, regulation, django_capture_on_commit_callbacks
):
    req = sent(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 9), tick=False):
        actions.answer(bodies.xa2_leader, delivery(req, bodies.xa2), position=Position.AGREE)
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

    title = "Hạn trả lời văn bản 1-CV/BNCTU của Đảng ủy xã An Một đổi từ 05/02/2025 thành 06/02/2025"
    notified = Notification.objects.filter(kind="delivery.deadline_changed")
    assert sorted(notified.values_list("user__username", "title", "body")) == sorted(
        (u.username, title, f"Lý do: {reason}")
        for u in (
            bodies.specialist,
            bodies.leader,
            bodies.clerk,
            bodies.xa1_cv,
            bodies.xa1_clerk,
            bodies.xa1_leader,
        )
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
