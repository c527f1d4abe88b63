"""Who is told of a report's copy (đồng gửi, issue 11): the handlers, not every user of both bodies — on the
reporter's side the version's drafter and signer and its leaders, on the copied body's side its leaders and clerks
(every user of a side that has none of them)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.notifications.models import Notification
from phoihop.regulations.queries import current_version
from phoihop.reports.domain import actions
from phoihop.reports.enums import SlotOrigin
from phoihop.reports.models import ReportSlot
from tests.reports.conftest import at, province, regs, send  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _request(actor, reporters, code, **kw):
    return actions.create_request(
        actor,
        origin=SlotOrigin.AD_HOC,
        subject="Báo cáo vụ việc",
        reporters=reporters,
        regulation=current_version(code),
        **kw,
    )


def _told() -> set[str]:
    return set(Notification.objects.filter(kind="report.copy").values_list("user__username", flat=True))


def test_a_copy_tells_the_drafter_the_signer_and_the_copied_bodys_leaders_and_clerks(regs, province):  # noqa: F811
    p = province
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        req = _request(p.btv_leader, [p.hu], "004", due_on=dt.date(2027, 3, 10))
        slot = ReportSlot.objects.select_related("reporter", "receiver").get(request=req)
        send(slot, p.hu_cv, p.hu_leader, figures={})
    # Huyện ủy: its specialist drafted, its leader signed; Ban Nội chính: its leader and clerk, not its specialist
    expected = {p.hu_cv, p.hu_leader, p.ban_leader, p.ban_clerk}
    assert _told() == {u.username for u in expected}


def test_a_copied_body_without_leader_or_clerk_tells_all_its_users(regs, province):  # noqa: F811
    p = province
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        req = _request(p.btv_hu_leader, [p.dan_van], "000", working_days=5)
        slot = ReportSlot.objects.select_related("reporter", "receiver").get(request=req)
        send(slot, p.dan_van_cv, p.dan_van_leader, figures={})
    # Ủy ban Kiểm tra has only a specialist: it is told, so that someone is
    assert _told() == {p.dan_van_cv.username, p.dan_van_leader.username, p.ubkt_cv.username}
