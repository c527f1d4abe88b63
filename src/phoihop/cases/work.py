"""What cases put in the work queue ("Việc cần làm", phoihop.work): progress requests the locality must answer
(its specialists and leaders), and for the lead body's specialists and leaders the overdue answers to chase and
the stale cases to move. One query per source, whatever the number of items."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import WAITING_PROGRESS_STATES, ProgressState
from .models import Case, ProgressRequest
from .rules import ACTING_ROLES

__all__ = ["SOURCES"]

PLACEHOLDER = "999999999"


def _urls() -> str:
    return reverse("case-detail", args=[PLACEHOLDER])


def _acts(user: Actor) -> bool:
    return bool(user.organization_id) and user.role in ACTING_ROLES


# --- progress requests the locality answers --------------------------------------------------------------------


def _to_answer(user: Actor, today: dt.date) -> QuerySet[ProgressRequest] | None:
    if not _acts(user):
        return None
    return ProgressRequest.objects.filter(
        state__in=WAITING_PROGRESS_STATES, case__locality_id=user.organization_id, case__closed=False
    )


def _to_answer_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _to_answer(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("case", "case__lead", "case__locality")
        .only("id", "due_on", "state", "case__id", "case__title", "case__lead__name", "case__locality__name")
        .order_by("due_on", "pk")[:limit]
    )
    url = _urls()
    labels = {ProgressState.OVERDUE: _("Báo cáo tiến độ vụ án, vụ việc quá hạn")}
    default = _("Báo cáo tiến độ vụ án, vụ việc")
    return [
        WorkItem(
            what=labels.get(r.state, default),  # type: ignore[call-overload]
            title=r.case.title,
            from_body=r.case.lead.name,
            to_body=r.case.locality.name,
            deadline=r.due_on,
            url=url.replace(PLACEHOLDER, str(r.case_id)),
            ref=r.pk,
        )
        for r in rows
    ]


# --- overdue answers the lead body chases ---------------------------------------------------------------------


def _overdue(user: Actor, today: dt.date) -> QuerySet[ProgressRequest] | None:
    if not _acts(user):
        return None
    return ProgressRequest.objects.filter(
        state=ProgressState.OVERDUE, case__lead_id=user.organization_id, case__closed=False
    )


def _overdue_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _overdue(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("case", "case__lead", "case__locality")
        .only("id", "due_on", "case__id", "case__title", "case__lead__name", "case__locality__name")
        .order_by("due_on", "pk")[:limit]
    )
    url = _urls()
    what = _("Địa phương chưa báo cáo tiến độ, đã quá hạn")
    return [
        WorkItem(
            what=what,
            title=r.case.title,
            from_body=r.case.locality.name,
            to_body=r.case.lead.name,
            deadline=r.due_on,
            url=url.replace(PLACEHOLDER, str(r.case_id)),
            ref=r.pk,
        )
        for r in rows
    ]


# --- stale cases the lead body moves ----------------------------------------------------------------------------


def _stale(user: Actor, today: dt.date) -> QuerySet[Case] | None:
    if not _acts(user):
        return None
    return Case.objects.filter(stale=True, closed=False, lead_id=user.organization_id)


def _stale_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _stale(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("lead", "locality")
        .only("id", "title", "stale_since", "lead__name", "locality__name")
        .order_by("stale_since", "pk")[:limit]
    )
    url = _urls()
    what = _("Vụ án, vụ việc chậm tiến độ")
    return [
        WorkItem(
            what=what,
            title=c.title,
            from_body=c.locality.name,
            to_body=c.lead.name,
            deadline=None,
            url=url.replace(PLACEHOLDER, str(c.pk)),
            ref=c.pk,
        )
        for c in rows
    ]


SOURCES: dict[str, tuple[int, WorkSource]] = {
    "cases.progress": (
        110,
        WorkSource(gettext_lazy("Báo cáo tiến độ vụ án, vụ việc"), _to_answer, _to_answer_items),
    ),
    "cases.overdue": (
        120,
        WorkSource(gettext_lazy("Yêu cầu báo cáo tiến độ quá hạn"), _overdue, _overdue_items),
    ),
    "cases.stale": (130, WorkSource(gettext_lazy("Vụ án, vụ việc chậm tiến độ"), _stale, _stale_items)),
}

for _name, (_order, _source) in SOURCES.items():
    work.add(_name, _source, order=_order)
