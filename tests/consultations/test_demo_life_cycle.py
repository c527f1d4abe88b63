"""The whole life cycle of a coordination request under 000, 001, 003 and 004 with the bodies of the demo
province (`manage.py load_demo`): deadlines across Tết, extensions per policy, deemed consent, escalation to the
authority the regulation names and its ruling, and the audit trail."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import PolicyViolation
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, Position, RequestKind
from phoihop.consultations.models import Delivery
from phoihop.organizations.models import Organization
from phoihop.regulations.queries import current_version
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.consultations.scenario_fixtures import SPECS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


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

    def user(org, role):
        return UserFactory(organization=org, role=role, password=None)

    specialist, leader = user(sender, Role.SPECIALIST), user(sender, Role.LEADER)
    answerer, silent = user(first, Role.LEADER), user(second, Role.LEADER)
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
