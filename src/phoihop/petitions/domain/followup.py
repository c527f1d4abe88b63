"""Following up transferred petitions until the receiving body reports its result (003 4.1.đ).

`apply_due(now)`: a transferred petition whose `result_due_on` has passed (from 00:00 Asia/Ho_Chi_Minh of the day
after it) becomes overdue: `result_overdue` on it and on the receiving body's open petition (so that both bodies'
work queues show it, once each), an event, an audit event and a notice to both bodies' leaders. The probe is one
query on the partial index petition_result_due_idx: with nothing due the step makes no other query. Each
petition is claimed with a conditional UPDATE in its own transaction (common.sweeping.each): repeated, late or
concurrent runs flag it once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.sql import StateIn
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import Notice, notify_many

from .. import queries, rules
from ..enums import OPEN_STATES, EventKind, PetitionState
from ..models import Petition, PetitionEvent

__all__ = ["apply_due", "probe"]

_TRANSFERRED = [str(PetitionState.TRANSFERRED)]
_OPEN = [str(s) for s in OPEN_STATES]


def due(today: dt.date) -> Q:
    return Q(result_overdue=False, result_due_on__lt=today)


def probe(today: dt.date) -> list[int]:
    """The ids of the transferred petitions whose result is overdue on `today` and not yet flagged."""
    return list(
        Petition.objects.filter(StateIn(_TRANSFERRED), due(today))
        .order_by()
        .values_list("pk", flat=True)[:5000]
    )


def _flag(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        lock_chain()
        petition = (
            Petition.objects.filter(StateIn(_TRANSFERRED), due(today), pk=pk)
            .select_related("transferred_to", "organization")
            .first()
        )
        if petition is None or petition.result_due_on is None:
            return 0
        if Petition.objects.filter(StateIn(_TRANSFERRED), due(today), pk=pk).update(result_overdue=True) != 1:
            return 0
        Petition.objects.filter(StateIn(_OPEN), source_id=pk).update(result_overdue=True)
        due_on = petition.result_due_on
        to = petition.transferred_to.name if petition.transferred_to else ""
        text = _("Quá hạn báo cáo kết quả (hạn %(due)s): %(to)s chưa báo cáo kết quả giải quyết") % {
            "due": f"{due_on:%d/%m/%Y}",
            "to": to,
        }
        PetitionEvent.objects.create(petition=petition, kind=EventKind.DEADLINE, at=timezone.now(), text=text)
        record(
            actor=None,
            action=AuditAction.CHANGED,
            target=petition,
            summary=_("Đơn số %(code)s đã chuyển: quá hạn báo cáo kết quả (hạn %(due)s)")
            % {"code": petition.register_code, "due": f"{due_on:%d/%m/%Y}"},
            data={"result_overdue": True, "result_due_on": due_on.isoformat()},
        )
        bodies = [petition.organization_id] + (
            [petition.transferred_to_id] if petition.transferred_to_id else []
        )
        users = queries.active_users_of(bodies)
        received = Petition.objects.filter(source_id=pk).order_by("pk").only("pk", "organization_id").first()
        notices = [
            Notice(
                users=rules.handlers(
                    users.get(petition.organization_id, []), prefer=[petition.created_by_id]
                ),
                kind="petitions.overdue",
                title=_("Quá hạn báo cáo kết quả đơn đã chuyển: %(title)s") % {"title": petition.title[:200]},
                body=text,
                url=petition.get_absolute_url(),
                dedupe_key=f"petition:{petition.pk}:overdue",
            )
        ]
        if received is not None and petition.transferred_to_id:
            notices.append(
                Notice(
                    users=rules.handlers(users.get(petition.transferred_to_id, [])),
                    kind="petitions.overdue",
                    title=_("Quá hạn báo cáo kết quả đơn được chuyển đến: %(title)s")
                    % {"title": petition.title[:200]},
                    body=_("Hạn báo cáo kết quả cho %(from)s là %(due)s.")
                    % {"from": petition.organization.name, "due": f"{due_on:%d/%m/%Y}"},
                    url=received.get_absolute_url(),
                    dedupe_key=f"petition:{received.pk}:overdue",
                )
            )
        notify_many(notices)
        return 1

    return apply


def apply_due(now: dt.datetime, tally: Tally | None = None) -> dict[str, int]:
    today = local_date(now)
    ids = probe(today)
    if not ids:
        return {}
    tally = tally or Tally()
    done = each(ids, _flag(today), what="petition", tally=tally)
    return tally.add_to({"overdue": done})
