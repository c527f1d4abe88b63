"""User actions on coordination requests (typed functions; each state change through transitions.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import end_of_day, is_past_deadline, local_date
from phoihop.common.errors import DomainError, NotAllowed, PolicyViolation
from phoihop.notifications.domain import notify
from phoihop.organizations.models import Organization
from phoihop.regulations.enums import AnswerPeriod, DisagreementRoute, PartyRole, StatedPeriod
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from .. import rules
from ..enums import (
    ANSWERABLE_STATES,
    LIVE_DRAFT_STATES,
    OPEN_DELIVERY_STATES,
    Channel,
    DeliveryState,
    DraftKind,
    DraftState,
    EscalationState,
    Position,
    RequestKind,
    RequestState,
)
from ..models import AnswerDraft, CoordinationRequest, Delivery, DocumentRegister, Escalation, Meeting
from .deadlines import compute_deadline
from .files import store_files, validate_files
from .personnel import check_personnel
from .policy import (
    ExtensionPolicy,
    KindPolicy,
    asking_refusal,
    dissolved_refusal,
    find_authority,
    find_lead,
    kind_policy,
)
from .transitions import ESCALATIONS, rule_escalation, set_delivery_state, set_draft_state, set_request_state

DOCUMENT_SUFFIX = "CV"  # công văn
ESCALATION_SUFFIX = "BC"  # báo cáo


# --- who is told (issue 11: the handlers of the item, rules.sending_handlers / receiving_handlers) ----------


def _users_by_body(*orgs: Organization) -> dict[int, list[Actor]]:
    """The active users of these bodies by body (one query)."""
    by_body: dict[int, list[Actor]] = {o.pk: [] for o in orgs}
    for user in users_of(list({o.pk: o for o in orgs}.values())):
        by_body.setdefault(user.organization_id or 0, []).append(user)
    return by_body


def _told(
    request: CoordinationRequest,
    deliveries: Iterable[Delivery] = (),
    *,
    sender: bool = True,
    others: Iterable[Organization] = (),
) -> list[Actor]:
    """The handlers of an event (one query): the request's drafter and signer (`sender`), each copy's assignee,
    leaders and paper clerks (`deliveries`, with their recipient loaded), and the leaders of `others` (the
    authority, the body the matter goes through)."""
    deliveries = list(deliveries)
    others = list(others)
    orgs = [*([request.sender] if sender else []), *[d.recipient for d in deliveries], *others]
    if not orgs:
        return []
    by_body = _users_by_body(*orgs)
    told: list[Actor] = []
    if sender:
        told += rules.sending_handlers(request, by_body[request.sender_id])
    for d in deliveries:
        told += rules.receiving_handlers(d, by_body[d.recipient_id])
    for org in others:
        told += rules.leaders_among(by_body[org.pk]) or by_body[org.pk]
    return rules.each_once(told)


def drop_live_drafts(
    actor: Actor | None,
    deliveries: Iterable[Delivery],
    *,
    why: str,
    kinds: Iterable[str] = tuple(DraftKind.values),
) -> int:
    """The live answer drafts of these copies become "dropped", each through set_draft_state with its audit event
    (the copy was withdrawn or answered directly; the sweep drops them with one UPDATE a chunk instead). Inside
    the caller's transaction; one query when there are none."""
    ids = [d.pk for d in deliveries]
    if not ids:
        return 0
    dropped = 0
    live = AnswerDraft.objects.filter(delivery_id__in=ids, state__in=LIVE_DRAFT_STATES, kind__in=list(kinds))
    for draft in live:
        set_draft_state(
            draft,
            DraftState.DROPPED,
            actor=actor,
            summary=f"Dự thảo trả lời không còn hiệu lực: {why}",
            data={"internal": True},
        )
        dropped += 1
    return dropped


# --- drafting --------------------------------------------------------------------------------------


def _regulation_name(regulation: Any) -> str:
    return str(regulation.number or regulation.short_title or regulation.title)


def governing_policy(regulation: Any, kind: str) -> KindPolicy:
    """The rule of this regulation for this request kind, or a refusal naming the kinds it governs."""
    policy = kind_policy(regulation, kind)
    if policy is None:
        governed = [str(RequestKind(r.kind).label).lower() for r in regulation.request_kind_rules.all()]
        label = RequestKind(kind).label if kind in RequestKind.values else kind
        raise PolicyViolation(
            f"{_regulation_name(regulation)} không quy định loại đề nghị “{label}”"
            + (f"; văn bản này quy định: {', '.join(governed)}." if governed else "."),
            field="kind",
            code="kind_not_governed",
        )
    return policy


