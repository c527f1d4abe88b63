"""What the consultations sweep step costs (issue 10, cause 2): with nothing due it is one index probe and no
further query, whatever the number of open copies; each due item costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from phoihop.audit.models import AuditEvent
from phoihop.audit.verification import verify
from phoihop.consultations.domain import actions, sweep
from phoihop.consultations.domain.sweep import _probe
from phoihop.consultations.enums import DeliveryState, RequestKind, RequestState
from phoihop.consultations.jobs import deadlines
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.notifications.jobs import send_outbox
from phoihop.notifications.models import Notification, OutboundEmail
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


def handlers(bodies) -> set[str]:
    """Who is told of a copy of due_requests falling due (consultations.rules.handlers_of): the drafter and the
    signer of the request, the recipient's leader (its clerk only for a paper copy, its assignee once it has
    one) — not its specialist, not the clerks, not the Ban's clerk."""
    return {
        bodies.specialist.username,
        bodies.leader.username,
        bodies.xa1_leader.username,
    }


def sweep_due(bodies, n: int, kind: str) -> int:
    """Run the step the first moment after the deadline day of n due copies; assert exactly one outcome, one
    audit event and one notice per handler for each, the e-mails of the handlers with an address, and a
    chain that still verifies. Returns the queries the step made."""
    now = at("2025-02-06", 0)
    with time_machine.travel(now, tick=False):
        assert queries_of(deadlines, at("2025-02-05", 23, 59))[1]["deemed_consent"] == 0
        events, emails = AuditEvent.objects.count(), OutboundEmail.objects.count()
        count, report = queries_of(deadlines, now)
    outcome = "deemed_consent" if kind == "deemed" else "overdue"
    assert report == {"deemed_consent": 0, "overdue": 0, "reminders": 0, outcome: n}
    assert AuditEvent.objects.count() - events == n
    due = list(
        Delivery.objects.filter(recipient=bodies.xa1, request__subject__startswith="Xin ý kiến").values_list(
            "pk", flat=True
        )
    )
    assert len(due) == n
    notified = Notification.objects.filter(kind=f"delivery.{outcome}")
    assert sorted(notified.values_list("dedupe_key", "user__username")) == sorted(
        (f"delivery:{pk}:{kind}", username) for pk in due for username in handlers(bodies)
    )
    assert OutboundEmail.objects.count() - emails == 3 * n  # cv@bnc.vn, ld@bnc.vn, ld@xa1.vn (no clerk's)
    result = verify()
    assert result.broken is None
    assert result.count == AuditEvent.objects.count()
    return count


def costs(bodies, regulation, kind: str) -> dict[int, int]:
    """The step's queries with 1, 10 and 100 due copies (each in a transaction rolled back), among 200 open
    copies not due."""
    counts = {}
    for n in (1, 10, 100):
        with transaction.atomic():
            due_requests(bodies, regulation, n)
            open_copies(bodies, regulation, n=200)
            counts[n] = sweep_due(bodies, n, kind)
            transaction.set_rollback(True)
    return counts


# Before issue 10's cause 4: 11 queries a due copy (12 on PostgreSQL), each notifying every user of both bodies.
# Now one UPDATE a copy (its claim); the rest is once a chunk of APPLY_CHUNK copies: the probe, the rows by id,
# the bodies' users, who was notified, the regulation's rules (2, once a run), the chunk's savepoint, (on
# PostgreSQL the audit chain's lock), the chain's head, the audit INSERT, the notifications' INSERT in a
# savepoint (3), the e-mails' INSERT and the release. SQLite splits a bulk INSERT at 999 parameters: 100 copies
# write 100 audit rows in 2 INSERTs (10 columns), 400 notifications in 4 (8), 300 e-mails in 4 (12).
PG = connection.vendor == "postgresql"
CONSTANT = 14 + PG


def test_each_deemed_item_costs_one_query_and_a_chunk_a_few(bodies, regulation):
    # one more a chunk: the UPDATE dropping the deemed copies' live answer drafts (issue 11)
    assert costs(bodies, regulation, "deemed") == {n: count + 1 for n, count in EXPECTED.items()}


