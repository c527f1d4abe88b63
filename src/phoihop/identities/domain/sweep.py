"""What falls due on protection requests, applied by the sweep: on the follow-up date of an open or in-force
protection, the keeping body's custodians are told (a notification naming the handle only, never the person),
once per follow-up date (claimed with a conditional UPDATE of `follow_up_flagged`; a new date resets it).

Cost: with nothing due a run is one query (the probe, on the partial index `protection_follow_up_idx`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.sql import StateIn
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import Notice, notify_many

from ..enums import FOLLOWED_STATES
from ..models import Custodian, ProtectionRequest

__all__ = ["apply_due", "probe"]

_FOLLOWED = sorted(str(s) for s in FOLLOWED_STATES)


def probe(today: dt.date) -> list[int]:
    """The ids of the followed protection requests whose follow-up date has come and was not yet told."""
    return list(
        ProtectionRequest.objects.filter(StateIn(_FOLLOWED), follow_up_flagged=False, follow_up_on__lte=today)
        .order_by()
        .values_list("pk", flat=True)
    )


def custodians_of(organization_id: int, today: dt.date) -> list[User]:
    """The users designated custodians of the body today (who must act)."""
    ids = (
        Custodian.objects.filter(organization_id=organization_id, designated_on__lte=today)
        .exclude(ended_on__lte=today)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _tell(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        lock_chain()  # before the row's update (audit.domain.lock_chain)
        row = (
            ProtectionRequest.objects.select_related("identity")
            .filter(StateIn(_FOLLOWED), pk=pk, follow_up_flagged=False, follow_up_on__lte=today)
            .first()
        )
        if row is None or row.follow_up_on is None:
            return 0
        day = row.follow_up_on
        claimed = ProtectionRequest.objects.filter(pk=pk, follow_up_on=day, follow_up_flagged=False).update(
            follow_up_flagged=True
        )
        if claimed != 1:
            return 0
        handle = row.identity.handle
        record(
            actor=None,
            action=AuditAction.CHANGED,
            target=row,
            summary=f"Đến hạn theo dõi việc bảo vệ người tố cáo {handle} ({day:%d/%m/%Y})",
            data={"follow_up_on": day.isoformat(), "follow_up_flagged": True},
        )
        notify_many(
            [
                Notice(
                    users=custodians_of(row.organization_id, today),
                    kind="identities.follow_up",
                    title=f"Đến hạn theo dõi việc bảo vệ người tố cáo {handle} ({day:%d/%m/%Y})",
                    dedupe_key=f"identities.follow_up:{pk}:{day.isoformat()}",
                    url=reverse("identity-detail", args=[row.identity_id]),
                    email=False,
                )
            ]
        )
        return 1

    return apply


def apply_due(now: dt.datetime | None = None, tally: Tally | None = None) -> dict[str, int]:
    today = local_date(now or timezone.now())
    due = probe(today)
    if not due:
        return {}
    tally = tally or Tally()
    return tally.add_to({"follow_up": each(due, _tell(today), what="protection request", tally=tally)})
