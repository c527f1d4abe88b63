"""The outbox sends in batches (issue 10, cause 4): one conditional UPDATE claims a batch, one query loads it, one
UPDATE settles the sent ones; a failed one is settled on its own. The queries do not grow with the e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.mail import EmailMessage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.notifications import domain
from phoihop.notifications.domain import deliver_outbox
from phoihop.notifications.enums import CLAIM_LEASE_SECONDS, MAX_EMAIL_ATTEMPTS, EmailState
from phoihop.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 1, 2, 1, 0, tzinfo=dt.UTC)


def pending(n: int, prefix: str = "u", **fields) -> list[OutboundEmail]:  # type: ignore[no-untyped-def]
    return OutboundEmail.objects.bulk_create(
        OutboundEmail(
            to=f"{prefix}{i}@example.vn",
            subject=f"Thư {i}",
            body="Nội dung",
            dedupe_key=f"{prefix}{i}",
            next_attempt_at=NOW - dt.timedelta(seconds=n - i),
            **fields,
        )
        for i in range(n)
    )


def sent_in_queries(now: dt.datetime = NOW) -> tuple[domain.OutboxResult, int]:
    with CaptureQueriesContext(connection) as ctx:
        result = deliver_outbox(now)
    return result, len(ctx.captured_queries)


@pytest.mark.parametrize("n", [1, 3, 50, 100])
def test_sending_n_emails_costs_four_queries(n, mailoutbox):  # type: ignore[no-untyped-def]
    # the probe, the batch's claim, its rows, the sent ones settled (before: the probe and 3 an e-mail)
    pending(n)
    result, queries = sent_in_queries()
    assert (result.sent, result.retried, result.failed) == (n, 0, 0)
    assert queries == 4
    assert [m.to[0] for m in mailoutbox] == [f"u{i}@example.vn" for i in range(n)]  # oldest first
    rows = OutboundEmail.objects.values_list("state", "attempts", "claimed_until").distinct()
    assert list(rows) == [(EmailState.SENT, 1, None)]


def test_a_run_claims_a_batch_at_a_time(mailoutbox):  # type: ignore[no-untyped-def]
    # 150 e-mails: two batches of OUTBOX_CLAIM_BATCH (100, 50), three queries each, after the one probe
    pending(150)
    result, queries = sent_in_queries()
    assert (result.sent, queries) == (150, 1 + 2 * 3)
    assert len(mailoutbox) == 150


def test_a_run_sends_at_most_its_setting_and_the_next_run_the_rest(settings, mailoutbox):  # type: ignore[no-untyped-def]
    settings.EMAIL_OUTBOX_PER_RUN = 150
    pending(260)
    assert deliver_outbox(NOW).sent == 150
    assert OutboundEmail.objects.filter(state=EmailState.PENDING).count() == 110
    assert [m.to[0] for m in mailoutbox] == [f"u{i}@example.vn" for i in range(150)]  # the oldest first
    assert deliver_outbox(NOW).sent == 110
    assert OutboundEmail.objects.exclude(state=EmailState.SENT).count() == 0


def test_after_its_time_a_run_claims_no_further_batch(settings, mailoutbox):  # type: ignore[no-untyped-def]
    # no time at all: the first batch is always sent, the next ones are left pending and unclaimed
    settings.EMAIL_OUTBOX_SECONDS = 0
    pending(250)
    result, queries = sent_in_queries()
    assert (result.sent, queries) == (100, 4)
    rows = OutboundEmail.objects.exclude(state=EmailState.SENT)
    assert rows.count() == 150
    assert set(rows.values_list("state", "claimed_by", "attempts")) == {(EmailState.PENDING, "", 0)}
    assert deliver_outbox(NOW, seconds=60).sent == 150  # with time, the next run sends the rest


def test_the_default_run_sends_a_weeks_backlog_in_a_few_runs() -> None:
    # a province's week (≈15k e-mails) at 5,000 a run: 3 runs, 3 minutes with the sweep every minute
    from django.conf import settings as live

    assert (live.EMAIL_OUTBOX_PER_RUN, live.EMAIL_OUTBOX_SECONDS) == (5000, live.SWEEP_INTERVAL_SECONDS / 2)


def test_a_failed_email_in_a_batch_is_settled_on_its_own_and_retried(monkeypatch, mailoutbox):  # type: ignore[no-untyped-def]
    mails = pending(3)
    pending(1, prefix="last", attempts=MAX_EMAIL_ATTEMPTS - 1)  # its last attempt
    real = EmailMessage.send

    def send(self, fail_silently=False):  # type: ignore[no-untyped-def]
        if self.to[0] in ("u1@example.vn", "last0@example.vn"):
            raise OSError("hộp thư không nhận")
        return real(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    result, queries = sent_in_queries()
    assert (result.sent, result.retried, result.failed) == (2, 1, 1)
    assert queries == 4 + 2  # each failure settled by its own conditional UPDATE
    rows = dict(OutboundEmail.objects.values_list("to", "state"))
    assert rows == {
        "u0@example.vn": EmailState.SENT,
        "u1@example.vn": EmailState.PENDING,
        "u2@example.vn": EmailState.SENT,
        "last0@example.vn": EmailState.FAILED,
    }
    retry = OutboundEmail.objects.get(pk=mails[1].pk)
    assert (retry.attempts, retry.claimed_until, retry.next_attempt_at, retry.last_error) == (
        1,
        None,
        NOW + dt.timedelta(minutes=2),
        "hộp thư không nhận",
    )
    # the retry is not due before its next attempt, then it is sent
    assert deliver_outbox(NOW + dt.timedelta(minutes=1)).sent == 0
    assert deliver_outbox(NOW + dt.timedelta(minutes=2)).retried == 1


def test_a_batch_sends_only_what_its_claim_won(mailoutbox):  # type: ignore[no-untyped-def]
    """Two e-mails of the probe's list are claimed by another run in between (its lease not run out): this run
    claims and sends the others only, and leaves the other run's claims alone."""
    mails = pending(4)
    lease = NOW + dt.timedelta(seconds=CLAIM_LEASE_SECONDS)
    real = domain.outbox_probe

    def probe(now, limit=domain.OUTBOX_BATCH):  # type: ignore[no-untyped-def]
        ids = list(real(now, limit))
        OutboundEmail.objects.filter(pk__in=ids[:2]).update(
            state=EmailState.SENDING, claimed_until=lease, claimed_by="other"
        )
        return ids

    domain.outbox_probe, saved = probe, domain.outbox_probe
    try:
        result = deliver_outbox(NOW)
    finally:
        domain.outbox_probe = saved
    assert result.sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["u2@example.vn", "u3@example.vn"]
    states = list(OutboundEmail.objects.order_by("pk").values_list("state", "claimed_by"))
    assert [s for s, _ in states] == [
        EmailState.SENDING,
        EmailState.SENDING,
        EmailState.SENT,
        EmailState.SENT,
    ]
    assert [
        c for (c,) in OutboundEmail.objects.filter(pk__in=[m.pk for m in mails[:2]]).values_list("claimed_by")
    ] == [
        "other",
        "other",
    ]
