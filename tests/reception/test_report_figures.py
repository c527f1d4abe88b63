"""A body's periodic report page shows its head's citizen reception in the report's period (11-QĐi/TW as
amended by KL 215; 004 3.1: the figures that feed the periodic reports), from its own register only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.reception.domain import actions
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.models import ReportSlot

from .conftest import at, plan_at, record_at

FEB = (dt.date(2027, 2, 1), dt.date(2027, 2, 28))


@pytest.fixture
def slots(p):
    call_command("load_regulations", stdout=io.StringIO())
    generate_slots(2027)
    return p


def _slot(org, first: dt.date, last: dt.date) -> ReportSlot:
    """The body's periodic report slot whose period covers [first, last] (the shortest one)."""
    rows = ReportSlot.objects.filter(
        reporter=org, period_start__lte=first, period_end__gte=last, request__isnull=True
    ).order_by("period_end")
    slot = rows.first()
    assert slot is not None
    return slot


def _figures(client, user, slot) -> list[list[str]]:
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        client.force_login(user)
        response = client.get(reverse("reports-slot", args=[slot.pk]))
    assert response.status_code == 200
    rows = lxml_html.fromstring(response.content).xpath('//table[@id="reception-figures"]/tbody/tr')
    return [[cell.text_content().strip() for cell in row.xpath("th|td")] for row in rows]


def test_the_report_of_the_period_shows_the_reception_in_it(client, slots) -> None:
    p = slots
    plan_at(p, "2027-02-01", "2027-02-04")
    a = record_at(p, "2027-02-04", people=5, matters=("A", "B"))
    record_at(p, "2027-02-05", people=2, answered_on_spot=True)
    record_at(p, "2027-03-01", people=4)  # after the period
    record_at(p, "2027-02-10", people=9, who=p.xa2_cv, secretary_user=p.xa2_leader)  # another body's
    with time_machine.travel(at("2027-02-20", 9), tick=False):
        actions.send_answer(p.xa1_cv, a, sent_on=dt.date(2027, 2, 18), number="1", summary="x")
    slot = _slot(p.xa1, *FEB)
    assert (slot.period_start, slot.period_end) == FEB  # the monthly report of February
    expected = [
        ["Buổi tiếp công dân", "2"],
        ["trong đó: tiếp định kỳ", "1"],
        ["Lượt người được tiếp", "7"],
        ["Vụ việc được phản ánh", "3"],
        ["Trả lời ngay tại buổi tiếp", "1"],
        ["Phải trả lời bằng văn bản", "1"],
        ["Đã trả lời đúng hạn", "1"],
        ["Đã trả lời quá hạn", "0"],
        ["Chưa trả lời", "0"],
    ]
    assert _figures(client, p.xa1_cv, slot) == expected
    assert _figures(client, p.xa1_leader, slot) == expected


def test_a_body_that_received_no_one_in_the_period_shows_no_reception_table(client, slots) -> None:
    p = slots
    record_at(p, "2027-03-01", people=4)  # xã Một, in March only
    assert _figures(client, p.xa1_cv, _slot(p.xa1, *FEB)) == []
    record_at(p, "2027-02-10", people=9, who=p.xa2_cv, secretary_user=p.xa2_leader)
    assert _figures(client, p.xa1_cv, _slot(p.xa1, *FEB)) == []  # xã Hai's sessions are not xã Một's
