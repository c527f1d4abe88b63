"""The sweep flags a copy overdue the day after its due date (a due date in Tết moved to the next working day),
exactly at the boundary, once; with nothing due it makes one query."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.audit.models import AuditEvent
from phoihop.information.domain import actions
from phoihop.information.domain.sweep import flag_overdue_results
from phoihop.information.models import InformationCopy
from phoihop.notifications.models import Notification

from .conftest import Province, draft, make_official

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture
def sent(province: Province) -> InformationCopy:
    p = province.p
    official = make_official("Nguyễn Văn An", managing_body=p.btv, workplace=p.xa1)
    with time_machine.travel(at(2027, 1, 20, 9), tick=False):
        info = draft(p.xa1_cv, official, result_due_on=dt.date(2027, 2, 5))  # in Tết: due 11/02/2027
        actions.send(p.xa1_cv, info)
    return InformationCopy.objects.get(information=info, recipient=p.btv)


def test_overdue_exactly_after_the_moved_due_date_across_tet_and_once(
    sent: InformationCopy, province: Province
):
    assert sent.due_on == dt.date(2027, 2, 11)
    assert flag_overdue_results(at(2027, 2, 6, 0, 0)) == {"overdue": 0}  # the date the sender typed passed
    assert flag_overdue_results(at(2027, 2, 11, 23, 59, 59)) == {"overdue": 0}  # the due day itself
    assert flag_overdue_results(at(2027, 2, 12, 0, 0)) == {"overdue": 2}  # both copies (Ban, BTV)
    sent.refresh_from_db()
    assert sent.overdue is True
    assert flag_overdue_results(at(2027, 2, 12, 0, 1)) == {"overdue": 0}  # idempotent
    assert AuditEvent.objects.filter(summary="Quá hạn báo cáo kết quả xử lý").count() == 2
    told = Notification.objects.filter(kind="information.overdue")
    assert sorted(told.values_list("user__username", flat=True)) == sorted(
        [province.p.xa1_cv.username, province.p.xa1_leader.username] * 2
    )


def test_a_result_reported_in_time_is_never_flagged(sent: InformationCopy, province: Province):
    with time_machine.travel(at(2027, 2, 11, 16), tick=False):
        actions.report_result(province.p.btv_leader, sent, text="Đã kiểm điểm")
    assert flag_overdue_results(at(2027, 2, 12, 0, 0)) == {"overdue": 1}  # only the Ban's copy
    sent.refresh_from_db()
    assert sent.overdue is False


def test_nothing_due_is_one_query(sent: InformationCopy):
    with CaptureQueriesContext(connection) as queries:
        assert flag_overdue_results(at(2027, 2, 11, 12)) == {"overdue": 0}
    assert len(queries) == 1