def check_stated_period(
    policy: KindPolicy,
    stated_deadline: dt.date | None,
    stated_working_days: int | None,
    today: dt.date,
    calendar: WorkCalendar,
) -> None:
    """A period stated in the request must be one the regulation lets the request set (refused, with the
    article, otherwise). Checked when drafting and again when the leader signs (receipt is then today)."""
    ref = policy.article
    if stated_deadline is not None and stated_working_days is not None:
        raise DomainError(
            "Chỉ nêu thời hạn theo một cách: một ngày cụ thể hoặc một số ngày làm việc.",
            field="stated_deadline",
        )
    stated = stated_deadline is not None or stated_working_days is not None
    if not policy.expects_answer:
        if stated:
            raise PolicyViolation(
                f"Loại đề nghị này không cần trả lời nên không nêu thời hạn — {ref}.", field="stated_deadline"
            )
        return
    days = policy.working_days or 0
    if policy.answer_period == AnswerPeriod.WORKING_DAYS:
        if policy.stated_period == StatedPeriod.NONE and stated:
            raise PolicyViolation(
                f"Thời hạn trả lời là {days:02d} ngày làm việc kể từ ngày nhận; văn bản đề nghị không được tự nêu "
                f"thời hạn khác — {ref}.",
                field="stated_deadline",
                code="stated_period_not_allowed",
            )
        if policy.stated_period == StatedPeriod.NEEDED_BY and stated_working_days is not None:
            raise PolicyViolation(
                f"Thời hạn trả lời là {days:02d} ngày làm việc kể từ ngày nhận; văn bản chỉ nêu ngày cần có ý "
                f"kiến — {ref}.",
                field="stated_working_days",
                code="stated_period_not_allowed",
            )
    if stated_working_days is not None and stated_working_days < 1:
        raise DomainError("Số ngày làm việc phải từ 01 trở lên.", field="stated_working_days")
    if stated_deadline is not None and stated_deadline <= today:
        raise DomainError(
            f"Thời hạn nêu trong văn bản ({stated_deadline:%d/%m/%Y}) phải sau hôm nay ({today:%d/%m/%Y}).",
            field="stated_deadline",
        )
    if policy.answer_period == AnswerPeriod.STATED:
        if not stated:
            raise PolicyViolation(
                f"Văn bản không quy định thời hạn trả lời loại đề nghị này: hãy nêu thời hạn trả lời — {ref}.",
                field="stated_deadline",
                code="stated_period_required",
            )
        return
    if policy.stated_period == StatedPeriod.NOT_EARLIER:
        earliest = calendar.add_working_days(today, days)
        if (stated_working_days is not None and stated_working_days < days) or (
            stated_deadline is not None and stated_deadline < earliest
        ):
            raise PolicyViolation(
                f"Thời hạn theo văn bản đề nghị không được sớm hơn {days:02d} ngày làm việc kể từ ngày nhận; gửi "
                f"hôm nay thì hạn sớm nhất là ngày {earliest:%d/%m/%Y} — {ref}.",
                field="stated_deadline",
                code="stated_period_too_short",
            )


def send_ahead_warning(
    request: CoordinationRequest, today: dt.date, calendar: WorkCalendar | None = None
) -> str:
    """A Reading of 000 Art. 5.1: a request that needs the opinion by a date is sent at least N working days
    before it; the sender is warned (not refused) when fewer remain."""
    policy = kind_policy(request.regulation, request.kind)
    if policy is None or policy.stated_period != StatedPeriod.NEEDED_BY or request.stated_deadline is None:
        return ""
    ahead = policy.send_ahead_working_days or 0
    calendar = calendar or current_calendar()  # read only for a request that needs it (lists of drafts)
    try:
        latest = calendar.add_working_days(request.stated_deadline, -ahead)
        remaining = (
            calendar.working_days_between(today, request.stated_deadline)
            if today < request.stated_deadline
            else 0
        )
    except ValueError:
        return ""
    if today <= latest:
        return ""
    return (
        f"Cách hiểu của hệ thống ({policy.article}): văn bản cần gửi trước ngày cần có ý kiến "
        f"({request.stated_deadline:%d/%m/%Y}) ít nhất {ahead:02d} ngày làm việc, tức chậm nhất ngày "
        f"{latest:%d/%m/%Y}; từ hôm nay ({today:%d/%m/%Y}) chỉ còn {remaining:02d} ngày làm việc. Cơ quan được "
        f"đề nghị vẫn có {policy.working_days or 0:02d} ngày làm việc kể từ ngày nhận để trả lời."
    )


