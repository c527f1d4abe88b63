"""The one compare-and-set transition (common.transitions), on a machine built here over the e-mail outbox's
model and audited with the real audit.record: the allowed edge, a refused edge, a lost race, a guard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.audit.domain import record
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, DomainError, InvalidTransition
from phoihop.common.transitions import Audit, Machine, transition
from phoihop.notifications.enums import EMAIL_TRANSITIONS, EmailState
from phoihop.notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEASE = dt.datetime(2030, 1, 2, 8, 5, tzinfo=dt.UTC)


class LockSpy:
    """Stands for audit.domain.lock_chain: notes what the row looked like when the lock was taken."""

    def __init__(self) -> None:
        self.calls: list[tuple[bool, str]] = []

    def __call__(self) -> None:
        row = OutboundEmail.objects.values_list("state", flat=True).get()
        self.calls.append((connection.in_atomic_block, row))


def machine(lock: LockSpy, **kwargs) -> Machine[OutboundEmail, str]:  # type: ignore[no-untyped-def]
    return Machine(
        model=OutboundEmail,
        table=EMAIL_TRANSITIONS,
        label=lambda s: str(EmailState(s).label),
        refused="Không thể chuyển thư từ trạng thái “{old}” sang “{new}”.",
        lost_race="Thư vừa được người khác thay đổi. Hãy tải lại trang.",
        audit=Audit(lock=lock, record=record, action="transition"),
        **kwargs,
    )


def email(state: str = EmailState.PENDING) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to="a@example.vn",
        subject="Tiêu đề",
        body="Nội dung",
        dedupe_key="evt-1",
        state=state,
        next_attempt_at=timezone.now(),
    )


def row(pk: int) -> tuple[str, str, dt.datetime | None, int]:
    return OutboundEmail.objects.values_list("state", "subject", "claimed_until", "attempts").get(pk=pk)


def test_an_allowed_edge_writes_only_the_state_and_the_named_fields_then_the_audit_event():
    actor = UserFactory()
    lock = LockSpy()
    mail = email()
    # Another writer changes a field this transition does not name, after `mail` was read: it must survive.
    OutboundEmail.objects.filter(pk=mail.pk).update(subject="Tiêu đề đã sửa")
    with CaptureQueriesContext(connection) as queries:
        old = transition(
            machine(lock),
            mail,
            EmailState.SENDING,
            actor=actor,
            summary="Nhận gửi thư",
            data={"lần": 1},
            fields={"claimed_until": LEASE},
        )
    assert old == EmailState.PENDING
    assert row(mail.pk) == (EmailState.SENDING, "Tiêu đề đã sửa", LEASE, 0)
    assert (mail.state, mail.claimed_until) == (EmailState.SENDING, LEASE)
    [update] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    set_clause, where = update.split(" SET ", 1)[1].split(" WHERE ", 1)
    assert [part.split(" = ")[0].strip('"') for part in set_clause.split(", ")] == ["state", "claimed_until"]
    assert ".\"state\" = 'pending'" in where  # the compare-and-set
    # the chain's lock was taken inside the transaction, before the row moved
    assert lock.calls == [(True, EmailState.PENDING)]
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.target_type, event.target_id, event.summary, event.data) == (
        actor,
        "transition",
        "notifications.outboundemail",
        str(mail.pk),
        "Nhận gửi thư",
        {"from": "pending", "to": "sending", "lần": 1},
    )


def test_a_refused_edge_raises_the_vietnamese_message_and_changes_nothing(django_assert_num_queries):
    lock = LockSpy()
    mail = email(EmailState.SENT)
    with django_assert_num_queries(0), pytest.raises(InvalidTransition) as refused:
        transition(machine(lock), mail, EmailState.PENDING, summary="Gửi lại", fields={"attempts": 9})
    assert refused.value.message == "Không thể chuyển thư từ trạng thái “Đã gửi” sang “Chờ gửi”."
    assert (refused.value.code, refused.value.status) == ("invalid_transition", 409)
    assert row(mail.pk) == (EmailState.SENT, "Tiêu đề", None, 0)
    assert (mail.state, mail.attempts) == (EmailState.SENT, 0)
    assert lock.calls == []
    assert AuditEvent.objects.count() == 0


def test_a_lost_race_raises_and_changes_nothing():
    lock = LockSpy()
    mail = email()  # read while pending
    OutboundEmail.objects.filter(pk=mail.pk).update(state=EmailState.SENDING)  # another run claims it
    with transaction.atomic(), pytest.raises(Conflict) as lost:
        transition(
            machine(lock), mail, EmailState.SENDING, summary="Nhận gửi thư", fields={"claimed_until": LEASE}
        )
    assert lost.value.message == "Thư vừa được người khác thay đổi. Hãy tải lại trang."
    assert (lost.value.code, lost.value.status) == ("conflict", 409)
    assert row(mail.pk) == (EmailState.SENDING, "Tiêu đề", None, 0)
    assert (mail.state, mail.claimed_until) == (EmailState.PENDING, None)  # the object is not half-moved
    assert AuditEvent.objects.count() == 0


def test_a_guard_that_no_longer_holds_is_a_lost_race():
    mail = email()
    with pytest.raises(Conflict):
        transition(machine(LockSpy()), mail, EmailState.SENDING, guard=Q(attempts__gte=1))
    assert row(mail.pk) == (EmailState.PENDING, "Tiêu đề", None, 0)
    assert AuditEvent.objects.count() == 0


def test_a_machine_may_name_its_own_errors_and_code():
    mail = email(EmailState.FAILED)
    strict = machine(LockSpy(), refused_error=DomainError, lost_race_error=DomainError, code="already_done")
    with pytest.raises(DomainError) as refused:
        transition(strict, mail, EmailState.SENDING)
    assert type(refused.value) is DomainError
    assert (refused.value.code, refused.value.status) == ("already_done", 400)
    assert (
        refused.value.message == "Không thể chuyển thư từ trạng thái “Gửi không thành công” sang “Đang gửi”."
    )


def test_an_unaudited_machine_writes_no_event_and_takes_no_transaction(django_assert_num_queries):
    unaudited: Machine[OutboundEmail, str] = Machine(
        model=OutboundEmail,
        table=EMAIL_TRANSITIONS,
        label=str,
        refused="{old} → {new}",
        lost_race="lost",
    )
    mail = email()
    with django_assert_num_queries(1):  # the conditional UPDATE alone (no savepoint)
        transition(unaudited, mail, EmailState.SENDING)
    assert row(mail.pk)[0] == EmailState.SENDING
    assert AuditEvent.objects.count() == 0


def test_sources_are_the_states_with_an_edge_into_a_state():
    m = machine(LockSpy())
    assert m.sources(EmailState.SENDING) == {EmailState.PENDING, EmailState.SENDING}
    assert m.sources(EmailState.PENDING) == {EmailState.SENDING}
    assert m.sources(EmailState.SENDING) <= set(EMAIL_TRANSITIONS)
