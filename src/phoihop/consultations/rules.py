"""Permission predicates for coordination requests, on the objects given: no queries of their own (at most
the read of a relation of a given object, such as a request's escalation)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import ObjectDoesNotExist

from phoihop.accounts.enums import DRAFTING_ROLES, Role
from phoihop.accounts.types import Viewer

if TYPE_CHECKING:
    from phoihop.accounts.types import Actor

    from .models import AnswerDraft, Attachment, CoordinationRequest, Delivery, Escalation

from .enums import ANSWERABLE_STATES, OPEN_DELIVERY_STATES, Channel, DeliveryState, DraftState, RequestState

ANSWERING_ROLES = {Role.SPECIALIST, Role.LEADER}
UNSENT_STATES = (RequestState.DRAFT, RequestState.PENDING_APPROVAL)


def _member(user: Viewer, organization_id: int | None) -> TypeGuard[Actor]:
    """A signed-in user of that organisation (True narrows `user` to an Actor for the type checker)."""
    return bool(user.is_authenticated and user.organization_id and user.organization_id == organization_id)


def can_draft(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.organization_id and user.role in DRAFTING_ROLES)


def is_sender_member(user: Viewer, request: CoordinationRequest) -> TypeGuard[Actor]:
    return _member(user, request.sender_id)


def can_approve(user: Viewer, request: CoordinationRequest) -> bool:
    """Only a leader of the sender approves, signs and sends (and withdraws, closes, escalates)."""
    return is_sender_member(user, request) and user.role == Role.LEADER


def may_edit_drafts_of(user: Viewer, request: CoordinationRequest) -> TypeGuard[Actor]:
    """A member of the sender who may draft: may open the edit page (whatever the state; the page then says
    when the request is no longer a draft). Anyone else gets 404."""
    return is_sender_member(user, request) and user.role in DRAFTING_ROLES


def can_edit_draft(user: Viewer, request: CoordinationRequest) -> bool:
    """Drafts (and drafts a leader returned) are editable until sent (issue 11, part 4)."""
    return may_edit_drafts_of(user, request) and request.state == RequestState.DRAFT


def is_recipient_member(user: Viewer, delivery: Delivery) -> TypeGuard[Actor]:
    return _member(user, delivery.recipient_id)


def can_answer(user: Viewer, delivery: Delivery) -> bool:
    """A leader of the recipient answers (and notifies an extension) directly, signing it himself; a clerk of
    either side records a paper answer. A specialist answers only through an answer draft a leader approves
    (issue 11: can_draft_answer)."""
    if is_recipient_member(user, delivery) and user.role == Role.LEADER:
        return True
    return can_record_paper(user, delivery)


# --- assignment and answer drafts inside the recipient (issue 11; domain/assignment.py) ---------------


def can_assign(user: Viewer, delivery: Delivery) -> bool:
    """A leader of the recipient assigns a copy; its clerk may too, on the leader's instruction."""
    return is_recipient_member(user, delivery) and user.role in (Role.LEADER, Role.CLERK)


def is_assignable(assignee: Viewer, delivery: Delivery) -> bool:
    """A copy is assigned to an active specialist of the recipient."""
    return bool(
        assignee.is_authenticated
        and assignee.is_active
        and assignee.organization_id == delivery.recipient_id
        and assignee.role == Role.SPECIALIST
    )


def can_draft_answer(user: Viewer, delivery: Delivery) -> bool:
    """The assignee or any specialist or leader of the recipient drafts, edits and submits the answer draft."""
    return is_recipient_member(user, delivery) and user.role in ANSWERING_ROLES


def can_decide_draft(user: Viewer, delivery: Delivery) -> bool:
    """A leader of the recipient approves and sends, or returns, an answer draft."""
    return is_recipient_member(user, delivery) and user.role == Role.LEADER


def sees_internal(user: Viewer, delivery: Delivery) -> bool:
    """The copy's assignee, internal date and answer draft are the recipient's own business: its members only,
    never the sender, the authority or another recipient."""
    return is_recipient_member(user, delivery)


