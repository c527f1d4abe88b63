"""The outbox's state table (EMAIL_TRANSITIONS) is enforced: every state change of an e-mail goes through
common.transitions (OUTBOX) or, for the claim, a conditional UPDATE whose WHERE is the table's sources."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.utils import timezone

from phoihop.common.errors import Conflict, InvalidTransition
from phoihop.common.transitions import transition
from phoihop.notifications.domain import OUTBOX, _claim, deliver_outbox
from phoihop.notifications.enums import EMAIL_TRANSITIONS, MAX_EMAIL_ATTEMPTS, EmailState
from phoihop.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2030, 1, 2, 1, 0, tzinfo=dt.UTC)


def email(state: str = EmailState.PENDING, **fields) -> OutboundEmail:  # type: ignore[no-untyped-def]
    return OutboundEmail.objects.create(
        to="a@example.vn",
        subject="Tiêu đề",
        body="Nội dung",
        dedupe_key=f"evt-{OutboundEmail.objects.count()}",
        state=state,
        next_attempt_at=fields.pop("next_attempt_at", NOW),
        **fields,
    )


def state(mail: OutboundEmail) -> str:
    return OutboundEmail.objects.values_list("state", flat=True).get(pk=mail.pk)


def test_the_table_names_every_state_and_only_known_targets():
    assert set(EMAIL_TRANSITIONS) == set(EmailState)
    assert all(targets <= set(EmailState) for targets in EMAIL_TRANSITIONS.values())
    assert EMAIL_TRANSITIONS[EmailState.SENT] == EMAIL_TRANSITIONS[EmailState.FAILED] == frozenset()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (EmailState.PENDING, EmailState.SENT),  # never sent without a claim
        (EmailState.PENDING, EmailState.FAILED),
        (EmailState.SENT, EmailState.PENDING),  # sent is final
        (EmailState.SENT, EmailState.SENDING),
        (EmailState.FAILED, EmailState.PENDING),  # failed is final
    ],
)
def test_a_refused_edge_is_refused_and_changes_nothing(old, new):  # type: ignore[no-untyped-def]
    mail = email(old)
    with pytest.raises(InvalidTransition) as refused:
        transition(OUTBOX, mail, new, fields={"attempts": 3})
    assert refused.value.message == (
        f"Không thể chuyển thư từ trạng thái “{EmailState(old).label}” sang “{EmailState(new).label}”."
    )
    assert OutboundEmail.objects.values_list("state", "attempts").get(pk=mail.pk) == (old, 0)


def test_the_claim_moves_only_a_due_pending_or_an_expired_sending_email():
    due = email()
    later = email(next_attempt_at=NOW + dt.timedelta(minutes=1))
    held = email(EmailState.SENDING, claimed_until=NOW + dt.timedelta(seconds=1))
    expired = email(EmailState.SENDING, claimed_until=NOW - dt.timedelta(seconds=1))
    sent = email(EmailState.SENT)
    failed = email(EmailState.FAILED)
    claimed = {m.pk for m in (due, later, held, expired, sent, failed) if _claim(m.pk, NOW)}
    assert claimed == {due.pk, expired.pk}
    assert [state(m) for m in (due, later, held, expired, sent, failed)] == [
        EmailState.SENDING,
        EmailState.PENDING,
        EmailState.SENDING,
        EmailState.SENDING,
        EmailState.SENT,
        EmailState.FAILED,
    ]
    assert _claim(due.pk, NOW) is False  # one claimer wins


def test_settling_an_email_another_run_already_sent_writes_nothing():
    mail = email(EmailState.SENDING)
    stale = OutboundEmail.objects.get(pk=mail.pk)
    transition(OUTBOX, mail, EmailState.SENT, fields={"attempts": 1})
    with pytest.raises(Conflict):
        transition(OUTBOX, stale, EmailState.PENDING, fields={"attempts": 9})
    assert OutboundEmail.objects.values_list("state", "attempts").get(pk=mail.pk) == (EmailState.SENT, 1)


def test_a_run_moves_pending_to_sending_to_sent(smtp_server):  # type: ignore[no-untyped-def]
    mail = email()
    assert deliver_outbox(NOW).sent == 1
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.claimed_until) == (EmailState.SENT, 1, None)
    assert len(smtp_server.messages) == 1


def test_the_last_failed_attempt_moves_sending_to_failed_and_it_stays_failed(settings, smtp_server):  # type: ignore[no-untyped-def]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = s.getsockname()[1]  # nothing listens there
    mail = email(attempts=MAX_EMAIL_ATTEMPTS - 1)
    result = deliver_outbox(NOW)
    assert (result.sent, result.retried, result.failed) == (0, 0, 1)
    mail.refresh_from_db()
    assert (mail.state, mail.attempts, mail.claimed_until) == (EmailState.FAILED, MAX_EMAIL_ATTEMPTS, None)
    assert mail.last_error
    assert deliver_outbox(timezone.now() + dt.timedelta(days=365)).failed == 0  # never picked up again
    assert state(mail) == EmailState.FAILED