def check_parties(
    regulation: Any, sender: Organization, recipients: Iterable[Organization], today: dt.date
) -> None:
    """Who may ask whom under this regulation, and no new work for a dissolved body."""
    refusal = dissolved_refusal(sender, today)
    if refusal:
        raise PolicyViolation(refusal, field="sender", code="dissolved")
    for org in recipients:
        refusal = dissolved_refusal(org, today)
        if refusal:
            raise PolicyViolation(refusal, field="recipients", code="dissolved")
    for org in recipients:
        refusal = asking_refusal(regulation, sender, org)
        if refusal:
            raise PolicyViolation(refusal, field="recipients", code="not_a_party")


def check_draft(
    sender: Organization,
    *,
    regulation: Any,
    kind: RequestKind,
    subject: str,
    recipients: Sequence[Organization],
    stated_deadline: dt.date | None,
    stated_working_days: int | None,
    files: Sequence[UploadedFile],
    today: dt.date,
) -> dict[int, Organization]:
    """What a draft must satisfy, created (create_request) or edited (editing.update_draft): a subject, at least
    one recipient other than the sender, a regulation that applies to the sender and lets it ask each recipient,
    a stated period the kind allows, acceptable files. Returns the recipients by id (each once)."""
    if not subject.strip():
        raise DomainError("Hãy nhập trích yếu văn bản.", field="subject")
    unique = {org.pk: org for org in recipients}
    if not unique:
        raise DomainError("Hãy chọn ít nhất một cơ quan được đề nghị.", field="recipients")
    if sender.pk in unique:
        raise DomainError("Cơ quan đề nghị không thể tự gửi cho chính mình.", field="recipients")
    if regulation.role_of(sender.kind, sender.level) is None:
        raise PolicyViolation(
            f"{_regulation_name(regulation)} không áp dụng cho {sender.name}.", field="regulation"
        )
    check_parties(regulation, sender, unique.values(), today)
    policy = governing_policy(regulation, kind)
    check_stated_period(policy, stated_deadline, stated_working_days, today, current_calendar())
    validate_files(files)
    return unique


def personnel_fields(
    regulation: Any,
    sender: Organization,
    recipients: Sequence[Organization],
    kind: str,
    official: Any,
    procedure: str,
    article: str,
    viewer: Any = None,
) -> dict[str, Any]:
    """The personnel fields a request stores: checked against the regulation's personnel directions for the kind
    "personnel" (domain/personnel.py), empty for every other kind."""
    if kind != RequestKind.PERSONNEL:
        return {"official": None, "personnel_procedure": "", "personnel_article": ""}
    choice = check_personnel(
        regulation, sender, recipients, official=official, procedure=procedure, article=article, viewer=viewer
    )
    return {
        "official": choice.official,
        "personnel_procedure": choice.procedure,
        "personnel_article": choice.article,
    }


def create_request(
    actor: Actor,
    *,
    regulation: Any,
    kind: RequestKind,
    subject: str,
    body: str = "",
    recipients: Sequence[Organization],
    stated_deadline: dt.date | None = None,
    stated_working_days: int | None = None,
    paper_recipients: Iterable[int] = (),
    files: Sequence[UploadedFile] = (),
    official: Any = None,
    personnel_procedure: str = "",
    personnel_article: str = "",
    now: dt.datetime | None = None,
) -> CoordinationRequest:
    if not rules.can_draft(actor):
        raise NotAllowed("Chỉ cán bộ của cơ quan đề nghị mới được soạn văn bản đề nghị.")
    sender = actor.organization
    if sender is None:  # can_draft asks for an organisation already
        raise NotAllowed("Chỉ cán bộ của cơ quan đề nghị mới được soạn văn bản đề nghị.")
    unique = check_draft(
        sender,
        regulation=regulation,
        kind=kind,
        subject=subject,
        recipients=recipients,
        stated_deadline=stated_deadline,
        stated_working_days=stated_working_days,
        files=files,
        today=local_date(now or timezone.now()),
    )
    personnel = personnel_fields(
        regulation,
        sender,
        list(unique.values()),
        kind,
        official,
        personnel_procedure,
        personnel_article,
        viewer=actor,
    )
    paper = set(paper_recipients)
    with transaction.atomic():
        request = CoordinationRequest.objects.create(
            regulation=regulation,
            sender=sender,
            kind=kind,
            subject=subject.strip(),
            body=body,
            stated_deadline=stated_deadline,
            stated_working_days=stated_working_days,
            created_by=actor,
            **personnel,
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    request=request,
                    recipient=org,
                    channel=Channel.PAPER if org.pk in paper else Channel.ELECTRONIC,
                )
                for org in unique.values()
            ]
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=request,
            summary=f"Soạn dự thảo: {request.subject}",
            data={"recipients": sorted(unique)},
        )
        store_files(actor, request, files)
    return request


