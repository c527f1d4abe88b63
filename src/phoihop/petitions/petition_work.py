"""What petitions put in the work queue ("Việc cần làm"), for a body's specialists and leaders:

- "petitions.to_decide": petitions received and not yet decided (to classify, then to decide);
- "petitions.to_report": petitions being handled (accepted, own or transferred in) whose result is to report;
- "petitions.result_overdue": transfers whose result is overdue (the sweep flags the transferred petition and
  the receiving body's open petition, domain/followup.py): in the transferring body's queue and in the receiving
  body's, once each (a flagged petition leaves the two sources above).

One query per source; a role with nothing of the kind costs nothing."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import OPEN_STATES, PetitionState
from .models import Petition
from .rules import ACTING_ROLES

__all__ = ["SOURCES"]

PLACEHOLDER = "999999999"
_OPEN = [str(s) for s in OPEN_STATES]
ITEM_FIELDS = (
    "id",
    "year",
    "number",
    "title",
    "state",
    "classified_on",
    "received_on",
    "result_due_on",
    "organization__id",
    "organization__name",
    "source__id",
    "source__result_due_on",
    "source__organization__id",
    "source__organization__name",
    "transferred_to__id",
    "transferred_to__name",
)


def _acts(user: Actor) -> bool:
    return bool(user.organization_id) and user.role in ACTING_ROLES


def _url() -> str:
    return reverse("petition-detail", args=[PLACEHOLDER])


def _rows(qs: QuerySet[Petition], limit: int) -> list[Petition]:
    return list(
        qs.select_related("organization", "source__organization", "transferred_to")
        .only(*ITEM_FIELDS)
        .order_by("received_on", "pk")[:limit]
    )


def _from(p: Petition) -> str:
    return p.source.organization.name if p.source_id and p.source else p.organization.name


def _due(p: Petition) -> dt.date | None:
    """A transferred-in petition's deadline is the source's result due date."""
    return p.source.result_due_on if p.source_id and p.source else None


# --- received, to classify and decide ---------------------------------------------------------------------------


def _to_decide(user: Actor, today: dt.date) -> QuerySet[Petition] | None:
    if not _acts(user):
        return None
    return Petition.objects.filter(
        organization_id=int(user.organization_id or 0), state=PetitionState.RECEIVED, result_overdue=False
    )


def _to_decide_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    qs = _to_decide(user, today)
    if qs is None:
        return []
    url = _url()
    classify, decide = _("Đơn thư cần phân loại"), _("Đơn thư cần quyết định xử lý")
    return [
        WorkItem(
            what=decide if p.classified_on else classify,
            title=p.title,
            from_body=_from(p),
            to_body=p.organization.name,
            deadline=_due(p),
            url=url.replace(PLACEHOLDER, str(p.pk)),
            number=p.register_code,
            ref=p.pk,
        )
        for p in _rows(qs, limit)
    ]


# --- being handled, result to report ---------------------------------------------------------------------------


def _to_report(user: Actor, today: dt.date) -> QuerySet[Petition] | None:
    if not _acts(user):
        return None
    return Petition.objects.filter(
        organization_id=int(user.organization_id or 0), state=PetitionState.HANDLING, result_overdue=False
    )


def _to_report_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    qs = _to_report(user, today)
    if qs is None:
        return []
    url = _url()
    own, transferred = (
        _("Đơn đang giải quyết, cần báo cáo kết quả"),
        _("Đơn được chuyển đến, cần báo cáo kết quả"),
    )
    return [
        WorkItem(
            what=transferred if p.source_id else own,
            title=p.title,
            from_body=_from(p),
            to_body=p.organization.name,
            deadline=_due(p),
            url=url.replace(PLACEHOLDER, str(p.pk)),
            number=p.register_code,
            ref=p.pk,
        )
        for p in _rows(qs, limit)
    ]


# --- transfers whose result is overdue (both bodies) ----------------------------------------------------------


def _overdue(user: Actor, today: dt.date) -> QuerySet[Petition] | None:
    if not _acts(user):
        return None
    return Petition.objects.filter(
        organization_id=int(user.organization_id or 0), state__in=_OPEN, result_overdue=True
    )


def _overdue_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    qs = _overdue(user, today)
    if qs is None:
        return []
    url = _url()
    chase, report = (
        _("Đơn đã chuyển quá hạn báo cáo kết quả"),
        _("Đơn được chuyển đến quá hạn báo cáo kết quả"),
    )
    out = []
    for p in _rows(qs, limit):
        if p.state == PetitionState.TRANSFERRED:
            what, from_body = chase, p.transferred_to.name if p.transferred_to else ""
            deadline = p.result_due_on
        else:
            what, from_body, deadline = report, _from(p), _due(p)
        out.append(
            WorkItem(
                what=what,
                title=p.title,
                from_body=from_body,
                to_body=p.organization.name,
                deadline=deadline,
                url=url.replace(PLACEHOLDER, str(p.pk)),
                number=p.register_code,
                ref=p.pk,
            )
        )
    return out


SOURCES: dict[str, tuple[int, WorkSource]] = {
    "petitions.to_decide": (
        140,
        WorkSource(gettext_lazy("Đơn thư cần phân loại, xử lý"), _to_decide, _to_decide_items),
    ),
    "petitions.to_report": (
        141,
        WorkSource(gettext_lazy("Đơn thư cần báo cáo kết quả giải quyết"), _to_report, _to_report_items),
    ),
    "petitions.result_overdue": (
        142,
        WorkSource(gettext_lazy("Đơn đã chuyển quá hạn báo cáo kết quả"), _overdue, _overdue_items),
    ),
}

for _name, (_order, _source) in SOURCES.items():
    work.add(_name, _source, order=_order)
