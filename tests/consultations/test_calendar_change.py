import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import Position, RequestKind
from phoihop.consultations.models import Delivery
from phoihop.notifications.models import Notification
from phoihop.workdays.domain import set_override
from phoihop.workdays.enums import OverrideKind, OverrideStatus
from tests.consultations.conftest import at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_official_day_off_moves_open_deadlines_and_tells_both_bodies(
    bodies, regulation, django_capture_on_commit_callbacks
):
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến",
            recipients=[bodies.xa1, bodies.xa2],
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
        answered = Delivery.objects.select_related("request", "recipient").get(
            request=req, recipient=bodies.xa2
        )
        actions.answer(bodies.xa2_leader, answered, position=Position.AGREE)
    admin = UserFactory(is_superuser=True, is_staff=True)
    with (
        time_machine.travel(at("2025-01-24", 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        set_override(
            actor=admin,
            day=dt.date(2025, 2, 4),
            kind=OverrideKind.DAY_OFF,
            name="Nghỉ đột xuất",
            legal_basis="Thông báo thử số 1",
            status=OverrideStatus.OFFICIAL,
        )
    open_one = Delivery.objects.get(request=req, recipient=bodies.xa1)
    assert open_one.deadline == dt.date(2025, 2, 6)
    assert "không tính 25/01–02/02 (Tết Nguyên đán); 04/02 (Nghỉ đột xuất)" in open_one.deadline_explanation
    assert "do thay đổi lịch nghỉ" in open_one.deadline_explanation
    assert Delivery.objects.get(request=req, recipient=bodies.xa2).deadline == dt.date(2025, 2, 5)  # answered
    titles = set(
        Notification.objects.filter(kind="delivery.deadline_changed").values_list(
            "user__organization", "title"
        )
    )
    expected_title = "Hạn trả lời văn bản 1-CV/BNCTU của Đảng ủy xã An Một đổi từ 05/02/2025 thành 06/02/2025"
    assert titles == {(bodies.ban.pk, expected_title), (bodies.xa1.pk, expected_title)}
    change = AuditEvent.objects.get(
        target_type="consultations.delivery", target_id=str(open_one.pk), action="changed"
    )
    assert change.data == {"old": "2025-02-05", "new": "2025-02-06"}


def test_a_proposed_day_off_changes_nothing(bodies, regulation, django_capture_on_commit_callbacks):
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="X",
            recipients=[bodies.xa1],
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    with django_capture_on_commit_callbacks(execute=True):
        set_override(
            actor=None,
            day=dt.date(2025, 2, 4),
            kind=OverrideKind.DAY_OFF,
            name="Dự kiến nghỉ",
            status=OverrideStatus.PROPOSED,
        )
    assert Delivery.objects.get(request=req).deadline == dt.date(2025, 2, 5)
    assert not Notification.objects.filter(kind="delivery.deadline_changed").exists()