def submit_for_approval(actor: Actor, request: CoordinationRequest) -> None:
    if not rules.is_sender_member(actor, request):
        raise NotAllowed("Chỉ cán bộ của cơ quan đề nghị mới được trình văn bản.")
    set_request_state(request, RequestState.PENDING_APPROVAL, actor=actor, summary="Trình lãnh đạo duyệt")
    notify(
        users_of([request.sender], roles=[Role.LEADER]),
        kind="request.pending_approval",
        title=f"Văn bản chờ duyệt: {request.subject}",
        url=request.get_absolute_url(),
        dedupe_key=f"request:{request.pk}:pending:{timezone.now().timestamp()}",
        email=False,
    )


def return_to_draft(actor: Actor, request: CoordinationRequest, reason: str = "") -> None:
    if not rules.can_approve(actor, request):
        raise NotAllowed("Chỉ lãnh đạo cơ quan đề nghị mới được trả lại dự thảo.")
    with transaction.atomic():
        set_request_state(
            request, RequestState.DRAFT, actor=actor, summary="Trả lại dự thảo", data={"reason": reason}
        )
        notify(
            [request.created_by],
            kind="request.returned",
            title=f"Lãnh đạo trả lại dự thảo: {request.subject}",
            body=reason,
            url=request.get_absolute_url(),
            dedupe_key=f"request:{request.pk}:returned:{timezone.now().timestamp()}",
        )


def _next_number(sender: Organization, year: int) -> int:
    register, _ = DocumentRegister.objects.get_or_create(organization=sender, year=year)
    DocumentRegister.objects.filter(pk=register.pk).update(last_number=F("last_number") + 1)
    register.refresh_from_db(fields=["last_number"])
    return register.last_number


def approve_and_send(actor: Actor, request: CoordinationRequest, now: dt.datetime | None = None) -> None:
    """A leader of the sender signs: the request gets its number and every delivery is sent."""
    if not rules.can_approve(actor, request):
        raise NotAllowed("Chỉ lãnh đạo cơ quan đề nghị mới được ký, gửi văn bản.")
    now = now or timezone.now()
    today = local_date(now)
    calendar = current_calendar()
    policy = governing_policy(request.regulation, request.kind)
    # the rules are checked again on the day of signing: a body may have been dissolved since the draft,
    # and a stated period is measured from today's receipt
    check_parties(request.regulation, request.sender, [d.recipient for d in request.deliveries.all()], today)
    check_stated_period(policy, request.stated_deadline, request.stated_working_days, today, calendar)
    with transaction.atomic():
        number = _next_number(request.sender, today.year)
        document_number = f"{number}-{DOCUMENT_SUFFIX}/{request.sender.abbreviation}"
        set_request_state(
            request,
            RequestState.SENT,
            actor=actor,
            summary=f"Ký, gửi văn bản số {document_number}",
            approved_by=actor,
            sent_at=now,
            register_year=today.year,
            register_number=number,
            document_number=document_number,
        )
        for delivery in request.deliveries.select_related("recipient"):
            if delivery.channel == Channel.ELECTRONIC:
                _receive(delivery, request, today, "", actor=actor, calendar=calendar, policy=policy)
        # the drafter, and each recipient's handlers (its leaders; its clerks for a paper copy)
        told = _told(request, request.deliveries.select_related("recipient"), sender=False)
        notify(
            _with(told, request.created_by),
            kind="request.received",
            title=f"{request.sender.abbreviation} gửi văn bản {document_number}: {request.subject}",
            url=request.get_absolute_url(),
            dedupe_key=f"request:{request.pk}:sent",
        )