def test_each_overdue_item_costs_one_query_and_a_chunk_a_few(bodies):
    assert costs(bodies, make_regulation(deemed_consent=False), "overdue") == EXPECTED


EXPECTED = {1: CONSTANT + 1, 10: CONSTANT + 10, 100: CONSTANT + 100 + (0 if PG else 7)}


def reminder_costs(bodies, regulation) -> dict[int, int]:
    """The step's queries on Monday 03/02/2025, when the "before" reminder of n copies due 05/02 is due."""
    counts = {}
    for n in (1, 10, 100):
        with transaction.atomic():
            due_requests(bodies, regulation, n)
            now = at("2025-02-03", 8)
            with time_machine.travel(now, tick=False):
                counts[n], report = queries_of(deadlines, now)
            assert report == {"deemed_consent": 0, "overdue": 0, "reminders": n}
            notified = Notification.objects.filter(kind="delivery.reminder.before")
            assert sorted(notified.values_list("user__username", flat=True)) == sorted(
                [bodies.xa1_leader.username] * n
            )
            assert (
                OutboundEmail.objects.filter(to="ld@xa1.vn", subject__startswith="Sắp đến hạn").count() == n
            )
            transaction.set_rollback(True)
    return counts


def test_each_reminder_costs_one_query_and_a_chunk_a_few(bodies, regulation):
    # the probe, the calendar, the copies to remind, the recipients' users, the chunk's savepoint, a claim
    # (UPDATE) a copy, who was notified, the notifications' INSERT in a savepoint (3), the e-mails' INSERT, the
    # release, the query for the deadline day's reminders (before: about 12 queries a reminder)
    assert reminder_costs(bodies, regulation) == {1: 12 + 1, 10: 12 + 10, 100: 12 + 100 + (0 if PG else 2)}


def test_a_batched_sweep_over_two_chunks_keeps_the_audit_chain(bodies, regulation, monkeypatch):
    """Chunks of 2 over 5 due copies: three transactions, each appending its events after the previous one's."""
    monkeypatch.setattr(sweep, "APPLY_CHUNK", 2)
    due_requests(bodies, regulation, 5)
    sweep_due(bodies, 5, "deemed")
    seqs = list(AuditEvent.objects.filter(target_type="consultations.delivery").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) == 5 + 5  # "received" of each copy, then its deemed consent


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


def test_handlers_fall_back_to_the_whole_side_when_it_has_no_handler():
    """rules.handlers_of on loaded objects (no query): the drafter and signer, the recipient's leaders, its clerks
    for a paper copy and the copy's assignee; a side with none of them (the drafter moved, a body with
    specialists only) is told whole."""
    from types import SimpleNamespace

    from phoihop.accounts.enums import Role
    from phoihop.consultations.rules import handlers_of

    def user(pk, role=Role.SPECIALIST):
        return SimpleNamespace(pk=pk, role=role)

    drafter, signer, other = user(1), user(2, Role.LEADER), user(3, Role.CLERK)
    clerk, leader, specialist = user(11, Role.CLERK), user(12, Role.LEADER), user(13)
    request = SimpleNamespace(created_by_id=1, approved_by_id=2)
    delivery = SimpleNamespace(request=request, channel="electronic", assignee_id=None)
    pks = lambda users: [u.pk for u in users]  # noqa: E731
    assert pks(handlers_of(delivery, [drafter, signer, other], [clerk, leader, specialist])) == [1, 2, 12]
    paper = SimpleNamespace(request=request, channel="paper", assignee_id=None)
    assert pks(handlers_of(paper, [drafter, signer, other], [clerk, leader, specialist])) == [1, 2, 11, 12]
    assigned = SimpleNamespace(request=request, channel="electronic", assignee_id=13)
    assert pks(handlers_of(assigned, [drafter], [clerk, leader, specialist])) == [1, 12, 13]
    assert pks(handlers_of(delivery, [other], [specialist, user(14)])) == [3, 13, 14]
    assert pks(handlers_of(delivery, [], [specialist, leader])) == [
        12
    ]  # a reminder: the recipient's side only
    assert handlers_of(delivery, [], []) == []
