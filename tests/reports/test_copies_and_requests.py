"""Ad hoc requests (due in working days or on a date) and copy-to duties (000 Art. 4.2.4, 004 Art. 4.2.4)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.common.errors import DomainError, NotAllowed
from phoihop.notifications.models import Notification
from phoihop.regulations.queries import current_version
from phoihop.reports import queries
from phoihop.reports.domain import actions
from phoihop.reports.domain.copies import deliver_copies
from phoihop.reports.enums import SlotOrigin, SlotState
from phoihop.reports.models import ReportCopy, ReportSlot

from .conftest import at, send


def _request(actor, reporters, code, **kw):
    return actions.create_request(
        actor,
        origin=SlotOrigin.AD_HOC,
        subject="Báo cáo vụ việc tham nhũng vặt tại địa phương",
        reporters=reporters,
        regulation=current_version(code),
        **kw,
    )


def test_ad_hoc_request_due_in_working_days(regs, province):
    p = province
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        req = _request(p.ban_cv, [p.xa1, p.xa2], "003", working_days=3)
    # 30/04 and 01/05 (a Saturday, compensated on Monday 03/05) are off: 29/04, 04/05, 05/05.
    assert req.due_on == dt.date(2027, 5, 5)
    assert req.due_rule == (
        "3 ngày làm việc kể từ ngày yêu cầu 28/04/2027 (không tính ngày yêu cầu): hạn 05/05/2027."
    )
    slots = ReportSlot.objects.filter(request=req)
    assert sorted(slots.values_list("reporter__abbreviation", "state", "due_on", "origin")) == [
        ("DUX1", SlotState.DUE, dt.date(2027, 5, 5), SlotOrigin.AD_HOC),
        ("DUX2", SlotState.DUE, dt.date(2027, 5, 5), SlotOrigin.AD_HOC),
    ]
    assert Notification.objects.filter(kind="report.requested", user=p.xa1_cv).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Hãy nhập hạn gửi: một ngày cụ thể hoặc số ngày làm việc."),
        ({"due_on": dt.date(2027, 4, 27)}, "Hạn gửi không được trước ngày hôm nay."),
        ({"working_days": 0}, "Số ngày làm việc phải từ 1 đến 365."),
    ],
)
def test_ad_hoc_request_bad_due(regs, province, kwargs, message):
    with time_machine.travel(at("2027-04-28", 10), tick=False), pytest.raises(DomainError) as exc:
        _request(province.ban_cv, [province.xa1], "003", **kwargs)
    assert exc.value.message == message
    assert ReportSlot.objects.count() == 0


def test_clerk_cannot_request(regs, province):
    with pytest.raises(NotAllowed):
        _request(province.xa1_clerk, [province.xa2], "003", working_days=3)


def test_004_copy_to_internal_affairs_board_exactly_once(regs, province):
    p = province
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        req = _request(p.btv_leader, [p.hu], "004", due_on=dt.date(2027, 3, 10))
        slot = ReportSlot.objects.select_related("reporter", "receiver").get(request=req)
        submission = send(slot, p.hu_cv, p.hu_leader, figures={})
        # Delivering again (a retried worker) creates nothing.
        assert deliver_copies(slot, submission, at("2027-03-01", 9), None) == []
    copies = list(
        ReportCopy.objects.values_list("copy_to__abbreviation", "duty__code", "submission__version")
    )
    assert copies == [("BNCTU", "reports-to-province", 1)]
    # the copied body's leaders and clerks are told (not its specialists: nobody assigned it to them)
    assert Notification.objects.filter(kind="report.copy", user=p.ban_leader).count() == 1
    assert Notification.objects.filter(kind="report.copy", user=p.ban_cv).count() == 0
    assert (
        Notification.objects.filter(kind="report.copy", user=p.hu_leader).count() == 1
    )  # the sender sees it
    # The board reads the slot it got a copy of; an unrelated body does not.
    assert list(queries.visible_to(p.ban_cv).values_list("pk", flat=True)) == [slot.pk]
    assert list(queries.visible_to(p.outsider)) == []
    assert list(queries.visible_to(p.xa1_cv)) == []


def test_000_copy_goes_to_the_reporters_own_district_inspection_committee(regs, province):
    p = province
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        req = _request(p.btv_hu_leader, [p.dan_van], "000", working_days=5)
        slot = ReportSlot.objects.select_related("reporter", "receiver").get(request=req)
        send(slot, p.dan_van_cv, p.dan_van_leader, figures={})
    assert list(ReportCopy.objects.values_list("copy_to__abbreviation", flat=True)) == ["UBKT"]
    assert list(queries.visible_to(p.ubkt2_cv)) == []
    assert list(queries.visible_to(p.ubkt_cv).values_list("pk", flat=True)) == [slot.pk]


def test_no_copy_when_the_receiver_is_not_named_by_a_duty(regs, province):
    p = province
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        req = _request(p.ban_cv, [p.hu], "004", working_days=5)  # to the board itself, not to BTV
        slot = ReportSlot.objects.select_related("reporter", "receiver").get(request=req)
        send(slot, p.hu_cv, p.hu_leader, figures={})
    assert ReportCopy.objects.count() == 0


def test_a_dissolved_body_cannot_be_asked_for_a_report(regs, province):
    p = province
    p.hu.dissolved_on = dt.date(2025, 7, 1)
    p.hu.save()
    with time_machine.travel(at("2027-04-28", 10), tick=False), pytest.raises(DomainError) as exc:
        _request(p.ban_cv, [p.xa1, p.hu], "004", working_days=3)
    assert exc.value.message == "Không thể yêu cầu báo cáo: đã giải thể — Huyện ủy Tây Sơn."
    assert ReportSlot.objects.filter(request__isnull=False).count() == 0