def _with(users: list[Actor], user: Actor) -> list[Actor]:
    return users if any(u.pk == user.pk for u in users) else [user, *users]


def _receive(
    delivery: Delivery,
    request: CoordinationRequest,
    received_on: dt.date,
    incoming_number: str,
    *,
    actor: Actor,
    calendar: Any = None,
    policy: Any = None,
) -> None:
    fields: dict[str, Any] = {"received_on": received_on, "incoming_number": incoming_number}
    summary = f"Nhận văn bản ngày {received_on:%d/%m/%Y}"
    policy = policy or kind_policy(request.regulation, request.kind)
    deadline = (
        compute_deadline(
            calendar or current_calendar(),
            policy,
            received_on,
            request.stated_deadline,
            request.stated_working_days,
        )
        if policy is not None
        else None
    )
    if deadline is not None:
        fields.update(
            deadline=deadline.date, original_deadline=deadline.date, deadline_explanation=deadline.explanation
        )
        summary += f"; hạn trả lời {deadline.date:%d/%m/%Y}"
    set_delivery_state(delivery, DeliveryState.RECEIVED, actor=actor, summary=summary, **fields)


def record_receipt(actor: Actor, delivery: Delivery, received_on: dt.date, incoming_number: str = "") -> None:
    """A clerk records when a paper request was received (and its incoming register number)."""
    request = delivery.request
    if not rules.can_record_paper(actor, delivery):
        raise NotAllowed("Chỉ văn thư của cơ quan gửi hoặc cơ quan nhận mới được vào sổ văn bản giấy.")
    if delivery.channel != Channel.PAPER:
        raise DomainError("Văn bản điện tử được coi là nhận ngay khi gửi; không cần vào sổ ngày nhận.")
    if request.state != RequestState.SENT or request.sent_at is None:
        raise DomainError("Văn bản chưa được lãnh đạo ký, gửi; chưa thể vào sổ ngày nhận.", code="not_sent")
    if request.sent_at and received_on < local_date(request.sent_at):
        raise DomainError("Ngày nhận không thể trước ngày gửi văn bản.", field="received_on")
    if received_on > local_date(timezone.now()):
        raise DomainError("Ngày nhận không thể ở tương lai.", field="received_on")
    _receive(delivery, request, received_on, incoming_number.strip(), actor=actor)


# --- answering -------------------------------------------------------------------------------------


def _answer_refusal(actor: Actor, delivery: Delivery, what: str) -> str:
    """Why `actor` may not answer directly: a specialist of the recipient drafts it for a leader to sign."""
    if rules.can_draft_answer(actor, delivery):
        return "Chuyên viên soạn dự thảo trả lời để lãnh đạo duyệt, ký; không gửi trả lời trực tiếp."
    return f"Chỉ cơ quan được đề nghị mới được {what}."


