"""Actions on information about officials: record (a draft), send (routed by the regulations' rules), acknowledge
and report the handling result. Each writes its audit event in the same transaction and raises DomainError
with a Vietnamese message on bad input (nothing written)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.accounts.models import User
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain
from phoihop.audit.domain import record as audit_record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.notifications.domain import Notice, notify_many
from phoihop.officials.models import Official
from phoihop.workdays.queries import current_calendar

from .. import queries, rules
from ..enums import CopyState, InformationKind, InformationState
from ..models import InformationCopy, OfficialInformation
from .routing import Route, recipients_for
from .transitions import set_copy_state, set_information_state

__all__ = ["acknowledge", "record", "report_result", "send"]

ATTESTATION_REQUIRED = (
    "Chỉ được gửi thông tin đã được thẩm tra, xác minh, kết luận (Quy định 521 Điều 5 khoản 2; Quy chế Ban Nội "
    "chính Điều 5 khoản 1 điểm d): hãy xác nhận và ghi số, ngày của văn bản kết luận."
)
NO_ROUTE = (
    "Các quy chế phối hợp không quy định nơi nhận loại thông tin này do cơ quan của bạn gửi về cán bộ này, nên "
    "không gửi được."
)


def _text(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(_("Hãy nhập %(label)s.") % {"label": label}, field=field)
    return text


def record(
    actor: Actor,
    *,
    official: Official,
    kind: str,
    content: str,
    basis: str,
    verified: bool = False,
    conclusion_number: str = "",
    conclusion_date: dt.date | None = None,
    result_due_on: dt.date | None = None,
) -> OfficialInformation:
    """Record a draft of information about an official the actor's body may name (queries.officials_to_name)."""
    if not rules.acts_for_body(actor):
        raise NotAllowed(_("Chỉ chuyên viên, lãnh đạo của một cơ quan mới ghi được thông tin về cán bộ."))
    if kind not in InformationKind.values:
        raise DomainError(_("Loại thông tin không hợp lệ."), field="kind")
    if not queries.may_name(actor, official.pk):
        raise DomainError(_("Cơ quan của bạn không được ghi thông tin về cán bộ này."), field="official")
    content = _text(content, "content", _("nội dung thông tin"))
    basis = _text(basis, "basis", _("căn cứ"))
    today = local_date(timezone.now())
    if conclusion_date is not None and conclusion_date > today:
        raise DomainError(
            _("Ngày văn bản kết luận không được sau hôm nay."),
            field="conclusion_date",
        )
    with transaction.atomic():
        lock_chain()
        info = OfficialInformation.objects.create(
            official=official,
            sender_id=int(actor.organization_id or 0),
            kind=kind,
            content=content,
            basis=basis,
            verified=verified,
            conclusion_number=(conclusion_number or "").strip(),
            conclusion_date=conclusion_date,
            result_due_on=result_due_on,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATED,
            target=info,
            summary=_("Ghi thông tin về cán bộ (dự thảo)"),
            data={"official": official.pk, "kind": kind},
        )
    return info


def _due(info: OfficialInformation, today: dt.date) -> dt.date | None:
    """The result's due date: the date the sender set, or the next working day when it is not one (a deadline
    ending on a day off ends on the next working day, Civil Code Art. 148)."""
    if info.result_due_on is None or info.kind == InformationKind.HANDLING_RESULT:
        return None
    if info.result_due_on < today:
        raise DomainError(
            _("Hạn báo cáo kết quả xử lý không được trước hôm nay."),
            field="result_due_on",
        )
    calendar = current_calendar()
    return calendar.add_working_days(info.result_due_on - dt.timedelta(days=1), 1)


