"""The actions on cases (003 3.5, 4.1.d, 4.2.b, 4.2.g; 004 1.4), each checked, audited in its transaction and
raising a DomainError with a Vietnamese message on bad input (nothing half-written)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.officials.models import Official
from phoihop.organizations.enums import OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from .. import rules
from ..enums import EventKind, OfficialRole, ProgressState
from ..models import Case, CaseEvent, CaseOfficial, CaseOrganization, ProgressRequest
from ..schema import CasesData, cases_data
from .transitions import set_case_stage, set_progress_state

__all__ = [
    "add_official",
    "add_organization",
    "answer_progress",
    "close_case",
    "move_stage",
    "open_case",
    "request_progress",
    "stale_on",
]

NOT_LEAD = "Chỉ chuyên viên, lãnh đạo của cơ quan chủ trì theo dõi vụ án, vụ việc được làm việc này."
CLOSED = "Vụ án, vụ việc đã kết thúc: không thể thay đổi."


def _today() -> dt.date:
    return local_date(timezone.now())


def stale_on(data: CasesData, level: str, moved_on: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    """The working day a case of `level` becomes stale if it does not move after `moved_on` (N working days
    after it, the day of the move not counted; data/cases/cases.yaml `stale_after`)."""
    calendar = calendar or current_calendar()
    return calendar.add_working_days(moved_on, data.levels[level].stale_after.working_days)


def _event(case: Case, kind: str, actor: Actor | None, text: str = "", **stages: str) -> None:
    CaseEvent.objects.create(case=case, kind=kind, at=timezone.now(), actor=actor, text=text, **stages)


def _check_lead(actor: Actor, case: Case) -> None:
    if not rules.leads(actor, case):
        raise NotAllowed(NOT_LEAD)
    if case.closed:
        raise DomainError(CLOSED, code="closed")


def open_case(
    actor: Actor,
    *,
    title: str,
    category: str,
    level: str,
    locality: Organization | None,
    monitor: Organization | None = None,
    summary: str = "",
) -> Case:
    """The Ban Nội chính opens a case to follow (003 4.1.d; 004 1.4)."""
    if not rules.can_open(actor):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo Ban Nội chính Tỉnh ủy được mở theo dõi vụ án, vụ việc.")
    data = cases_data()
    title = title.strip()
    if not title:
        raise DomainError("Hãy nhập tên vụ án, vụ việc.", field="title")
    if category not in data.categories:
        raise DomainError("Hãy chọn loại vụ án, vụ việc trong danh sách.", field="category")
    if level not in data.levels:
        raise DomainError("Hãy chọn diện theo dõi trong danh sách.", field="level")
    if (
        locality is None
        or locality.kind != OrganizationKind.PARTY_COMMITTEE
        or locality.level not in data.regulation_by_locality_level
    ):
        raise DomainError("Địa phương phải là cấp ủy xã, phường hoặc huyện.", field="locality")
    if data.levels[level].monitored_by_steering:
        if monitor is None or monitor.kind != rules.STEERING_KIND:
            raise DomainError(
                "Vụ án, vụ việc thuộc diện Ban Chỉ đạo tỉnh theo dõi, chỉ đạo: hãy chọn Ban Chỉ đạo.",
                field="monitor",
            )
    elif monitor is not None:
        raise DomainError("Diện theo dõi này không có Ban Chỉ đạo theo dõi, chỉ đạo.", field="monitor")
    today = _today()
    first = data.first_stage.code
    with transaction.atomic():
        lock_chain()
        case = Case.objects.create(
            title=title,
            summary=summary.strip(),
            category=category,
            level=level,
            stage=first,
            locality=locality,
            lead_id=int(actor.organization_id or 0),
            monitor=monitor,
            regulation_code=data.regulation_by_locality_level[locality.level],
            opened_on=today,
            opened_by=actor,
            last_moved_on=today,
            stale_on=stale_on(data, level, today),
        )
        _event(case, EventKind.OPENED, actor, to_stage=first)
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=case,
            summary=f"Mở theo dõi vụ án, vụ việc: {title}",
            data={"category": category, "level": level, "locality": locality.pk, "stage": first},
        )
    return case


def move_stage(actor: Actor, case: Case, stage: str, note: str = "") -> None:
    """Move a case to the next stage the data allows; the case is no longer stale and its clock restarts."""
    _check_lead(actor, case)
    data = cases_data()
    if stage not in data.stages:
        raise DomainError("Hãy chọn giai đoạn trong danh sách.", field="stage")
    if data.stages[stage].closing:
        raise DomainError("Để kết thúc vụ án, vụ việc, hãy dùng thao tác “Kết thúc”.", field="stage")
    old = case.stage
    today = _today()
    with transaction.atomic():
        lock_chain()
        set_case_stage(
            case,
            stage,
            actor=actor,
            summary=f"Chuyển giai đoạn: {data.stage_label(old)} → {data.stage_label(stage)}",
            data={"note": note.strip()} if note.strip() else None,
            last_moved_on=today,
            stale=False,
            stale_since=None,
            stale_on=stale_on(data, case.level, today),
        )
        _event(case, EventKind.MOVED, actor, note.strip(), from_stage=old, to_stage=stage)


def close_case(actor: Actor, case: Case, note: str = "") -> None:
    """The lead body's leader closes the case (moves it to the closing stage the data names)."""
    if not rules.can_close(actor, case):
        raise NotAllowed("Chỉ lãnh đạo của cơ quan chủ trì được kết thúc vụ án, vụ việc.")
    if case.closed:
        raise DomainError(CLOSED, code="closed")
    data = cases_data()
    closing = data.closing_stage.code
    old = case.stage
    today = _today()
    with transaction.atomic():
        lock_chain()
        set_case_stage(
            case,
            closing,
            actor=actor,
            summary=f"Kết thúc vụ án, vụ việc (từ giai đoạn {data.stage_label(old)})",
            data={"note": note.strip()} if note.strip() else None,
            last_moved_on=today,
            closed=True,
            closed_on=today,
            stale=False,
            stale_since=None,
            stale_on=None,
        )
        _event(case, EventKind.CLOSED, actor, note.strip(), from_stage=old, to_stage=closing)