def answer(
    actor: Actor,
    delivery: Delivery,
    *,
    position: Position,
    text: str = "",
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> None:
    """The recipient answers (or a clerk records a paper answer on its behalf)."""
    now = now or timezone.now()
    request = delivery.request
    if not rules.can_answer(actor, delivery):
        raise NotAllowed(_answer_refusal(actor, delivery, "trả lời"))
    policy = kind_policy(request.regulation, request.kind)
    if policy is None or not policy.expects_answer:
        raise DomainError("Thông báo không cần trả lời.")
    if delivery.state not in ANSWERABLE_STATES:
        raise DomainError(
            f"Không thể trả lời: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            code="not_answerable",
        )
    if position not in Position.values:
        raise DomainError("Hãy chọn ý kiến: đồng ý, đồng ý có ý kiến, hoặc không đồng ý.", field="position")
    if position != Position.AGREE and not text.strip():
        raise DomainError("Hãy ghi rõ nội dung ý kiến.", field="text")
    late = bool(delivery.deadline and is_past_deadline(delivery.deadline, now))
    if late and policy.deemed_consent:
        raise PolicyViolation(
            f"Đã quá hạn trả lời ({delivery.deadline:%d/%m/%Y}); quá hạn coi như đồng ý — "
            f"{policy.deemed_consent_article}.",
            code="past_deadline",
        )
    validate_files(files)
    with transaction.atomic():
        set_delivery_state(
            delivery,
            DeliveryState.ANSWERED,
            actor=actor,
            summary=f"Trả lời{' quá hạn' if late else ''}: {Position(position).label}",
            position=position,
            answer_text=text.strip(),
            answered_at=now,
            answered_by=actor,
        )
        store_files(actor, request, files, delivery=delivery)
        drop_live_drafts(actor, [delivery], why="nơi nhận đã trả lời")  # none when sent through a draft
        notify(
            _told(request),
            kind="delivery.answered",
            title=f"{delivery.recipient.name} đã trả lời văn bản {request.document_number}: {Position(position).label}",
            url=request.get_absolute_url(),
            dedupe_key=f"delivery:{delivery.pk}:answered",
        )


def notify_extension(
    actor: Actor,
    delivery: Delivery,
    *,
    new_deadline: dt.date,
    reason: str,
    now: dt.datetime | None = None,
) -> None:
    """The recipient notifies in writing that it needs more time, within the regulation's policy."""
    now = now or timezone.now()
    request = delivery.request
    if not rules.can_answer(actor, delivery):
        raise NotAllowed(_answer_refusal(actor, delivery, "báo gia hạn"))
    if delivery.state != DeliveryState.RECEIVED or delivery.deadline is None:
        raise DomainError(
            f"Không thể báo gia hạn: nơi nhận này đang ở trạng thái “{DeliveryState(delivery.state).label}”.",
            code="not_extendable",
        )
    if not reason.strip():
        raise DomainError("Hãy nêu lý do cần thêm thời gian.", field="reason")
    rule = kind_policy(request.regulation, request.kind)
    policy = rule.extension_policy if rule is not None else None
    if policy is None or policy.extension_policy == ExtensionPolicy.NONE:
        raise PolicyViolation(
            "Quy chế không quy định việc gia hạn với loại đề nghị này"
            + (f" — {rule.article}." if rule is not None and rule.article else "."),
            code="no_extension",
        )
    today = local_date(now)
    calendar = current_calendar()
    ref = policy.extension_article
    if is_past_deadline(delivery.deadline, now):
        raise PolicyViolation(
            f"Đã quá hạn trả lời ({delivery.deadline:%d/%m/%Y}); thông báo gia hạn phải gửi trước khi hết hạn — {ref}.",
            code="past_deadline",
        )
    if new_deadline <= delivery.deadline:
        raise DomainError(
            f"Hạn mới phải sau hạn hiện tại ({delivery.deadline:%d/%m/%Y}).", field="new_deadline"
        )
    if policy.extension_policy == ExtensionPolicy.NOTICE_LEAD_WORKING_DAYS:
        lead = policy.extension_lead_working_days or 0
        latest = calendar.add_working_days(delivery.deadline, -lead)
        if today > latest:
            raise PolicyViolation(
                f"Phải báo gia hạn chậm nhất {lead:02d} ngày làm việc trước hạn, tức ngày {latest:%d/%m/%Y} — {ref}.",
                code="extension_too_late",
            )
    if policy.extension_policy == ExtensionPolicy.TOTAL_CAP_WORKING_DAYS:
        cap = policy.extension_cap_working_days or 0
        assert delivery.received_on is not None
        limit = calendar.add_working_days(delivery.received_on, cap)
        if new_deadline > limit:
            raise PolicyViolation(
                f"Tổng thời gian không quá {cap:02d} ngày làm việc kể từ ngày nhận, tức hạn muộn nhất "
                f"{limit:%d/%m/%Y} — {ref}.",
                code="extension_over_cap",
            )
    with transaction.atomic():
        set_delivery_state(
            delivery,
            DeliveryState.EXTENSION_NOTIFIED,
            actor=actor,
            summary=f"Báo gia hạn đến {new_deadline:%d/%m/%Y}: {reason.strip()}",
            data={"old_deadline": delivery.deadline.isoformat(), "new_deadline": new_deadline.isoformat()},
            deadline=new_deadline,
            extension_reason=reason.strip(),
            extension_notified_at=now,
            deadline_explanation=(
                f"{delivery.deadline_explanation}\nGia hạn đến {new_deadline:%d/%m/%Y} theo thông báo của "
                f"{delivery.recipient.name} ngày {today:%d/%m/%Y}: {reason.strip()} — {ref}"
            ),
            reminded_before_on=None,
            reminded_due_on=None,
        )
        drop_live_drafts(actor, [delivery], why="đã báo gia hạn", kinds=[DraftKind.EXTENSION])
        notify(
            _told(request),
            kind="delivery.extension",
            title=f"{delivery.recipient.name} báo gia hạn trả lời văn bản {request.document_number} đến {new_deadline:%d/%m/%Y}",
            url=request.get_absolute_url(),
            dedupe_key=f"delivery:{delivery.pk}:extension",
        )


# --- closing, withdrawing --------------------------------------------------------------------------


def withdraw_request(actor: Actor, request: CoordinationRequest, reason: str = "") -> None:
    if not rules.can_approve(actor, request) and not (
        request.state == RequestState.DRAFT and rules.is_sender_member(actor, request)
    ):
        raise NotAllowed("Chỉ lãnh đạo cơ quan đề nghị mới được thu hồi văn bản.")
    with transaction.atomic():
        set_request_state(
            request, RequestState.WITHDRAWN, actor=actor, summary="Thu hồi văn bản", data={"reason": reason}
        )
        open_copies = list(
            request.deliveries.filter(state__in=OPEN_DELIVERY_STATES).select_related("recipient")
        )
        for delivery in open_copies:
            set_delivery_state(delivery, DeliveryState.WITHDRAWN, actor=actor, summary="Văn bản bị thu hồi")
        drop_live_drafts(actor, open_copies, why="văn bản bị thu hồi")
        if request.sent_at:
            # the handlers of the copies that were still open (an answered copy has nothing left to do)
            notify(
                _told(request, open_copies, sender=False),
                kind="request.withdrawn",
                title=f"Văn bản {request.document_number} đã bị thu hồi",
                body=f"Lý do thu hồi: {reason}" if reason else "",
                url=request.get_absolute_url(),
                dedupe_key=f"request:{request.pk}:withdrawn",
            )


def close_request(actor: Actor, request: CoordinationRequest, now: dt.datetime | None = None) -> None:
    if not rules.can_approve(actor, request):
        raise NotAllowed("Chỉ lãnh đạo cơ quan đề nghị mới được kết thúc văn bản.")
    set_request_state(
        request, RequestState.CLOSED, actor=actor, summary="Kết thúc", closed_at=now or timezone.now()
    )


# --- disagreement: meeting, escalation, ruling -------------------------------------------------------


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def positions_of(request: CoordinationRequest) -> list[dict[str, Any]]:
    return [
        {
            "recipient": d.recipient.name,
            "recipient_id": d.recipient_id,
            "state": d.state,
            "state_label": str(DeliveryState(d.state).label),
            "position": d.position,
            "position_label": str(Position(d.position).label) if d.position else "",
            "text": d.answer_text,
            "at": _iso(d.answered_at or d.deemed_at),
        }
        for d in request.deliveries.select_related("recipient").order_by("id")
    ]


def record_meeting(
    actor: Actor, request: CoordinationRequest, *, held_on: dt.date, participants: str, outcome: str
) -> Meeting:
    if not rules.is_sender_member(actor, request):
        raise NotAllowed("Chỉ cơ quan đề nghị mới ghi nhận cuộc họp lãnh đạo.")
    if request.state != RequestState.SENT:
        raise DomainError("Chỉ ghi nhận cuộc họp cho văn bản đã gửi.")
    if not participants.strip() or not outcome.strip():
        raise DomainError("Hãy ghi thành phần và kết quả cuộc họp.")
    today = local_date(timezone.now())
    if held_on > today:
        raise DomainError(
            f"Ngày họp ({held_on:%d/%m/%Y}) không thể sau hôm nay ({today:%d/%m/%Y}): chỉ ghi nhận cuộc họp đã diễn ra.",
            field="held_on",
            code="meeting_in_future",
        )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            request=request,
            held_on=held_on,
            participants=participants.strip(),
            outcome=outcome.strip(),
            recorded_by=actor,
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=request,
            summary=f"Họp lãnh đạo ngày {held_on:%d/%m/%Y}",
        )
        notify(
            _told(request, request.deliveries.select_related("recipient"), sender=False),
            kind="request.meeting",
            title=f"Kết quả họp lãnh đạo về văn bản {request.document_number}",
            body=outcome.strip(),
            url=request.get_absolute_url(),
            dedupe_key=f"meeting:{meeting.pk}",
        )
    return meeting


