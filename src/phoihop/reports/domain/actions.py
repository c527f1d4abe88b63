"""User actions on report slots (typed functions; each state change through transitions.py)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import is_past_deadline, local_date
from phoihop.common.errors import Conflict, DomainError, NotAllowed, PolicyViolation
from phoihop.common.files import check_size, safe_name, validate_files
from phoihop.notifications.domain import notify
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation, ReportingObligation
from phoihop.regulations.queries import light_regulation
from phoihop.workdays.queries import current_calendar

from .. import rules
from ..enums import OPEN_SLOT_STATES, SlotOrigin, SlotState, SubmissionState
from ..models import ReportRequest, ReportSlot, ReportSubmission
from .asking import asking_refusal, reportable
from .copies import deliver_copies
from .figures import validate_figures
from .transitions import set_slot_state, set_submission_state
from .xlsx import parse_upload


def obligation_of(slot: ReportSlot) -> ReportingObligation | None:
    """The obligation whose indicators and template a slot uses: its own, or its ad hoc request's."""
    return slot.obligation or (slot.request.obligation if slot.request_id and slot.request else None)


def indicators_of(slot: ReportSlot) -> list[Any]:
    obligation = obligation_of(slot)
    return list(obligation.indicators.all()) if obligation is not None else []


def open_draft(slot: ReportSlot) -> ReportSubmission | None:
    return slot.submissions.exclude(state=SubmissionState.SENT).first()


def _check_open(slot: ReportSlot) -> None:
    if slot.state not in OPEN_SLOT_STATES:
        raise PolicyViolation(
            f"Báo cáo đang ở trạng thái “{SlotState(slot.state).label}”: chưa thể gửi bản mới.",
            code="slot_closed",
        )


# --- the reporting body ------------------------------------------------------------------------------


def save_draft(
    actor: Actor,
    slot: ReportSlot,
    *,
    document: UploadedFile | None = None,
    figures: Mapping[str, Any] | None = None,
    note: str = "",
) -> ReportSubmission:
    """Prepare (or update) the next version: a document plus, where the obligation defines indicators, one
    figure for each. Nothing is saved when anything is wrong."""
    if not rules.can_draft(actor, slot):
        raise NotAllowed("Chỉ cán bộ của cơ quan báo cáo mới được soạn báo cáo.")
    _check_open(slot)
    indicators = indicators_of(slot)
    checked = validate_figures(indicators, figures or {}) if indicators else {}
    if document is not None:
        validate_files([document])
    stored = ""
    try:
        with transaction.atomic():
            lock_chain()  # before the slot's row lock (audit.domain.lock_chain)
            # One writer per slot at a time: two people writing the first draft get one version, not a 500.
            _check_open(ReportSlot.objects.select_for_update().only("id", "state").get(pk=slot.pk))
            draft = open_draft(slot)
            if draft is not None and draft.state == SubmissionState.PENDING_APPROVAL:
                raise PolicyViolation(
                    "Bản báo cáo đang chờ lãnh đạo duyệt; lãnh đạo trả lại thì mới sửa được.",
                    code="pending_approval",
                )
            if document is None and draft is None:
                raise DomainError("Hãy đính kèm văn bản báo cáo.", code="document_required", field="document")
            if draft is None:
                last = slot.submissions.aggregate(m=Max("version"))["m"] or 0
                draft = ReportSubmission(slot=slot, version=last + 1, created_by=actor)
                action = AuditAction.CREATED
            else:
                action = AuditAction.CHANGED
            changes: dict[str, Any] = {"figures": checked, "note": note}
            if document is not None:
                changes["original_name"] = os.path.basename(document.name or "bao-cao")[:255]
                changes["size"] = document.size or 0
                changes["content_type"] = (
                    getattr(document, "content_type", "") or "application/octet-stream"
                )[:100]
                draft.document.save(safe_name(document.name or "bao-cao"), document, save=False)
                stored = changes["document"] = draft.document.name
            if draft.pk is None:
                for name, value in changes.items():
                    setattr(draft, name, value)
                draft.save()
            # Only the fields this save means to change, and only while the version is still a draft: a
            # submit that got there first is never undone (the state changes only in transitions.py).
            elif not ReportSubmission.objects.filter(pk=draft.pk, state=SubmissionState.DRAFT).update(
                **changes
            ):
                raise Conflict(
                    "Bản báo cáo vừa được trình lãnh đạo duyệt; không lưu được thay đổi. Hãy tải lại trang."
                )
            else:
                for name, value in changes.items():
                    setattr(draft, name, value)
            record(
                actor=actor,
                action=action,
                target=draft,
                summary=f"Soạn báo cáo “{slot.title}” {slot.period_label} (lần {draft.version})",
                data={"figures": checked},
            )
    except Exception:
        if stored:
            ReportSubmission._meta.get_field("document").storage.delete(stored)
        raise
    return draft