def add_official(
    actor: Actor, case: Case, official: Official | None, role: str, note: str = ""
) -> CaseOfficial:
    _check_lead(actor, case)
    if official is None:
        raise DomainError("Hãy chọn cán bộ.", field="official")
    if role not in OfficialRole.values:
        raise DomainError("Hãy chọn vai trò trong danh sách.", field="role")
    try:
        with transaction.atomic():
            lock_chain()
            row = CaseOfficial.objects.create(
                case=case, official=official, role=role, note=note.strip(), added_on=_today()
            )
            _event(case, EventKind.OFFICIAL, actor, f"{official.full_name} — {OfficialRole(role).label}")
            record(
                actor=actor,
                action=AuditAction.CREATED,
                target=case,
                summary=f"Thêm cán bộ liên quan: {official.full_name}",
                data={"official": official.pk, "role": role},
            )
    except IntegrityError as exc:
        raise DomainError("Cán bộ này đã có trong vụ án, vụ việc.", field="official") from exc
    return row


def add_organization(
    actor: Actor, case: Case, organization: Organization | None, role: str = ""
) -> CaseOrganization:
    _check_lead(actor, case)
    if organization is None:
        raise DomainError("Hãy chọn cơ quan.", field="organization")
    if organization.pk in (case.lead_id, case.locality_id, case.monitor_id):
        raise DomainError("Cơ quan này đã theo dõi vụ án, vụ việc.", field="organization")
    try:
        with transaction.atomic():
            lock_chain()
            row = CaseOrganization.objects.create(
                case=case, organization=organization, role=role.strip(), added_on=_today()
            )
            _event(case, EventKind.ORGANIZATION, actor, organization.name)
            record(
                actor=actor,
                action=AuditAction.CREATED,
                target=case,
                summary=f"Thêm cơ quan liên quan: {organization.name}",
                data={"organization": organization.pk},
            )
    except IntegrityError as exc:
        raise DomainError("Cơ quan này đã có trong vụ án, vụ việc.", field="organization") from exc
    return row


def request_progress(
    actor: Actor, case: Case, question: str, working_days: int | None = None
) -> ProgressRequest:
    """Ask the locality how the case progresses, within N working days (the data's default when not given;
    the day of the request not counted)."""
    _check_lead(actor, case)
    question = question.strip()
    if not question:
        raise DomainError("Hãy nhập nội dung yêu cầu báo cáo.", field="question")
    days = working_days if working_days is not None else cases_data().progress_request.working_days
    if not 1 <= days <= 60:
        raise DomainError("Số ngày làm việc phải từ 1 đến 60.", field="working_days")
    today = _today()
    due = current_calendar().add_working_days(today, days)
    with transaction.atomic():
        lock_chain()
        request = ProgressRequest.objects.create(
            case=case, asked_by=actor, asked_on=today, working_days=days, due_on=due, question=question
        )
        _event(case, EventKind.PROGRESS_ASKED, actor, f"{question} (hạn {due:%d/%m/%Y})")
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=request,
            summary=f"Yêu cầu địa phương báo cáo tiến độ, hạn {due:%d/%m/%Y}",
            data={"case": case.pk, "due_on": due.isoformat(), "working_days": days},
        )
    return request


def answer_progress(actor: Actor, request: ProgressRequest, answer: str) -> None:
    """The locality reports the progress asked for (003 4.2.g)."""
    if not rules.can_answer(actor, request):
        raise NotAllowed("Chỉ chuyên viên, lãnh đạo của địa phương được báo cáo tiến độ vụ án, vụ việc.")
    answer = answer.strip()
    if not answer:
        raise DomainError("Hãy nhập nội dung báo cáo tiến độ.", field="answer")
    if request.state == ProgressState.ANSWERED:
        raise DomainError("Yêu cầu này đã được trả lời.", code="answered")
    with transaction.atomic():
        lock_chain()
        set_progress_state(
            request,
            ProgressState.ANSWERED,
            actor=actor,
            summary="Địa phương báo cáo tiến độ vụ án, vụ việc",
            answer=answer,
            answered_on=_today(),
            answered_by=actor,
        )
        _event(request.case, EventKind.PROGRESS_ANSWERED, actor, answer)