def offers_assignment(user: Viewer, delivery: Delivery) -> bool:
    return delivery.state in OPEN_DELIVERY_STATES and can_assign(user, delivery)


def offers_drafting(user: Viewer, delivery: Delivery, draft: AnswerDraft | None) -> bool:
    """The page offers the answer draft's form: an answerable copy with no draft, or a draft being drafted or
    returned, to a specialist or leader of the recipient."""
    if delivery.state not in ANSWERABLE_STATES or not can_draft_answer(user, delivery):
        return False
    return draft is None or draft.state in (DraftState.DRAFTING, DraftState.RETURNED)


def offers_draft_decision(user: Viewer, delivery: Delivery, draft: AnswerDraft | None) -> bool:
    return (
        draft is not None
        and draft.state == DraftState.PENDING_APPROVAL
        and delivery.state in ANSWERABLE_STATES
        and can_decide_draft(user, delivery)
    )


def can_record_paper(user: Viewer, delivery: Delivery) -> bool:
    if delivery.channel != "paper" or not user.is_authenticated or user.role != Role.CLERK:
        return False
    return is_recipient_member(user, delivery) or _member(user, delivery.request.sender_id)


def can_rule(user: Viewer, escalation: Escalation) -> bool:
    return _member(user, escalation.authority_id) and user.role == Role.LEADER


def escalation_of(request: CoordinationRequest) -> Escalation | None:
    """The request's escalation, or None (a reverse one-to-one: reading it may cost one query)."""
    try:
        return request.escalation
    except ObjectDoesNotExist:
        return None


def sees_request(user: Viewer, request: CoordinationRequest, *, received: bool) -> bool:
    """The one-object form of queries.visible_to: the sender's members; a recipient's once the request was sent
    (`received`: the user's organisation has a copy of it); the authority it was escalated to and the body it
    went through on the way (sent or not). Outsiders see nothing. Reads the request's escalation (load it)."""
    if not user.is_authenticated or not user.organization_id:
        return False
    if is_sender_member(user, request) or (received and request.sent_at is not None):
        return True
    escalation = escalation_of(request)
    return escalation is not None and (
        _member(user, escalation.authority_id) or _member(user, escalation.via_id)
    )


def sees_copy(user: Viewer, delivery: Delivery) -> bool:
    """The one-object form of queries.own_deliveries: a copy of a request the user sees that is its own
    organisation's, or any copy for the sender's members and the authority (rules.sees_every_delivery). Reads the
    copy's request and the request's escalation (load them)."""
    own = is_recipient_member(user, delivery)
    request = delivery.request
    return sees_request(user, request, received=own) and (own or sees_every_delivery(user, request))


def sees_every_delivery(user: Viewer, request: CoordinationRequest) -> bool:
    """The sender's members and the authority a request was escalated to read every recipient's copy (answers,
    answer files, positions, audit events); anyone else reads its own organisation's copy only."""
    if is_sender_member(user, request):
        return True
    escalation = escalation_of(request)
    return escalation is not None and _member(user, escalation.authority_id)


def sees_delivery(user: Viewer, request: CoordinationRequest, delivery: Delivery) -> bool:
    """One copy of a request the user can see: its own organisation's, or any when it sees every copy."""
    return is_recipient_member(user, delivery) or sees_every_delivery(user, request)


def shown_deliveries(
    user: Viewer, request: CoordinationRequest, deliveries: Iterable[Delivery]
) -> list[Delivery]:
    """The copies of a visible request the user may read, from `deliveries` (the request's copies)."""
    deliveries = list(deliveries)
    if sees_every_delivery(user, request):
        return deliveries
    return [d for d in deliveries if is_recipient_member(user, d)]


