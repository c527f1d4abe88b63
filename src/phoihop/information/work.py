"""What information about officials puts in the work queue ("Việc cần làm"): for the recipient's specialists and
leaders, information received to acknowledge or whose handling result is to report (by its due date); for the
sender's, handling results overdue. One query per source; a role with nothing of the kind costs nothing."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.accounts.types import Actor
from phoihop.common.sql import StateIn
from phoihop.work.registry import WorkItem, WorkSource, work

from .enums import OPEN_COPY_STATES, CopyState
from .models import InformationCopy
from .rules import ACTING_ROLES

__all__: list[str] = []

_OPEN = sorted(OPEN_COPY_STATES)


def _to_handle(user: Actor, today: dt.date) -> QuerySet[InformationCopy] | None:
    if not user.organization_id or user.role not in ACTING_ROLES:
        return None
    # to acknowledge, or (a copy expecting a result) to report its handling result
    return InformationCopy.objects.filter(
        Q(state=CopyState.SENT) | Q(expects_result=True, state=CopyState.RECEIVED),
        recipient_id=user.organization_id,
    )


def _to_handle_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _to_handle(user, today)
    if rows is None:
        return []
    rows = rows.select_related("information__official", "information__sender").order_by("due_on", "pk")
    url = reverse("information-detail", args=[0])
    out = []
    for c in rows[:limit]:
        info = c.information
        what = (
            _("Báo cáo kết quả xử lý")
            if c.expects_result and c.state == CopyState.RECEIVED
            else _("Thông tin về cán bộ cần tiếp nhận, xử lý")
        )
        out.append(
            WorkItem(
                what=what,
                title=f"{info.get_kind_display()}: {info.official.full_name}",
                from_body=info.sender.name,
                to_body="",
                deadline=c.due_on,
                url=url.replace("/0/", f"/{info.pk}/"),
                ref=c.pk,
            )
        )
    return out


def _overdue(user: Actor, today: dt.date) -> QuerySet[InformationCopy] | None:
    if not user.organization_id or user.role not in ACTING_ROLES:
        return None
    return InformationCopy.objects.filter(
        StateIn(_OPEN), overdue=True, information__sender_id=user.organization_id
    )


def _overdue_items(user: Actor, today: dt.date, limit: int) -> list[WorkItem]:
    rows = _overdue(user, today)
    if rows is None:
        return []
    rows = rows.select_related("information__official", "recipient").order_by("due_on", "pk")
    url = reverse("information-detail", args=[0])
    return [
        WorkItem(
            what=_("Quá hạn báo cáo kết quả xử lý"),
            title=f"{c.information.get_kind_display()}: {c.information.official.full_name}",
            from_body=c.recipient.name,
            to_body="",
            deadline=c.due_on,
            url=url.replace("/0/", f"/{c.information_id}/"),
            ref=c.pk,
        )
        for c in rows[:limit]
    ]


work.add(
    "information.to_handle",
    WorkSource(gettext_lazy("Thông tin về cán bộ cần xử lý"), _to_handle, _to_handle_items),
    order=70,
)
work.add(
    "information.results_overdue",
    WorkSource(gettext_lazy("Kết quả xử lý thông tin về cán bộ quá hạn"), _overdue, _overdue_items),
    order=71,
)