def send(actor: Actor, info: OfficialInformation) -> Route:
    """Send a draft to the bodies the routing rules name (the sender chooses none); each copy's handlers are
    told. Information about facts needs the sender's attestation that it is verified and concluded."""
    if not rules.can_send(actor, info):
        raise NotAllowed(_("Chỉ chuyên viên, lãnh đạo của cơ quan gửi mới gửi được thông tin dự thảo này."))
    if rules.needs_attestation(info.kind) and not (
        info.verified and info.conclusion_number and info.conclusion_date
    ):
        raise DomainError(
            ATTESTATION_REQUIRED,
            code="not_verified",
            field="verified",
        )
    now = timezone.now()
    today = local_date(now)
    official = queries.official_for_routing(info.official_id)
    route = recipients_for(info.sender, official, info.kind, today=today)
    if not route.recipients:
        raise DomainError(NO_ROUTE, code="no_route")
    due = _due(info, today)
    expects = info.kind != InformationKind.HANDLING_RESULT
    with transaction.atomic():
        lock_chain()
        set_information_state(
            info,
            InformationState.SENT,
            actor=actor,
            summary=_("Gửi thông tin về cán bộ"),
            data={
                "recipients": sorted(route.recipient_ids),
                "rules": [r.code for r in route.rules],
                "articles": list(route.articles),
            },
            sent_by=actor,
            sent_at=now,
            regulation=route.rules[0].regulation,
            rule_code=", ".join(r.code for r in route.rules)[:60],
            rule_article="; ".join(route.articles)[:200],
        )
        copies = InformationCopy.objects.bulk_create(
            [
                InformationCopy(information=info, recipient=o, due_on=due, expects_result=expects)
                for o in route.recipients
            ]
        )
        users = queries.active_users_of([o.pk for o in route.recipients])
        url = info.get_absolute_url()
        title = _("Thông tin về cán bộ: %(kind)s — %(name)s") % {
            "kind": info.get_kind_display(),
            "name": official.full_name,
        }
        notify_many(
            [
                Notice(
                    users=rules.handlers(users.get(c.recipient_id, [])),
                    kind="information.received",
                    title=title,
                    body=_("Từ %(sender)s.") % {"sender": info.sender.name},
                    url=url,
                    dedupe_key=f"information:{c.pk}:received",
                )
                for c in copies
            ]
        )
    return route


def _copy_to_act(actor: Actor, copy: InformationCopy) -> None:
    if copy.information.state != InformationState.SENT:
        raise DomainError(_("Thông tin này chưa được gửi."))


def acknowledge(actor: Actor, copy: InformationCopy) -> None:
    """The recipient confirms receipt."""
    _copy_to_act(actor, copy)
    if not rules.can_acknowledge(actor, copy):
        raise NotAllowed(_("Chỉ chuyên viên, lãnh đạo của nơi nhận mới xác nhận tiếp nhận được bản này."))
    set_copy_state(
        copy,
        CopyState.RECEIVED,
        actor=actor,
        summary=_("Tiếp nhận thông tin về cán bộ"),
        received_at=timezone.now(),
        received_by=actor,
    )


def report_result(
    actor: Actor,
    copy: InformationCopy,
    *,
    text: str,
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> None:
    """The recipient reports the handling result (003 4.2.đ, 004 2.6): text, decision number and date; the
    sender's handlers are told."""
    _copy_to_act(actor, copy)
    if not rules.can_report_result(actor, copy):
        raise NotAllowed(
            _("Chỉ chuyên viên, lãnh đạo của nơi nhận mới báo cáo được kết quả xử lý của bản này.")
        )
    text = _text(text, "text", _("kết quả xử lý"))
    now = timezone.now()
    if decision_date is not None and decision_date > local_date(now):
        raise DomainError(
            _("Ngày quyết định, văn bản không được sau hôm nay."),
            field="decision_date",
        )
    info = copy.information
    with transaction.atomic():
        lock_chain()
        set_copy_state(
            copy,
            CopyState.ANSWERED,
            actor=actor,
            summary=_("Báo cáo kết quả xử lý"),
            data={"decision_number": decision_number or ""},
            result_text=text,
            result_number=(decision_number or "").strip(),
            result_date=decision_date,
            result_at=now,
            result_by=actor,
            received_at=copy.received_at or now,
        )
        senders: list[User] = queries.active_users_of([info.sender_id]).get(info.sender_id, [])
        notify_many(
            [
                Notice(
                    users=rules.handlers(senders, prefer=[info.created_by_id, info.sent_by_id or 0]),
                    kind="information.result",
                    title=_("Kết quả xử lý thông tin về cán bộ"),
                    body=_("%(recipient)s đã báo cáo kết quả xử lý.") % {"recipient": copy.recipient.name},
                    url=info.get_absolute_url(),
                    dedupe_key=f"information:{copy.pk}:result",
                )
            ]
        )
