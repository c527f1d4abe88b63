"""Who is told of each consultations event (issue 11, part 3): the people handling the item, exact sets.

Sending side: the request's drafter (ban_cv) and signer (ban_leader), never the Ban's clerk. Receiving side: the
copy's assignee, the body's leaders, and its clerks only for a paper copy — never a specialist who is not the
assignee. Each body has such a bystander here (ban_bystander, xa1_bystander, xa2_cv)."""

import datetime as dt

import pytest
import time_machine

from phoihop.accounts.enums import Role
from phoihop.consultations.domain import actions, assignment
from phoihop.consultations.enums import Position, RequestKind
from phoihop.consultations.models import AnswerDraft, Delivery
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import run_sweep
from tests.consultations.conftest import at
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = at("2025-01-23", 9)


NAMES: dict[str, str] = {}  # username -> persona name (tests/personas.py USERS, and this module's bystanders)


def told(kind: str) -> set[str]:
    return {NAMES[u] for u in Notification.objects.filter(kind=kind).values_list("user__username", flat=True)}


@pytest.fixture
def world(bodies):
    UserFactory(organization=bodies.ban, role=Role.SPECIALIST, username="ban_bystander")
    UserFactory(organization=bodies.xa1, role=Role.SPECIALIST, username="xa1_bystander")
    bodies.xa2_clerk = UserFactory(organization=bodies.xa2, role=Role.CLERK, username="xa2_clerk")
    NAMES.clear()
    NAMES.update({u.username: key for key, u in bodies.users.items()})
    NAMES.update({n: n for n in ("ban_bystander", "xa1_bystander", "xa2_clerk")})
    return bodies


def draft_request(b, regulation, paper=()):
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        return actions.create_request(
            b.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject="Xin ý kiến",
            recipients=[b.xa1, b.xa2],
            paper_recipients=[o.pk for o in paper],
        )


def sent(b, regulation, paper=()):
    req = draft_request(b, regulation, paper)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        actions.submit_for_approval(b.specialist, req)
        actions.approve_and_send(b.leader, req)
    return req


def copy(req, org):
    return Delivery.objects.select_related("request", "recipient").get(request=req, recipient=org)


def test_submitting_a_request_tells_the_senders_leaders_and_returning_it_tells_the_drafter(world, regulation):
    req = draft_request(world, regulation)
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        actions.submit_for_approval(world.specialist, req)
        assert told("request.pending_approval") == {"ban_leader"}
        actions.return_to_draft(world.leader, req, reason="Sửa trích yếu")
    assert told("request.returned") == {"ban_cv"}


def test_sending_tells_the_drafter_and_each_recipients_leaders_and_the_clerk_of_a_paper_copy(
    world, regulation
):
    sent(world, regulation, paper=[world.xa1])
    assert told("request.received") == {"ban_cv", "xa1_leader", "xa1_clerk", "xa2_leader"}


def test_assignment_and_answer_drafts_tell_the_assignee_the_leaders_and_the_drafter(world, regulation):
    req = sent(world, regulation)
    d = copy(req, world.xa1)
    with time_machine.travel(DAY, tick=False):
        assignment.assign(world.xa1_leader, d, world.xa1_cv)
        assert told("delivery.assigned") == {"xa1_cv"}
        assignment.save_draft(world.xa1_cv, d, position=Position.AGREE)
        draft = AnswerDraft.objects.select_related(
            "delivery__request", "delivery__recipient", "drafted_by"
        ).get()
        assignment.submit_draft(world.xa1_cv, draft)
        assert told("delivery.draft_pending") == {"xa1_leader"}
        assignment.return_draft(world.xa1_leader, draft, "Bổ sung")
        assert told("delivery.draft_returned") == {"xa1_cv"}
        assignment.submit_draft(world.xa1_cv, draft)
        assignment.approve_draft(world.xa1_leader, draft)
    assert told("delivery.draft_sent") == {"xa1_cv"}
    assert told("delivery.answered") == {"ban_cv", "ban_leader"}


def test_an_extension_tells_the_senders_drafter_and_signer(world, regulation):
    req = sent(world, regulation)
    with time_machine.travel(DAY, tick=False):
        actions.notify_extension(
            world.xa1_leader, copy(req, world.xa1), new_deadline=dt.date(2025, 2, 12), reason="Cần xác minh"
        )
    assert told("delivery.extension") == {"ban_cv", "ban_leader"}


def test_withdrawing_tells_the_handlers_of_the_copies_still_open(world, regulation):
    req = sent(world, regulation, paper=[world.xa2])
    with time_machine.travel(DAY, tick=False):
        d1 = copy(req, world.xa1)
        assignment.assign(world.xa1_leader, d1, world.xa1_cv)
        actions.withdraw_request(world.leader, req, reason="Điều chỉnh")
    # xa2's paper copy is not received yet: still open, and paper, so its clerk is told too
    assert told("request.withdrawn") == {"xa1_cv", "xa1_leader", "xa2_leader", "xa2_clerk"}


def test_a_meeting_an_escalation_and_a_ruling_tell_the_handlers_and_the_authority(world, regulation):
    req = sent(world, regulation)
    with time_machine.travel(DAY, tick=False):
        d1 = copy(req, world.xa1)
        assignment.assign(world.xa1_leader, d1, world.xa1_cv)
        d1.refresh_from_db()
        actions.answer(world.xa1_leader, d1, position=Position.DISAGREE, text="Không")
        actions.record_meeting(
            world.specialist, req, held_on=dt.date(2025, 1, 23), participants="A", outcome="B"
        )
        assert told("request.meeting") == {"xa1_cv", "xa1_leader", "xa2_leader"}
        escalation = actions.escalate(world.leader, req)
        handlers = {"ban_cv", "ban_leader", "xa1_cv", "xa1_leader", "xa2_leader", "btv_leader"}
        assert told("request.escalated") == handlers
        actions.record_ruling(world.btv_leader, escalation, ruling="Kết luận")
    assert told("request.ruled") == handlers


def test_deemed_consent_and_reminders_tell_the_assignee_the_leaders_and_the_paper_clerk(world, regulation):
    req = sent(world, regulation, paper=[world.xa2])
    with time_machine.travel(DAY, tick=False):
        assignment.assign(world.xa1_leader, copy(req, world.xa1), world.xa1_cv)
        actions.record_receipt(world.xa2_clerk, copy(req, world.xa2), dt.date(2025, 1, 22))
    run_sweep(at("2025-02-03", 8))
    assert told("delivery.reminder.before") == {"xa1_cv", "xa1_leader", "xa2_leader", "xa2_clerk"}
    run_sweep(at("2025-02-06", 0))
    assert told("delivery.deemed_consent") == {
        "ban_cv",
        "ban_leader",
        "xa1_cv",
        "xa1_leader",
        "xa2_leader",
        "xa2_clerk",
    }