def escalation_route(request: CoordinationRequest) -> Organization | None:
    """The lead body the matter goes through when the data says so (003, a Reading: a partner's disagreement
    is raised with the Ban, which reports to the authority); None when it goes straight to the authority."""
    regulation = request.regulation
    consultation = getattr(regulation, "consultation_rule", None)  # a version may have none
    if consultation is None or consultation.disagreement_route != DisagreementRoute.VIA_LEAD:
        return None
    if regulation.role_of(request.sender.kind, request.sender.level) == PartyRole.LEAD:
        return None
    return find_lead(regulation, request.sender)


def escalate(actor: Actor, request: CoordinationRequest, *, summary: str = "") -> Escalation:
    """Report every position to the authority named by the regulation."""
    if not rules.can_approve(actor, request):
        raise NotAllowed("Chỉ lãnh đạo cơ quan đề nghị mới được báo cáo cấp có thẩm quyền.")
    if request.state != RequestState.SENT:
        raise DomainError("Chỉ báo cáo cấp có thẩm quyền với văn bản đã gửi.")
    if hasattr(request, "escalation"):
        raise DomainError("Văn bản này đã được báo cáo cấp có thẩm quyền.", code="already_escalated")
    if not request.deliveries.filter(position=Position.DISAGREE).exists():
        raise DomainError(
            "Chỉ báo cáo cấp có thẩm quyền khi còn ý kiến không đồng ý.", code="no_disagreement"
        )
    authority = find_authority(request.regulation, request.sender)
    if authority is None:
        raise PolicyViolation("Không tìm thấy cấp có thẩm quyền theo quy chế trong danh bạ tổ chức.")
    via = escalation_route(request)
    with transaction.atomic():
        lock_chain()  # before the request's row lock (audit.domain.lock_chain)
        # A double click: the second waits for the first and is told it is done (never a unique-key 500).
        CoordinationRequest.objects.select_for_update().filter(pk=request.pk).exists()
        if Escalation.objects.filter(request=request).exists():
            raise DomainError("Văn bản này đã được báo cáo cấp có thẩm quyền.", code="already_escalated")
        year = local_date(timezone.now()).year
        number = _next_number(request.sender, year)  # the sender's outgoing register, like a request
        document_number = f"{number}-{ESCALATION_SUFFIX}/{request.sender.abbreviation}"
        escalation = Escalation.objects.create(
            request=request,
            authority=authority,
            via=via,
            positions=positions_of(request),
            summary=summary,
            escalated_by=actor,
            register_year=year,
            register_number=number,
            document_number=document_number,
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=request,
            summary=(
                f"Báo cáo số {document_number}: {authority.name} cho ý kiến quyết định"
                + (f", qua {via.name} (cách hiểu của hệ thống)" if via is not None else "")
            ),
            data={"authority": authority.pk, "via": via.pk if via is not None else None},
        )
        notify(
            _told(
                request,
                request.deliveries.select_related("recipient"),
                others=[*([via] if via is not None else []), authority],
            ),
            kind="request.escalated",
            title=f"Văn bản {request.document_number} được báo cáo {authority.name} quyết định (báo cáo số {document_number})",
            url=request.get_absolute_url(),
            dedupe_key=f"escalation:{escalation.pk}",
        )
    return escalation


