"""Real concurrency on PostgreSQL: threads with their own connections race on the same delivery."""

import pytest
import time_machine

from phoihop.accounts.enums import Role
from phoihop.accounts.queries import users_of
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import Conflict, DomainError
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, Position, RequestKind
from phoihop.consultations.models import Delivery
from phoihop.notifications.domain import deliver_outbox
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import Bodies, at, make_regulation
from tests.races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _sent(bodies, regulation):
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến",
            recipients=[bodies.xa1, bodies.xa2],
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    return req


@pytest.mark.parametrize("attempt", range(5))
def test_answer_racing_the_deemed_consent_sweep_gives_one_outcome(attempt):
    bodies = Bodies()
    req = _sent(bodies, make_regulation())
    target = Delivery.objects.select_related("request", "recipient").get(request=req, recipient=bodies.xa1)

    def answer():
        d = Delivery.objects.select_related("request", "recipient").get(pk=target.pk)
        actions.answer(bodies.xa1_leader, d, position=Position.AGREE, now=at("2025-02-05", 23, 59))
        return "answered"

    def sweep():
        return run_sweep(at("2025-02-06", 0, 0))["consultations.deadlines"]["deemed_consent"]

    answer_result, sweep_result = race(answer, sweep)
    target.refresh_from_db()
    if target.state == DeliveryState.ANSWERED:
        assert answer_result == "answered"
        assert sweep_result == 1  # only xa2 was deemed
    else:
        assert target.state == DeliveryState.DEEMED_CONSENT
        assert isinstance(answer_result, Conflict | DomainError)
        assert sweep_result == 2
    events = AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(target.pk))
    assert [e.data["to"] for e in events.order_by("id")] == ["received", target.state]


def test_two_sweeps_at_once_give_one_outcome_and_one_email_each(smtp_server):
    bodies = Bodies()
    req = _sent(bodies, make_regulation())
    deliver_outbox()  # the "request received" mails
    smtp_server.messages.clear()
    first, second = race(lambda: run_sweep(at("2025-02-06", 7)), lambda: run_sweep(at("2025-02-06", 7)))
    deemed = (
        first["consultations.deadlines"]["deemed_consent"]
        + second["consultations.deadlines"]["deemed_consent"]
    )
    assert deemed == 2
    assert set(Delivery.objects.filter(request=req).values_list("state", flat=True)) == {
        DeliveryState.DEEMED_CONSENT
    }
    deliver_outbox()
    recipients = sorted(m["To"] for m in smtp_server.messages)

    # each deemed consent notifies its handlers (consultations.rules.handlers_of) with an address, once: the
    # request's drafter and signer, and that recipient's leader and clerk (xa2's leader has no address, nor
    # has either clerk; the recipients' specialists are not handlers)
    def emails(*users):
        return [u.email for u in users if u.email]

    sender = emails(bodies.specialist, bodies.leader)
    assert sender == ["cv@bnc.vn", "ld@bnc.vn"]
    assert recipients == sorted(sender + ["ld@xa1.vn"] + sender)
    assert not set(recipients) & set(emails(*users_of([bodies.xa1, bodies.xa2], [Role.SPECIALIST])))
