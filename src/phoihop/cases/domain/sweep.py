"""What falls due on cases, applied by the sweep: a case with no move for the working days its level names
becomes stale (on exactly the working day `stale_on` stored when it last moved), and a progress request past its
due day becomes overdue. Every outcome is claimed with a conditional UPDATE, so repeated, late or concurrent
runs give exactly one outcome.

Cost: with nothing due a run is one query (the probe: `stale_on` of the cases and (state, due_on) of the
progress requests, both on their indexes, in one UNION); each due item then costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import IntegerField, Value
from django.utils import timezone

from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict
from phoihop.common.sweeping import Tally, each

from ..enums import EventKind, ProgressState
from ..models import Case, CaseEvent, ProgressRequest
from .transitions import set_progress_state

__all__ = ["apply_due", "probe"]

CASE, PROGRESS = 1, 2


def probe(today: dt.date) -> list[tuple[int, int]]:
    """(kind, id) of every case that becomes stale by `today` and every open progress request past due."""
    stale = (
        Case.objects.filter(stale_on__lte=today)
        .order_by()
        .values_list(Value(CASE, output_field=IntegerField()), "pk")
    )
    overdue = (
        ProgressRequest.objects.filter(state=ProgressState.OPEN, due_on__lt=today)
        .order_by()
        .values_list(Value(PROGRESS, output_field=IntegerField()), "pk")
    )
    return [(int(kind), int(pk)) for kind, pk in stale.union(overdue, all=True)]


def _flag_stale(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        lock_chain()  # before the row's update (audit.domain.lock_chain)
        case = Case.objects.filter(pk=pk, stale_on__lte=today).only("pk", "title", "stale_on").first()
        if case is None or case.stale_on is None:
            return 0
        since = case.stale_on
        if (
            Case.objects.filter(pk=pk, stale_on=since).update(stale=True, stale_since=since, stale_on=None)
            != 1
        ):
            return 0
        CaseEvent.objects.create(
            case_id=pk,
            kind=EventKind.STALE,
            at=timezone.now(),
            text=f"Không có tiến triển, chậm tiến độ từ ngày {since:%d/%m/%Y}",
        )
        record(
            actor=None,
            action=AuditAction.CHANGED,
            target=case,
            summary=f"Vụ án, vụ việc chậm tiến độ từ ngày {since:%d/%m/%Y}",
            data={"stale": True, "stale_since": since.isoformat()},
        )
        return 1

    return apply


def _flag_overdue(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        request = ProgressRequest.objects.filter(pk=pk, state=ProgressState.OPEN, due_on__lt=today).first()
        if request is None:
            return 0
        try:
            set_progress_state(
                request,
                ProgressState.OVERDUE,
                actor=None,
                summary=f"Quá hạn trả lời yêu cầu báo cáo tiến độ (hạn {request.due_on:%d/%m/%Y})",
            )
        except Conflict:
            return 0
        return 1

    return apply


def apply_due(now: dt.datetime, tally: Tally | None = None) -> dict[str, int]:
    today = local_date(now)
    due = probe(today)
    if not due:
        return {}
    tally = tally or Tally()
    cases = [pk for kind, pk in due if kind == CASE]
    requests = [pk for kind, pk in due if kind == PROGRESS]
    counts = {
        "stale": each(cases, _flag_stale(today), what="case", tally=tally),
        "overdue": each(requests, _flag_overdue(today), what="progress request", tally=tally),
    }
    return tally.add_to(counts)
