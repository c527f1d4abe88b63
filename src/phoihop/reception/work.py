"""What citizen reception puts in the work queue ("Việc cần làm", phoihop.work), for the clerks, specialists and
leaders of the body that received: written answers waiting (falling due or overdue), follow-ups waiting, and the
current month when its schedule (once the body keeps one here) has fewer days than the minimum its level owes.
One query per source, whatever the number of items; none for a role with nothing of the kind."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor
from phoihop.organizations.models import Organization
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import (
    COUNTED_DAY_STATES,
    WAITING_ANSWER_STATES,
    WAITING_FOLLOWUP_STATES,
    AnswerState,
    FollowUpState,
)
from .models import FollowUp, PlannedDay, ReceptionSession
from .queries import month_bounds
from .rules import ACTING_ROLES, KEEPING_KIND
from .schema import reception_data

__all__ = ["SOURCES"]

PLACEHOLDER = "999999999"


def _body(user: Actor) -> int | None:
    """The user's body when the user acts for it (clerk, specialist, leader); None otherwise."""
    return user.organization_id if user.organization_id and user.role in ACTING_ROLES else None


def _session_url() -> str:
    return reverse("reception-session", args=[PLACEHOLDER])


# --- written answers -------------------------------------------------------------------------------------------


def _answers(user: Actor, today: dt.date) -> QuerySet[ReceptionSession] | None:
    org = _body(user)
    if org is None:
        return None
    return ReceptionSession.objects.filter(organization_id=org, answer_state__in=WAITING_ANSWER_STATES)


def _answer_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _answers(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("organization")
        .only("id", "held_on", "answer_due_on", "answer_state", "people_count", "organization__name")
        .order_by("answer_due_on", "pk")[:limit]
    )
    url = _session_url()
    overdue, waiting = _("Trả lời bằng văn bản quá hạn"), _("Trả lời bằng văn bản người được tiếp")
    return [
        WorkItem(
            what=overdue if s.answer_state == AnswerState.OVERDUE else waiting,
            title=_("Buổi tiếp dân ngày %(day)s (%(n)s người)")
            % {"day": f"{s.held_on:%d/%m/%Y}", "n": s.people_count},
            from_body=s.organization.name,
            to_body=s.organization.name,
            deadline=s.answer_due_on,
            url=url.replace(PLACEHOLDER, str(s.pk)),
            ref=s.pk,
        )
        for s in rows
    ]


# --- follow-ups ------------------------------------------------------------------------------------------------


def _followups(user: Actor, today: dt.date) -> QuerySet[FollowUp] | None:
    org = _body(user)
    if org is None:
        return None
    return FollowUp.objects.filter(session__organization_id=org, state__in=WAITING_FOLLOWUP_STATES)


def _followup_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _followups(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("session", "session__organization")
        .only("id", "task", "due_on", "state", "responsible", "session__id", "session__organization__name")
        .order_by("due_on", "pk")[:limit]
    )
    url = _session_url()
    overdue, waiting = _("Việc sau buổi tiếp dân quá hạn"), _("Việc sau buổi tiếp dân")
    return [
        WorkItem(
            what=overdue if f.state == FollowUpState.OVERDUE else waiting,
            title=f.task[:200],
            from_body=f.session.organization.name,
            to_body=f.responsible or f.session.organization.name,
            deadline=f.due_on,
            url=url.replace(PLACEHOLDER, str(f.session_id)),
            ref=f.pk,
        )
        for f in rows
    ]


# --- a month below the minimum ----------------------------------------------------------------------------------


def _below(user: Actor, today: dt.date) -> QuerySet[Organization] | None:
    """The user's body, when it keeps its schedule here (a day planned once, whenever) and the current month has
    fewer days than the minimum of its level. A body that never planned a day keeps it elsewhere (on paper): the
    queue does not nag it; its schedule page still shows the check."""
    org = _body(user)
    if org is None:
        return None
    minimums = reception_data().minimums
    first, last = month_bounds(today)
    days = (
        PlannedDay.objects.filter(
            organization_id=OuterRef("pk"), day__gte=first, day__lte=last, state__in=COUNTED_DAY_STATES
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("day", distinct=True))
        .values("n")
    )
    below = Q()
    for level, m in minimums.items():
        below |= Q(level=level, planned_days__lt=m.days_per_month)
    keeps = PlannedDay.objects.filter(organization_id=OuterRef("pk"))
    return (
        Organization.objects.filter(pk=org, kind=KEEPING_KIND, level__in=list(minimums))
        .filter(Exists(keeps))
        .annotate(planned_days=Coalesce(Subquery(days), Value(0)))
        .filter(below)
    )


def _below_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _below(user, today)
    if rows is None:
        return []
    minimums = reception_data().minimums
    first, last = month_bounds(today)
    url = reverse("reception-schedule") + f"?thang={today:%m/%Y}"
    return [
        WorkItem(
            what=_("Lịch tiếp dân dưới mức tối thiểu"),
            title=_("Tháng %(month)s: %(n)s/%(min)s ngày tiếp dân")
            % {
                "month": f"{today:%m/%Y}",
                "n": o.planned_days,  # type: ignore[attr-defined]
                "min": minimums[o.level].days_per_month,
            },
            from_body=o.name,
            to_body=o.name,
            deadline=last,
            url=url,
            ref=o.pk,
        )
        for o in rows.only("id", "name", "level")[:limit]
    ]


SOURCES: dict[str, tuple[int, WorkSource]] = {
    "reception.answers": (
        160,
        WorkSource(gettext_lazy("Trả lời người được bí thư tiếp"), _answers, _answer_items),
    ),
    "reception.followups": (
        165,
        WorkSource(gettext_lazy("Việc sau buổi tiếp dân"), _followups, _followup_items),
    ),
    "reception.minimum": (
        170,
        WorkSource(gettext_lazy("Lịch tiếp dân dưới mức tối thiểu"), _below, _below_items),
    ),
}

for _name, (_order, _source) in SOURCES.items():
    work.add(_name, _source, order=_order)
