"""The work queue's cost does not grow with the number of items: queue_for, the home page and GET /api/v1/work/
at 1 and 3 items of every source, and the same count at 50 (each source reads at most LIMIT rows in one query;
the counts of every source are one query)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.accounts.enums import Role
from phoihop.consultations.enums import DraftState, RequestState
from phoihop.consultations.models import CoordinationRequest
from phoihop.reports.enums import SlotState, SubmissionState
from phoihop.reports.models import ReportSlot
from phoihop.work.queue import LIMIT, counts_for, queue_for
from tests.consultations.conftest import at
from tests.work.conftest import answer_draft, copy_row, escalation, paper_copy, request_row, slot, version

pytestmark = pytest.mark.django_db

WED = dt.date(2025, 3, 12)


def populate(b, reg, n: int) -> None:
    """n items of every source, for the users below."""
    CoordinationRequest.objects.all().delete()
    ReportSlot.objects.all().delete()
    for _ in range(n):
        request_row(b, reg, state=RequestState.DRAFT, recipients=[b.xa1, b.xa2])  # ban_cv finishes
        request_row(b, reg, state=RequestState.PENDING_APPROVAL, recipients=[b.xa1])  # ban_leader approves
        copy_row(b, reg, b.xa1, deadline=WED)  # xa1 leader, clerk: assign
        copy_row(b, reg, b.xa1, deadline=WED, assignee=b.xa1_cv)  # xa1_cv: answer
        pending = copy_row(b, reg, b.xa1, deadline=WED, assignee=b.xa1_cv)
        answer_draft(pending, b.xa1_cv)  # xa1_leader: approve
        returned = copy_row(b, reg, b.xa1, deadline=WED, assignee=b.xa1_cv)
        answer_draft(returned, b.xa1_cv, state=DraftState.RETURNED)  # xa1_cv: rework
        paper_copy(b, reg, b.xa1)  # ban_clerk, xa1_clerk: record the receipt
        escalation(b, reg)  # btv_leader: rule
        slot(b.xa1, b.ban, due_on=WED)  # xa1: send
        version(slot(b.xa1, b.ban, due_on=WED), b.xa1_cv)  # xa1_leader: approve
        version(
            slot(b.xa1, b.ban, state=SlotState.SUBMITTED), b.xa1_leader, state=SubmissionState.SENT
        )  # ban


# user: {source: its items per n}, and the queries of queue_for: the calendar (once there is an item) and one per
# source the user's role has (a role without a kind of work costs nothing).
# the sources of issue 12 (information: to handle, results overdue; cases: progress, overdue, stale) make one
# query each for a specialist or leader (none for a clerk)
ISSUE_12 = 5
# the sources of issue 13: petitions (to decide, to report, result overdue, legal deadlines) make one query each
# for a specialist or leader; reception (written answers, follow-ups, the minimum of days) one each for every
# member of the body, a clerk included
ISSUE_13 = 4 + 3
ISSUE_13_CLERK = 3

CASES = [
    (
        "xa1_leader",
        {
            "consultations.incoming": 1,
            "consultations.answer_drafts": 1,
            "reports.to_send": 1,
            "reports.approval": 1,
        },
        # calendar + request drafts, incoming, answer drafts, escalations, to send, approval, review, and one
        # query for each source of issue 12 (information to handle, results overdue; cases progress, overdue, stale)
        8 + ISSUE_12 + ISSUE_13,
    ),
    (
        "xa1_cv",
        {"consultations.incoming": 2, "consultations.answer_drafts": 1, "reports.to_send": 1},
        6 + ISSUE_12 + ISSUE_13,
    ),
    (
        "xa1_clerk",
        {"consultations.incoming": 1, "consultations.paper": 1, "reports.to_send": 1},
        5 + ISSUE_13_CLERK,
    ),
    ("ban_cv", {"consultations.request_drafts": 1, "reports.review": 1}, 6 + ISSUE_12 + ISSUE_13),
    ("ban_leader", {"consultations.request_drafts": 1, "reports.review": 1}, 8 + ISSUE_12 + ISSUE_13),
    ("ban_clerk", {"consultations.paper": 1}, 5 + ISSUE_13_CLERK),
    ("btv_leader", {"consultations.escalations": 1}, 8 + ISSUE_12 + ISSUE_13),
]


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("key", "per_source", "queue_q"), CASES)
def test_queue_page_and_api_cost_the_same_at_1_3_and_50_items(
    client, bodies, regulation, key, per_source, queue_q
):
    user = getattr(bodies, key)
    seen = []
    for n in (1, 3, 50):
        populate(bodies, regulation, n)
        with time_machine.travel(at("2025-03-10", 9), tick=False):
            client.force_login(user)
            queue = _queries(lambda: queue_for(user))
            items = queue_for(user)
            counts = counts_for(user)
            page = _queries(lambda: client.get(reverse("home")))
            api = _queries(lambda: client.get(reverse("api-work")))
            response = client.get(reverse("home"))
            data = client.get(reverse("api-work")).json()
        shown = {s: sum(1 for i in items if i.source == s) for s in per_source}
        assert shown == {s: min(k * n, LIMIT) for s, k in per_source.items()}
        assert {s for s in (i.source for i in items)} == set(per_source)
        assert {s: c for s, c in counts.items() if c} == {s: k * n for s, k in per_source.items()}
        assert response.content.decode().count('class="work-item"') == len(items)
        assert len(data["items"]) == len(items)
        assert data["total"] == sum(k * n for k in per_source.values())
        seen.append((queue, page, api))
    # the page and the API: the queue, the counts (one query) and the site's own (session, user, menu)
    assert seen[0][0] == queue_q
    assert seen[1] == seen[2] == seen[0]
    # session, user, (a leader's two-factor device), the counts
    assert seen[0][2] == queue_q + 3 + (user.role == Role.LEADER)


def test_the_count_is_one_query_for_every_source(bodies, regulation, django_assert_num_queries):
    populate(bodies, regulation, 3)
    with django_assert_num_queries(1):
        counts = counts_for(bodies.xa1_leader)
    assert sum(counts.values()) == 3 * 4


def test_fifty_one_items_show_fifty_and_say_how_many_more(client, bodies, regulation):
    for _ in range(LIMIT + 1):
        copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    with time_machine.travel(at("2025-03-10", 9), tick=False):
        client.force_login(bodies.xa1_leader)
        body = client.get(reverse("home")).content.decode()
        data = client.get(reverse("api-work")).json()
    assert body.count('class="work-item"') == LIMIT
    assert "và 1 việc khác" in body
    assert len(data["items"]) == LIMIT
    assert data["sources"] == [
        {"source": "consultations.incoming", "label": "Văn bản đến cần xử lý", "count": LIMIT + 1, "more": 1}
    ]
    assert data["total"] == LIMIT + 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan; PostgreSQL picks by its statistics")
def test_a_bodys_drafts_are_read_on_the_unsent_index_not_its_history(bodies):
    """The menu's count runs on every page: the request-draft source reads the body's unsent requests on
    request_unsent_idx (its condition written as constants), never the body's whole history of sent requests
    (80 ms at the benchmark's scale before this index, 1 ms after)."""
    from phoihop.consultations.work import _request_drafts

    for user in (bodies.specialist, bodies.leader):
        rows = _request_drafts(user, dt.date(2025, 2, 3))
        assert rows is not None
        sql, params = rows.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " / ".join(row[-1] for row in cursor.fetchall())
        assert "request_unsent_idx" in plan, plan