def record_ruling(
    actor: Actor, escalation: Escalation, *, ruling: str, now: dt.datetime | None = None
) -> None:
    if not rules.can_rule(actor, escalation):
        raise NotAllowed("Chỉ lãnh đạo của cấp có thẩm quyền mới ghi kết luận.")
    ESCALATIONS.check(escalation.state, EscalationState.RULED)  # "already_ruled", before the ruling's text
    if not ruling.strip():
        raise DomainError("Hãy nhập nội dung kết luận.", field="ruling")
    now = now or timezone.now()
    request = escalation.request
    with transaction.atomic():
        rule_escalation(escalation, actor=actor, ruling=ruling.strip(), at=now)
        notify(
            _told(request, request.deliveries.select_related("recipient"), others=[escalation.authority]),
            kind="request.ruled",
            title=f"{escalation.authority.name} đã kết luận về văn bản {request.document_number}",
            body=ruling.strip(),
            url=request.get_absolute_url(),
            dedupe_key=f"escalation:{escalation.pk}:ruled",
        )


__all__ = [
    "answer",
    "approve_and_send",
    "close_request",
    "check_draft",
    "create_request",
    "drop_live_drafts",
    "end_of_day",
    "escalate",
    "notify_extension",
    "positions_of",
    "record_meeting",
    "record_receipt",
    "record_ruling",
    "return_to_draft",
    "submit_for_approval",
    "withdraw_request",
]
