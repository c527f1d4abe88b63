"""The sweep's step for information about officials: copies past their result's due date are flagged overdue,
and the sender's handlers told, each copy in its own transaction (common.sweeping.each).

The probe is one query on the partial index copy_result_due_idx (open copies not flagged, with a due date):
with nothing due the step makes no other query. A copy is overdue from 00:00 (Asia/Ho_Chi_Minh) of the day after
its due date (the due date is already a working day: actions._due)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict
from phoihop.common.sql import StateIn
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import Notice, notify_many

from .. import queries, rules
from ..enums import OPEN_COPY_STATES
from ..models import InformationCopy
from .transitions import flag_overdue

_OPEN = sorted(OPEN_COPY_STATES)


def due(now: dt.datetime) -> Q:
    return Q(overdue=False, due_on__isnull=False, due_on__lt=local_date(now))


def flag_overdue_results(now: dt.datetime) -> dict[str, int]:
    ids = list(
        InformationCopy.objects.filter(StateIn(_OPEN), due(now))
        .order_by()
        .values_list("pk", flat=True)[:5000]
    )
    if not ids:
        return {"overdue": 0}
    tally = Tally()
    copies = (
        InformationCopy.objects.filter(pk__in=ids)
        .select_related("information__official", "recipient")
        .order_by("pk")
    )

    def apply(copy: InformationCopy) -> int:
        try:
            flag_overdue(copy, summary=_("Quá hạn báo cáo kết quả xử lý"))
        except Conflict:
            return 0
        info = copy.information
        senders = queries.active_users_of([info.sender_id]).get(info.sender_id, [])
        notify_many(
            [
                Notice(
                    users=rules.handlers(senders, prefer=[info.created_by_id, info.sent_by_id or 0]),
                    kind="information.overdue",
                    title=_("Quá hạn báo cáo kết quả xử lý: %(name)s") % {"name": info.official.full_name},
                    body=_("%(recipient)s chưa báo cáo kết quả xử lý.") % {"recipient": copy.recipient.name},
                    url=info.get_absolute_url(),
                    dedupe_key=f"information:{copy.pk}:overdue",
                )
            ]
        )
        return 1

    done = each(copies, apply, what="information copy", tally=tally)
    return tally.add_to({"overdue": done})