def shown_attachments(attachments: Iterable[Attachment], shown: Iterable[Delivery]) -> list[Attachment]:
    """The request's own files and the answer files of the shown copies (never another recipient's)."""
    ids = {d.pk for d in shown}
    return [a for a in attachments if a.delivery_id is None or a.delivery_id in ids]


def can_download(user: Viewer, attachment: Attachment) -> bool:
    """A file of a request visible to the user: the request's own, or an answer file of a copy it may read."""
    if attachment.delivery_id is None:
        return True
    delivery = attachment.delivery
    return delivery is not None and sees_delivery(user, attachment.request, delivery)


def sees_send_ahead_warning(user: Viewer, request: CoordinationRequest) -> bool:
    """The send-ahead warning is for the sender's members, on a request not sent yet."""
    return is_sender_member(user, request) and request.state in UNSENT_STATES


def offers_answer(user: Viewer, delivery: Delivery) -> bool:
    """The page offers the answer form: a copy still to answer, to someone who may answer it."""
    return delivery.state in ANSWERABLE_STATES and can_answer(user, delivery)


def offers_extension(user: Viewer, delivery: Delivery) -> bool:
    """The page offers the extension notice: a received copy, to someone who may answer it."""
    return delivery.state == DeliveryState.RECEIVED and can_answer(user, delivery)


def offers_receipt(user: Viewer, request: CoordinationRequest, delivery: Delivery) -> bool:
    """The page offers registering a paper copy's receipt: a copy not received yet of a sent request, to a clerk
    of either side."""
    return (
        delivery.state == DeliveryState.SENT
        and request.state == RequestState.SENT
        and can_record_paper(user, delivery)
    )


# Who is told of a consultations event (issue 11): the people handling the item, not every user of both bodies.
# On the sender's side the request's drafter and its signer; on the recipient's side the copy's assignee, the
# body's leaders (who direct its handling and sign the answer) and, for a paper copy only, its clerks (văn thư),
# who register it and record the paper answer.


# The recipient's roles that handle an incoming copy until it has an assignee (assign it, follow its deadline):
# the leader, who directs its handling and signs the answer, and the clerk (văn thư), on the leader's
# instruction (can_assign).
RECEIVING_HANDLER_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.CLERK})


def each_once(users: Iterable[Actor]) -> list[Actor]:
    """These users, each once, in their first order."""
    seen: dict[int, Actor] = {}
    for user in users:
        seen.setdefault(user.pk, user)
    return list(seen.values())


def leaders_among(users: Iterable[Actor]) -> list[Actor]:
    """The leaders among these users (of one body)."""
    return [u for u in users if u.role == Role.LEADER]


def sending_handlers(request: CoordinationRequest, sender_users: Iterable[Actor]) -> list[Actor]:
    """The request's drafter and signer among the sender's users; every one of them when neither is (the
    drafter moved), so that someone is always told."""
    users = list(sender_users)
    drafters = {request.created_by_id, request.approved_by_id}
    return [u for u in users if u.pk in drafters] or users


def receiving_handlers(delivery: Delivery, recipient_users: Iterable[Actor]) -> list[Actor]:
    """The copy's assignee, the body's leaders and (a paper copy) its clerks among the recipient's users; every
    one of them when none is (a body of specialists only)."""
    users = list(recipient_users)
    paper = delivery.channel == Channel.PAPER
    chosen = [
        u
        for u in users
        if u.pk == delivery.assignee_id or u.role == Role.LEADER or (paper and u.role == Role.CLERK)
    ]
    return chosen or users


def handlers_of(
    delivery: Delivery, sender_users: Iterable[Actor], recipient_users: Iterable[Actor]
) -> list[Actor]:
    """Who is told of a copy's events (its reminders, deemed consent, overdue flag, answer), among the active
    users of the two bodies given (no query): sending_handlers, then receiving_handlers, each user once. An
    empty side (a reminder is the recipient's) adds no one."""
    return each_once(
        [
            *sending_handlers(delivery.request, sender_users),
            *receiving_handlers(delivery, recipient_users),
        ]
    )