def submit_for_approval(actor: Actor, submission: ReportSubmission) -> None:
    slot = submission.slot
    if not rules.can_draft(actor, slot):
        raise NotAllowed("Chỉ cán bộ của cơ quan báo cáo mới được trình duyệt.")
    _check_open(slot)
    with transaction.atomic():
        set_submission_state(
            submission,
            SubmissionState.PENDING_APPROVAL,
            actor=actor,
            summary=f"Trình lãnh đạo duyệt báo cáo “{slot.title}” {slot.period_label} (lần {submission.version})",
        )
        notify(
            users_of([slot.reporter], roles=[Role.LEADER]),
            kind="report.pending_approval",
            title=f"Báo cáo “{slot.title}” {slot.period_label} chờ duyệt",
            url=slot.get_absolute_url(),
            dedupe_key=f"report-submission:{submission.pk}:pending:{timezone.now():%Y%m%d%H%M%S}",
        )


def return_draft(actor: Actor, submission: ReportSubmission, reason: str = "") -> None:
    """A leader sends the version back to its drafters with a reason (required: issue 11), which the slot's
    history shows them."""
    slot = submission.slot
    if not rules.can_approve(actor, slot):
        raise NotAllowed("Chỉ lãnh đạo cơ quan báo cáo mới được trả lại dự thảo.")
    reason = reason.strip()
    if not reason:
        raise DomainError(
            "Hãy nêu lý do trả lại dự thảo để người soạn sửa.", code="reason_required", field="reason"
        )
    set_submission_state(
        submission,
        SubmissionState.DRAFT,
        actor=actor,
        summary=f"Lãnh đạo trả lại dự thảo báo cáo (lần {submission.version}): {reason}",
    )


def approve_and_send(
    actor: Actor, submission: ReportSubmission, now: dt.datetime | None = None
) -> ReportSubmission:
    """A leader of the reporting body approves the version and sends it; the slot becomes submitted (on time or
    late: the first version decides), copies go out under the copy-to duties, the receiver is told."""
    now = now or timezone.now()
    slot = submission.slot
    if not rules.can_approve(actor, slot):
        raise NotAllowed("Chỉ lãnh đạo cơ quan báo cáo mới được duyệt và gửi báo cáo.")
    _check_open(slot)
    late = is_past_deadline(slot.due_on, now)
    first = slot.first_sent_at is None
    when = "trễ hạn" if late else "đúng hạn"
    with transaction.atomic():
        set_submission_state(
            submission,
            SubmissionState.SENT,
            actor=actor,
            summary=f"Duyệt và gửi báo cáo “{slot.title}” {slot.period_label} (lần {submission.version}, {when})",
            approved_by=actor,
            sent_at=now,
            late=late,
        )
        set_slot_state(
            slot,
            SlotState.SUBMITTED,
            actor=actor,
            summary=(
                f"{slot.reporter.name} gửi báo cáo {slot.period_label} lần {submission.version} "
                f"({when}, hạn {slot.due_on:%d/%m/%Y})"
            ),
            data={"version": submission.version, "late": late},
            first_sent_at=now if first else slot.first_sent_at,
            last_sent_at=now,
            late=late if first else slot.late,
            next_reminder_on=None,  # sent: no reminder is owed any more (domain/reminders.py)
        )
        deliver_copies(slot, submission, now, actor)
        notify(
            users_of([slot.receiver], roles=rules.REVIEWING_ROLES),
            kind="report.submitted",
            title=(
                f"{slot.reporter.name} đã gửi báo cáo “{slot.title}” {slot.period_label}"
                + (f" (bản chỉnh sửa lần {submission.version})" if not first else "")
            ),
            url=slot.get_absolute_url(),
            dedupe_key=f"report-submission:{submission.pk}:sent",
        )
    return submission


# --- the receiving body ------------------------------------------------------------------------------


