"""Fixtures of the work-queue tests: the shared personas (`bodies`, tests/consultations/conftest.py), the test
regulation, and builders writing the rows each source reads straight into the database (the actions that make
them are tested in tests/consultations and tests/reports; here only what the queue shows of them matters)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction
from django.utils import timezone

from phoihop.audit import domain as audit
from phoihop.audit.enums import AuditAction
from phoihop.consultations.enums import (
    Channel,
    DeliveryState,
    DraftKind,
    DraftState,
    RequestKind,
    RequestState,
)
from phoihop.consultations.models import AnswerDraft, CoordinationRequest, Delivery, Escalation
from phoihop.organizations.models import Organization
from phoihop.reports.enums import SlotState, SubmissionState
from phoihop.reports.models import ReportSlot, ReportSubmission
from tests.consultations.conftest import Bodies, bodies, make_regulation, regulation  # noqa: F401

_numbers = itertools.count(1)

SUBJECT = "Xin ý kiến dự thảo kế hoạch kiểm tra"


def request_row(b: Bodies, reg, *, state=RequestState.SENT, by=None, subject=SUBJECT, recipients=(), **kw):
    """A request of the Ban Nội chính (drafted by its specialist unless `by`), with one electronic copy per
    recipient in state sent (the copies of a sent request are then set by copy_row)."""
    sent = state in (RequestState.SENT, RequestState.CLOSED)
    n = next(_numbers)
    req = CoordinationRequest.objects.create(
        regulation=reg,
        sender=kw.pop("sender", b.ban),
        kind=RequestKind.CONSULTATION,
        subject=subject,
        state=state,
        created_by=by or b.specialist,
        sent_at=timezone.now() if sent else None,
        register_year=2025 if sent else None,
        register_number=n if sent else None,
        document_number=f"{n}-CV/BNCTU" if sent else "",
        **kw,
    )
    for org in recipients:
        Delivery.objects.create(request=req, recipient=org)
    return req


def copy_row(b: Bodies, reg, recipient: Organization, *, state=DeliveryState.RECEIVED, deadline=None, **kw):
    """A copy to `recipient` of a new sent request of the Ban Nội chính."""
    req = request_row(b, reg, subject=kw.pop("subject", SUBJECT))
    return Delivery.objects.create(request=req, recipient=recipient, state=state, deadline=deadline, **kw)


def audited(obj, actor=None):  # type: ignore[no-untyped-def]
    """The audit event an action writes with its change (these rows are written directly): what tells the menu's
    remembered badge that the data changed (work.queue.menu_total)."""
    with transaction.atomic():
        audit.record(actor=actor, action=AuditAction.CREATED, target=obj, summary="tạo trong phép thử")
    return obj


def answer_draft(delivery: Delivery, by, *, state=DraftState.PENDING_APPROVAL, kind=DraftKind.ANSWER):
    return AnswerDraft.objects.create(delivery=delivery, drafted_by=by, state=state, kind=kind, text="Đồng ý")


def paper_copy(b: Bodies, reg, recipient: Organization) -> Delivery:
    return copy_row(b, reg, recipient, state=DeliveryState.SENT, channel=Channel.PAPER)


def escalation(b: Bodies, reg, *, ruled=False) -> Escalation:
    req = request_row(b, reg, recipients=[])
    n = next(_numbers)
    return Escalation.objects.create(
        request=req,
        authority=b.btv,
        escalated_by=b.leader,
        register_year=2025,
        register_number=n,
        document_number=f"{n}-BC/BNCTU",
        ruling="Kết luận" if ruled else "",
        ruled_by=b.btv_leader if ruled else None,
        ruled_at=timezone.now() if ruled else None,
    )


def slot(
    reporter: Organization, receiver: Organization, *, state=SlotState.DUE, due_on=dt.date(2025, 2, 5), **kw
):
    n = next(_numbers)
    return ReportSlot.objects.create(
        title=kw.pop("title", "Báo cáo công tác nội chính"),
        reporter=reporter,
        receiver=receiver,
        period_key=f"k{n}",
        period_label=kw.pop("period_label", "Tháng 01/2025"),
        opens_on=kw.pop("opens_on", dt.date(2025, 1, 20)),
        due_on=due_on,
        state=state,
        **kw,
    )


def version(s: ReportSlot, by, *, state=SubmissionState.PENDING_APPROVAL) -> ReportSubmission:
    return ReportSubmission.objects.create(
        slot=s, version=1, state=state, document="reports/x.pdf", original_name="bao-cao.pdf", created_by=by
    )
