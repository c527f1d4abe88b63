"""What the outbox sweep step costs with nothing to send (issue 10, cause 2): one index probe, whatever the number
of e-mails already sent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.notifications.domain import outbox_probe
from phoihop.notifications.enums import EmailState
from phoihop.notifications.jobs import send_outbox
from phoihop.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

SENT = 10_000
NOW = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)


def sent_emails(n: int = SENT) -> None:
    """n e-mails sent in the past, and one pending whose next attempt is later than NOW."""
    OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"u{i}@x.vn",
            subject="s",
            body="b",
            dedupe_key=f"k{i}",
            state=EmailState.SENT if i % 10 else EmailState.FAILED,
            attempts=1,
            next_attempt_at=NOW - dt.timedelta(minutes=i),
            sent_at=NOW - dt.timedelta(minutes=i),
        )
        for i in range(n)
    )
    OutboundEmail.objects.create(
        to="later@x.vn",
        subject="s",
        body="b",
        dedupe_key="later",
        next_attempt_at=NOW + dt.timedelta(seconds=1),
    )
    # a claim whose lease has not run out yet
    OutboundEmail.objects.create(
        to="held@x.vn",
        subject="s",
        body="b",
        dedupe_key="held",
        state=EmailState.SENDING,
        next_attempt_at=NOW - dt.timedelta(minutes=1),
        claimed_until=NOW + dt.timedelta(seconds=1),
    )


def test_nothing_to_send_among_ten_thousand_sent_is_one_query():
    sent_emails()
    with CaptureQueriesContext(connection) as ctx:
        report = send_outbox(NOW)
    assert report == {"sent": 0, "retried": 0, "failed": 0}
    assert len(ctx.captured_queries) == 1


def test_the_first_moment_it_is_due_it_is_sent(mailoutbox):
    sent_emails(10)
    assert send_outbox(NOW) == {"sent": 0, "retried": 0, "failed": 0}
    # its next attempt reached; the other claim's lease ends exactly now: still held
    assert send_outbox(NOW + dt.timedelta(seconds=1)) == {"sent": 1, "retried": 0, "failed": 0}
    assert send_outbox(NOW + dt.timedelta(seconds=1, microseconds=1)) == {
        "sent": 1,
        "retried": 0,
        "failed": 0,
    }
    assert [m.to[0] for m in mailoutbox] == ["later@x.vn", "held@x.vn"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_probe_reads_an_index_not_the_table():
    sent_emails()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_outboundemail")
    plan = outbox_probe(NOW).explain()
    assert "Seq Scan" not in plan, plan
    assert "Index" in plan, plan