def accept(actor: Actor, slot: ReportSlot) -> None:
    if not rules.can_review(actor, slot):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được tiếp nhận.")
    now = timezone.now()
    with transaction.atomic():
        set_slot_state(
            slot,
            SlotState.ACCEPTED,
            actor=actor,
            summary=f"{slot.receiver.name} tiếp nhận báo cáo {slot.period_label} của {slot.reporter.name}",
            accepted_at=now,
        )
        notify(
            users_of([slot.reporter]),
            kind="report.accepted",
            title=f"{slot.receiver.name} đã tiếp nhận báo cáo “{slot.title}” {slot.period_label}",
            url=slot.get_absolute_url(),
            dedupe_key=f"report-slot:{slot.pk}:accepted",
        )


def return_for_correction(actor: Actor, slot: ReportSlot, reason: str) -> None:
    if not rules.can_review(actor, slot):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được trả lại báo cáo.")
    if not reason.strip():
        raise DomainError("Hãy nêu nội dung cần chỉnh sửa.", code="reason_required", field="reason")
    now = timezone.now()
    with transaction.atomic():
        set_slot_state(
            slot,
            SlotState.RETURNED,
            actor=actor,
            summary=f"{slot.receiver.name} trả lại báo cáo {slot.period_label} để chỉnh sửa: {reason.strip()}",
            returned_at=now,
            return_reason=reason.strip(),
        )
        notify(
            users_of([slot.reporter]),
            kind="report.returned",
            title=f"{slot.receiver.name} trả lại báo cáo “{slot.title}” {slot.period_label} để chỉnh sửa",
            body=reason.strip(),
            url=slot.get_absolute_url(),
            dedupe_key=f"report-slot:{slot.pk}:returned:{now.isoformat()}",
        )


def send_reminders(actor: Actor, slots: Sequence[ReportSlot], now: dt.datetime | None = None) -> int:
    """One action of the receiving body: remind every body that has not sent (or must resend) its report.
    At most one manual reminder per slot per day. Returns the number of bodies reminded."""
    now = now or timezone.now()
    today = local_date(now)
    targets = [s for s in slots if s.state in OPEN_SLOT_STATES]
    for s in slots:
        if not rules.can_review(actor, s):
            raise NotAllowed("Chỉ chuyên viên, lãnh đạo của cơ quan nhận báo cáo mới được nhắc báo cáo.")
    reminded = 0
    for slot in targets:
        with transaction.atomic():
            late = today > slot.due_on
            sent = notify(
                users_of([slot.reporter]),
                kind="report.reminder.manual",
                title=(
                    f"{slot.receiver.name} nhắc gửi báo cáo “{slot.title}” {slot.period_label} "
                    + (f"(đã quá hạn {slot.due_on:%d/%m/%Y})" if late else f"(hạn {slot.due_on:%d/%m/%Y})")
                ),
                url=slot.get_absolute_url(),
                dedupe_key=f"report-slot:{slot.pk}:manual:{today.isoformat()}",
            )
            if sent:
                record(
                    actor=actor,
                    action=AuditAction.CHANGED,
                    target=slot,
                    summary=f"{slot.receiver.name} nhắc {slot.reporter.name} gửi báo cáo",
                )
                reminded += 1
    return reminded


def asking_regulations(regulation: Regulation | None = None) -> list[Regulation]:
    """The versions an ad hoc request may rest on: the one named, or every current one (light, with parties)."""
    qs = Regulation.objects.filter(superseded_by__isnull=True).order_by("code")
    if regulation is not None:
        qs = qs.filter(pk=regulation.pk)
    return list(qs.defer(*light_regulation("")).prefetch_related("parties"))


