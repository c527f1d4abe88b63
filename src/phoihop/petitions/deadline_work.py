"""What the legal time limits of petitions put in the work queue ("Việc cần làm"): for the receiving body's
specialists and leaders, every open deadline of an open petition that is overdue or falls due within
`AHEAD_WORKING_DAYS` working days. One query per call, whatever the number of items; none for other roles.

The horizon is counted on the base calendar (the `holidays` package, no query): the work app writes each item's
own deadline phrase from the full calendar."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.enums import Role
from phoihop.accounts.types import Actor
from phoihop.common.sql import StateIn
from phoihop.legal import rules as legal
from phoihop.work.registry import WorkItem, WorkSource, work
from phoihop.workdays.calendar import WorkCalendar

from .enums import OPEN_STATES
from .models import PetitionDeadline

__all__ = ["AHEAD_WORKING_DAYS", "SOURCE"]

AHEAD_WORKING_DAYS = 3
ACTING_ROLES = frozenset({Role.SPECIALIST, Role.LEADER})
PLACEHOLDER = "999999999"
_BASE = WorkCalendar()


def horizon(today: dt.date) -> dt.date:
    """The last day whose deadlines are shown: the AHEAD_WORKING_DAYS-th working day after today."""
    return _BASE.add_working_days(today, AHEAD_WORKING_DAYS)


def _pending(user: Actor, today: dt.date) -> QuerySet[PetitionDeadline] | None:
    if not user.organization_id or user.role not in ACTING_ROLES:
        return None
    last = horizon(today)
    return PetitionDeadline.objects.filter(
        StateIn([str(s) for s in OPEN_STATES], "petition__state"),
        Q(extended_to__isnull=True, due_on__lte=last) | Q(extended_to__lte=last),
        done_on__isnull=True,
        petition__organization_id=user.organization_id,
    )


def _url() -> str:
    try:
        return reverse("petition-detail", args=[PLACEHOLDER])
    except NoReverseMatch:  # pragma: no cover - the petition pages are always installed
        return ""


def _items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _pending(user, today)
    if rows is None:
        return []
    rows = (
        rows.select_related("petition", "petition__organization")
        .only(
            "id",
            "rule",
            "due_on",
            "extended_to",
            "overdue",
            "petition__id",
            "petition__year",
            "petition__number",
            "petition__title",
            "petition__organization__name",
        )
        .order_by(Coalesce("extended_to", "due_on"), "pk")[:limit]
    )
    url = _url()
    found = {r.code: r for r in legal.all_rules()}
    late = _("quá hạn")
    items = []
    for d in rows:
        rule = found.get(d.rule)
        what = rule.title if rule is not None else d.rule
        last = d.extended_to or d.due_on
        if d.overdue or last < today:
            what = f"{what} ({late})"
        body = d.petition.organization.name
        items.append(
            WorkItem(
                what=what,
                title=d.petition.title,
                from_body=body,
                to_body=body,
                deadline=last,
                url=url.replace(PLACEHOLDER, str(d.petition_id)),
                number=d.petition.register_code,
                ref=d.pk,
            )
        )
    return items


SOURCE = WorkSource(gettext_lazy("Thời hạn xử lý đơn thư"), _pending, _items)
work.add("petitions.deadlines", SOURCE, order=143)
