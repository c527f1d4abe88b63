"""The dashboard in working days: "Sắp đến hạn" is today and the next 3 working days (across Tết the window
reaches past the holiday), "Cần trả lời" the body's open copies, and the authority's "Chờ kết luận"."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from phoihop.consultations.enums import DeliveryState
from tests.consultations.conftest import at
from tests.consultations.test_pages import texts
from tests.work.conftest import copy_row, escalation

pytestmark = pytest.mark.django_db


def _subjects(response, table: str) -> list[str]:
    return texts(response, f"//table[@id='{table}']/tbody/tr/td[4]")


def test_due_soon_is_the_next_three_working_days_across_tet(client, bodies, regulation):
    # Tết 2027: 04–10/02 off. On Wednesday 03/02 the next 3 working days are Thu 11, Fri 12 and Mon 15/02.
    for day in ("2027-02-02", "2027-02-03", "2027-02-11", "2027-02-12", "2027-02-15", "2027-02-16"):
        copy_row(bodies, regulation, bodies.xa1, deadline=dt.date.fromisoformat(day), subject=f"Hạn {day}")
    with time_machine.travel(at("2027-02-03", 9), tick=False):
        client.force_login(bodies.xa1_cv)
        response = client.get(reverse("consult-dashboard"))
    assert response.status_code == 200
    assert _subjects(response, "due-week-table") == [
        "Hạn 2027-02-03",
        "Hạn 2027-02-11",
        "Hạn 2027-02-12",
        "Hạn 2027-02-15",
    ]
    assert _subjects(response, "overdue-table") == ["Hạn 2027-02-02"]
    assert texts(response, "//table[@id='due-week-table']/tbody/tr/td[5]") == [
        "03/02/2027 Hạn hôm nay",
        "11/02/2027 còn 1 ngày làm việc",
        "12/02/2027 còn 2 ngày làm việc",
        "15/02/2027 còn 3 ngày làm việc",
    ]
    assert "hạn đến hết 15/02/2027 (3 ngày làm việc tới)" in response.content.decode()


def test_due_soon_on_a_friday_reaches_wednesday(client, bodies, regulation):
    for day in ("2025-03-14", "2025-03-19", "2025-03-20"):
        copy_row(bodies, regulation, bodies.xa1, deadline=dt.date.fromisoformat(day), subject=f"Hạn {day}")
    with time_machine.travel(at("2025-03-14", 9), tick=False):
        client.force_login(bodies.xa1_cv)
        response = client.get(reverse("consult-dashboard"))
    assert _subjects(response, "due-week-table") == ["Hạn 2025-03-14", "Hạn 2025-03-19"]


def test_to_answer_lists_the_bodys_open_copies_only(client, bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=dt.date(2025, 3, 20), subject="Của xã Một")
    copy_row(bodies, regulation, bodies.xa1, state=DeliveryState.EXTENSION_NOTIFIED, subject="Gia hạn")
    copy_row(bodies, regulation, bodies.xa1, state=DeliveryState.ANSWERED, subject="Đã trả lời")
    copy_row(bodies, regulation, bodies.xa2, deadline=dt.date(2025, 3, 12), subject="Của xã Hai")
    with time_machine.travel(at("2025-03-10", 9), tick=False):
        client.force_login(bodies.xa1_cv)
        response = client.get(reverse("consult-dashboard"))
        assert _subjects(response, "to-answer-table") == ["Của xã Một", "Gia hạn"]
        client.force_login(bodies.specialist)  # the sender: its copies are not its to answer
        response = client.get(reverse("consult-dashboard"))
        assert _subjects(response, "to-answer-table") == []


def test_the_authority_sees_escalations_waiting_for_its_ruling_with_their_numbers(client, bodies, regulation):
    waiting = escalation(bodies, regulation)
    escalation(bodies, regulation, ruled=True)
    with time_machine.travel(at("2025-03-10", 9), tick=False):
        client.force_login(bodies.btv_leader)
        response = client.get(reverse("consult-dashboard"))
        assert texts(response, "//table[@id='rulings-table']/tbody/tr/td[1]") == [waiting.document_number]
        assert texts(response, "//table[@id='rulings-table']/tbody/tr/td[2]") == [
            waiting.request.document_number
        ]
        assert texts(response, "//table[@id='rulings-table']/tbody/tr/td[3]") == ["Ban Nội chính Tỉnh ủy"]
        for user in (bodies.leader, bodies.btv_hu_leader):  # the sender, another standing committee
            client.force_login(user)
            assert texts(client.get(reverse("consult-dashboard")), "//section[@id='rulings']") == []


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_does_not_grow(client, bodies, regulation, n, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for k in (n, n + 2):
        for _ in range(k):
            copy_row(bodies, regulation, bodies.xa1, deadline=dt.date(2025, 3, 11))
            escalation(bodies, regulation)
        with time_machine.travel(at("2025-03-10", 9), tick=False):
            client.force_login(bodies.xa1_leader)
            with CaptureQueriesContext(connection) as ctx:
                client.get(reverse("consult-dashboard"))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
