"""Recording, sending (routed, attested), acknowledging and reporting the handling result: allowed, refused with
the message and nothing written, audit rows and who is told."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError
from phoihop.information.domain import actions
from phoihop.information.domain.actions import ATTESTATION_REQUIRED, NO_ROUTE
from phoihop.information.enums import CopyState, InformationState
from phoihop.information.models import InformationCopy, OfficialInformation
from phoihop.notifications.models import Notification

from .conftest import Province, draft, make_official

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WHEN = dt.datetime(2027, 1, 20, 9, 0, tzinfo=TZ)


def _events(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .order_by("seq")
        .values_list("summary", flat=True)
    )


@time_machine.travel(WHEN, tick=False)
def test_a_commune_sends_signs_of_violation_to_the_ban_and_the_managing_body(province: Province):
    p = province.p
    official = make_official("Nguyễn Văn An", managing_body=p.btv, workplace=p.xa1)
    info = draft(p.xa1_cv, official, result_due_on=dt.date(2027, 2, 26))
    assert info.state == InformationState.DRAFT
    route = actions.send(p.xa1_cv, info)
    assert route.recipient_ids == {p.ban.pk, p.btv.pk}
    info.refresh_from_db()
    assert (info.state, info.sent_by_id, info.regulation.code) == (InformationState.SENT, p.xa1_cv.pk, "003")
    assert info.rule_article.endswith("Điều 3 khoản 7")
    copies = {c.recipient_id: c for c in InformationCopy.objects.filter(information=info)}
    assert set(copies) == {p.ban.pk, p.btv.pk}
    assert {(c.state, c.due_on, c.expects_result, c.overdue) for c in copies.values()} == {
        (CopyState.SENT, dt.date(2027, 2, 26), True, False)
    }
    assert _events(info) == ["Ghi thông tin về cán bộ (dự thảo)", "Gửi thông tin về cán bộ"]
    # the recipients' leaders are told, nobody else
    told = set(
        Notification.objects.filter(kind="information.received").values_list("user__username", flat=True)
    )
    assert told == {p.ban_leader.username, p.btv_leader.username}


@time_machine.travel(WHEN, tick=False)
def test_sending_without_the_attestation_is_refused_and_nothing_is_written(province: Province):
    p = province.p
    official = make_official("Nguyễn Văn Bình", managing_body=p.btv, workplace=p.xa1)
    for missing in ({"verified": False}, {"conclusion_number": ""}, {"conclusion_date": None}):
        info = draft(p.xa1_cv, official, **missing)
        with pytest.raises(DomainError) as refused:
            actions.send(p.xa1_cv, info)
        assert refused.value.message == ATTESTATION_REQUIRED
        info.refresh_from_db()
        assert info.state == InformationState.DRAFT
    assert InformationCopy.objects.count() == 0
    assert Notification.objects.count() == 0


@time_machine.travel(WHEN, tick=False)
def test_a_handling_result_needs_no_attestation_and_expects_nothing_back(province: Province):
    p = province.p
    official = make_official("Trần Văn Cường", managing_body=p.xa1, workplace=p.xa1)
    info = draft(p.xa1_cv, official, kind="handling_result", verified=False, conclusion_number="")
    route = actions.send(p.xa1_cv, info)
    assert [(r.regulation.code, r.article) for r in route.rules] == [("003", "Điều 4 khoản 2 điểm đ")]
    copy = InformationCopy.objects.get(information=info)
    assert (copy.recipient_id, copy.expects_result, copy.due_on) == (p.ban.pk, False, None)


@time_machine.travel(WHEN, tick=False)
def test_no_rule_no_sending(province: Province):
    p = province.p
    official = make_official("Lê Văn Dũng", managing_body=p.xa1, workplace=p.xa1)
    info = draft(p.xa1_cv, official)  # a commune about its own official: no article sends it anywhere
    with pytest.raises(DomainError) as refused:
        actions.send(p.xa1_cv, info)
    assert refused.value.message == NO_ROUTE
    assert InformationCopy.objects.count() == 0


@time_machine.travel(WHEN, tick=False)
def test_a_body_cannot_write_about_an_official_it_may_not_see(province: Province):
    p = province.p
    official = make_official("Phạm Văn Em", managing_body=p.btv, workplace=p.xa2)
    with pytest.raises(DomainError):
        draft(p.farmers_leader, official)
    assert OfficialInformation.objects.count() == 0


@time_machine.travel(WHEN, tick=False)
def test_the_result_is_reported_once_by_the_recipient_and_the_sender_is_told(province: Province):
    p = province.p
    official = make_official("Hoàng Văn Giang", managing_body=p.btv, workplace=p.xa1)
    info = draft(p.xa1_cv, official)
    actions.send(p.xa1_cv, info)
    copy = InformationCopy.objects.get(information=info, recipient=p.btv)
    with pytest.raises(DomainError):
        actions.report_result(p.xa2_cv, copy, text="Không phải việc của xã An Hai")
    with pytest.raises(DomainError):
        actions.report_result(p.btv_leader, copy, text="  ")
    actions.acknowledge(p.btv_leader, copy)
    with pytest.raises(DomainError):
        actions.acknowledge(p.btv_leader, copy)
    actions.report_result(
        p.btv_leader, copy, text="Khiển trách", decision_number="45-QĐ/TU", decision_date=dt.date(2027, 1, 19)
    )
    copy.refresh_from_db()
    assert (copy.state, copy.result_text, copy.result_number, copy.result_date, copy.result_by_id) == (
        CopyState.ANSWERED,
        "Khiển trách",
        "45-QĐ/TU",
        dt.date(2027, 1, 19),
        p.btv_leader.pk,
    )
    with pytest.raises(DomainError):
        actions.report_result(p.btv_leader, copy, text="Lần nữa")
    assert _events(copy) == ["Tiếp nhận thông tin về cán bộ", "Báo cáo kết quả xử lý"]
    told = set(
        Notification.objects.filter(kind="information.result").values_list("user__username", flat=True)
    )
    assert told == {p.xa1_cv.username, p.xa1_leader.username}


@time_machine.travel(WHEN, tick=False)
def test_a_due_date_in_tet_moves_to_the_next_working_day(province: Province):
    p = province.p
    official = make_official("Vũ Văn Hùng", managing_body=p.btv, workplace=p.xa1)
    info = draft(p.xa1_cv, official, result_due_on=dt.date(2027, 2, 5))  # Tết 2027: 04–10/02
    actions.send(p.xa1_cv, info)
    assert set(InformationCopy.objects.values_list("due_on", flat=True)) == {dt.date(2027, 2, 11)}


@time_machine.travel(WHEN, tick=False)
def test_a_due_date_in_the_past_is_refused(province: Province):
    p = province.p
    official = make_official("Vũ Văn Khải", managing_body=p.btv, workplace=p.xa1)
    info = draft(p.xa1_cv, official, result_due_on=dt.date(2027, 1, 19))
    with pytest.raises(DomainError):
        actions.send(p.xa1_cv, info)
    info.refresh_from_db()
    assert info.state == InformationState.DRAFT