def create_request(
    actor: Actor,
    *,
    origin: SlotOrigin,
    subject: str,
    body: str = "",
    reporters: Sequence[Organization],
    due_on: dt.date | None = None,
    working_days: int | None = None,
    regulation: Regulation | None = None,
    obligation: ReportingObligation | None = None,
    now: dt.datetime | None = None,
) -> ReportRequest:
    """The receiving body asks one or many bodies for an ad hoc or thematic report, due on a date or within N
    working days (the day of the request not counted, Civil Code Art. 147)."""
    if not rules.can_request(actor):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo mới được yêu cầu báo cáo.")
    if origin not in (SlotOrigin.AD_HOC, SlotOrigin.THEMATIC):
        raise DomainError("Loại báo cáo phải là đột xuất hoặc chuyên đề.", field="origin")
    if not subject.strip():
        raise DomainError("Hãy nhập nội dung yêu cầu báo cáo.", field="subject")
    receiver = actor.organization
    if receiver is None:  # can_request asks for an organisation already
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo mới được yêu cầu báo cáo.")
    unique = {o.pk: o for o in reporters}
    if not unique:
        raise DomainError("Hãy chọn ít nhất một cơ quan báo cáo.", field="reporters")
    if receiver.pk in unique:
        raise DomainError("Cơ quan không thể tự yêu cầu chính mình báo cáo.", field="reporters")
    now = now or timezone.now()
    today = local_date(now)
    dissolved = [o.name for o in unique.values() if not o.is_active_on(today)]
    if dissolved:
        raise DomainError(
            f"Không thể yêu cầu báo cáo: đã giải thể — {', '.join(dissolved)}.", field="reporters"
        )
    if obligation is not None and regulation is None:
        regulation = obligation.regulation
    allowed = reportable(receiver, asking_regulations(regulation), today)
    refused = [o for o in unique.values() if o.pk not in allowed]
    if refused:
        raise PolicyViolation(
            asking_refusal(receiver, refused, regulation), code="not_reportable", field="reporters"
        )
    if (due_on is None) == (working_days is None):
        raise DomainError("Hãy nhập hạn gửi: một ngày cụ thể hoặc số ngày làm việc.", field="due_on")
    if working_days is not None:
        if working_days < 1 or working_days > 365:
            raise DomainError("Số ngày làm việc phải từ 1 đến 365.", field="working_days")
        due = current_calendar().add_working_days(today, working_days)
        rule = (
            f"{working_days} ngày làm việc kể từ ngày yêu cầu {today:%d/%m/%Y} (không tính ngày yêu cầu): "
            f"hạn {due:%d/%m/%Y}."
        )
    else:
        assert due_on is not None
        if due_on < today:
            raise DomainError("Hạn gửi không được trước ngày hôm nay.", field="due_on")
        due, rule = due_on, f"Hạn gửi do {receiver.name} ấn định: {due_on:%d/%m/%Y}."
    with transaction.atomic():
        req = ReportRequest.objects.create(
            receiver=receiver,
            origin=origin,
            regulation=regulation,
            obligation=obligation,
            subject=subject.strip(),
            body=body,
            due_on=due,
            due_working_days=working_days,
            due_rule=rule,
            created_by=actor,
        )
        ReportSlot.objects.bulk_create(
            [
                ReportSlot(
                    origin=origin,
                    regulation=regulation,
                    obligation=None,
                    request=req,
                    title=req.subject,
                    reporter=org,
                    receiver=receiver,
                    opens_on=today,
                    due_on=due,
                    due_rule=rule,
                    state=SlotState.DUE,
                    # a lower bound (domain/reminders.py): the sweep works out today which reminder is owed
                    next_reminder_on=today,
                )
                for org in unique.values()
            ]
        )
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=req,
            summary=(
                f"Yêu cầu báo cáo {SlotOrigin(origin).label.lower()} “{req.subject}” hạn {due:%d/%m/%Y}: "
                + ", ".join(o.name for o in unique.values())
            ),
        )
        for slot in ReportSlot.objects.filter(request=req).select_related("reporter"):
            notify(
                users_of([slot.reporter]),
                kind="report.requested",
                title=f"{receiver.name} yêu cầu báo cáo “{req.subject}”, hạn {due:%d/%m/%Y}",
                body=body,
                url=slot.get_absolute_url(),
                dedupe_key=f"report-slot:{slot.pk}:requested",
            )
    return req


def upload_figures(
    actor: Actor,
    slot: ReportSlot,
    xlsx: UploadedFile,
    *,
    document: UploadedFile | None = None,
    note: str = "",
) -> ReportSubmission:
    """Figures from a filled .xlsx template (validated completely before anything is saved)."""
    if not rules.can_draft(actor, slot):
        raise NotAllowed("Chỉ cán bộ của cơ quan báo cáo mới được soạn báo cáo.")
    obligation = obligation_of(slot)
    indicators = indicators_of(slot)
    if obligation is None or not indicators:
        raise DomainError("Báo cáo này không có mẫu số liệu.", code="no_template", field="xlsx")
    check_size(xlsx, field="xlsx")  # a file over the limit arrives empty, with the size that was sent
    figures = parse_upload(obligation, indicators, xlsx)  # read from its file, within bounds (xlsx.py)
    return save_draft(actor, slot, document=document, figures=figures, note=note)
