"""What the consultations sweep step costs (issue 10, cause 2): with nothing due it is one index probe and no
further query, whatever the number of open copies; each due item costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from phoihop.audit.models import AuditEvent
from phoihop.consultations.domain import actions
from phoihop.consultations.domain.sweep import _probe
from phoihop.consultations.enums import DeliveryState, RequestKind, RequestState
from phoihop.consultations.jobs import deadlines
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.notifications.jobs import send_outbox
from phoihop.notifications.models import Notification
from tests.consultations.conftest import at, make_regulation

pytestmark = pytest.mark.django_db

OPEN_COPIES = 10_000
TODAY = dt.date(2025, 3, 3)  # a Monday
NOW = at("2025-03-03", 9)


def open_copies(bodies, regulation, n: int = OPEN_COPIES, deadline: dt.date = dt.date(2025, 4, 30)) -> None:
    """n received, unanswered copies not yet due, written in bulk (not through the actions: only their rows
    matter here), n/2 requests to two communes."""
    requests = CoordinationRequest.objects.bulk_create(
        CoordinationRequest(
            regulation=regulation,
            sender=bodies.ban,
            kind=RequestKind.CONSULTATION,
            subject=f"Đề nghị {i}",
            state=RequestState.SENT,
            document_number=f"{i}-CV/BNC",
            created_by=bodies.specialist,
        )
        for i in range(n // 2)
    )
    Delivery.objects.bulk_create(
        Delivery(
            request=req,
            recipient=org,
            state=DeliveryState.RECEIVED,
            received_on=TODAY,
            deadline=deadline,
            original_deadline=deadline,
        )
        for req in requests
        for org in (bodies.xa1, bodies.xa2)
    )


def queries_of(step, now: dt.datetime) -> tuple[int, dict[str, int]]:
    with CaptureQueriesContext(connection) as ctx:
        report = step(now)
    return len(ctx.captured_queries), report


def test_nothing_due_among_ten_thousand_open_copies_is_one_probe(bodies, regulation):
    open_copies(bodies, regulation)
    with time_machine.travel(NOW, tick=False):
        count, report = queries_of(deadlines, NOW)
        assert report == {"deemed_consent": 0, "overdue": 0, "reminders": 0}
        outbox_count, outbox = queries_of(send_outbox, NOW)
    assert outbox == {"sent": 0, "retried": 0, "failed": 0}
    assert (count, outbox_count) == (1, 1)


def test_open_copies_due_in_a_few_days_cost_the_probe_and_the_calendar(bodies, regulation):
    # Monday 03/03/2025: the reminder horizon is Wednesday 05/03; these fall due on 13/03, within the probe's
    # 14-day look-ahead: the calendar is read to know that no reminder is due, and nothing else
    open_copies(bodies, regulation, deadline=dt.date(2025, 3, 13))
    with time_machine.travel(NOW, tick=False):
        count, report = queries_of(deadlines, NOW)
    assert report == {"deemed_consent": 0, "overdue": 0, "reminders": 0}
    assert count == 2


def due_requests(bodies, regulation, n: int) -> list[CoordinationRequest]:
    """n requests to one commune, sent and received on 22/01/2025 (deadline 05/02/2025, after Tết)."""
    made = []
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        for i in range(n):
            req = actions.create_request(
                bodies.specialist,
                regulation=regulation,
                kind=RequestKind.CONSULTATION,
                subject=f"Xin ý kiến {i}",
                recipients=[bodies.xa1],
            )
            actions.submit_for_approval(bodies.specialist, req)
            actions.approve_and_send(bodies.leader, req)
            made.append(req)
    return made


def deemed_cost(bodies, regulation, n: int) -> int:
    due_requests(bodies, regulation, n)
    open_copies(bodies, regulation, n=200)
    # the first moment after the deadline day (05/02/2025) has ended
    now = at("2025-02-06", 0)
    with time_machine.travel(now, tick=False):
        assert queries_of(deadlines, at("2025-02-05", 23, 59))[1]["deemed_consent"] == 0
        events, notices = AuditEvent.objects.count(), Notification.objects.count()
        count, report = queries_of(deadlines, now)
    assert report["deemed_consent"] == n
    assert AuditEvent.objects.count() - events == n
    users = len(bodies.users_of(bodies.ban)) + len(bodies.users_of(bodies.xa1))
    assert Notification.objects.count() - notices == n * users
    return count


def per_item(counts: dict[int, int]) -> tuple[int, int]:
    """(queries with 1 due item, queries each further item adds), asserting that the growth is linear."""
    step = (counts[5] - counts[1]) // 4
    assert counts[5] - counts[1] == 4 * step
    return counts[1], step


def test_each_deemed_item_costs_a_fixed_number_of_queries(bodies, regulation):
    counts = {}
    for n in (1, 5):
        with transaction.atomic():
            counts[n] = deemed_cost(bodies, regulation, n)
            transaction.set_rollback(True)
    # 1 item: the probe, the rows by id, the bodies' users, who was notified (one query each for the batch),
    # the regulation's rules (2, once a run), then the item; each item: its savepoint, the transition
    # (savepoint, UPDATE, audit chain head, audit INSERT, release), the notice (savepoint, INSERT, release), the
    # e-mails' INSERT, release.
    assert per_item(counts) == (ITEM + 6, ITEM)


def test_each_overdue_item_costs_a_fixed_number_of_queries(bodies):
    regulation = make_regulation(deemed_consent=False)
    counts = {}
    for n in (1, 5):
        with transaction.atomic():
            due_requests(bodies, regulation, n)
            now = at("2025-02-06", 0)
            with time_machine.travel(now, tick=False):
                events = AuditEvent.objects.count()
                counts[n], report = queries_of(deadlines, now)
            assert report == {"deemed_consent": 0, "overdue": n, "reminders": 0}
            assert AuditEvent.objects.count() - events == n
            assert Delivery.objects.filter(overdue=True).count() == n
            transaction.set_rollback(True)
    assert per_item(counts) == (ITEM + 6, ITEM)


# queries per due item (14 before issue 10's cause 2; PostgreSQL adds the audit chain's advisory lock)
ITEM = 11 + (connection.vendor == "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_probe_reads_the_open_copies_index_not_the_table(bodies, regulation):
    open_copies(bodies, regulation)
    # copies already closed, and open ones flagged overdue long ago: what a province accumulates
    Delivery.objects.filter(pk__in=Delivery.objects.order_by("pk").values("pk")[:4000]).update(
        state=DeliveryState.DEEMED_CONSENT
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consultations_delivery")
    plan = _probe(TODAY).explain()
    assert "Seq Scan" not in plan, plan
    assert "delivery_open_due_idx" in plan, plan
    assert "Index" in plan, plan
