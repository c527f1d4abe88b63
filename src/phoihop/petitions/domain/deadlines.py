"""The legal time limits of one petition: rows of PetitionDeadline opened from phoihop.legal's rules
(data/legal/petitions.yaml), met by the petition's own events, flagged overdue by the sweep.

Interface the petitions domain calls (each inside or outside the caller's transaction; each idempotent):
- `start(petition, event, on, *, actor)`: opens the deadlines of the rules that count from `event` ("received",
  "accepted") on `on` for the petition's kind (a rule already opened for the petition is left as it is). A rule
  with `when: competent | not_competent` opens only once the petition is classified so (see `meet`), counted all
  the same from its own start event;
- `meet(petition, event, on, *, actor)`: marks done on `on` the open deadlines that `event` meets ("classified",
  "accepted", ...); "transferred" and "closed" meet every open deadline (the petition leaves the body's hands:
  call `meet(p, "closed", on)` for a petition guided or filed too). "classified" then opens the rules whose
  `when` the classification satisfies;
- `extend(petition, rule, *, times, on, actor)`: a leader of the receiving body extends an open deadline whose
  rule allows it (`extension` in the data), before it ends: `extended_to` is the limit after `times` extensions
  in all (e.g. 2 for a particularly complex denunciation), counted on from the limit before;
- `apply_due(now)`: the sweep step "petitions.deadlines": every open deadline whose last day is before today
  (Asia/Ho_Chi_Minh: overdue from 00:00 of the day after) is flagged, with its audit event, a PetitionEvent and a
  notice to the receiving body's leaders. The probe is one query on the partial index petition_deadline_due_idx:
  with nothing due the step makes no other query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.accounts.types import Actor
from phoihop.audit.domain import CHANGE_AUDIT, lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict, DomainError, NotAllowed
from phoihop.common.sweeping import Tally, each
from phoihop.common.transitions import Machine, transition
from phoihop.legal import rules as legal
from phoihop.notifications.domain import Notice, notify_many
from phoihop.workdays.queries import current_calendar

from ..enums import OPEN_STATES, EventKind
from ..models import Petition, PetitionDeadline, PetitionEvent
from ..rules import is_receiving_member

__all__ = ["LEAVING_EVENTS", "OVERDUE", "apply_due", "extend", "meet", "start"]

# Events after which the body owes nothing more under any time limit of the petition.
LEAVING_EVENTS = frozenset({"transferred", "closed"})
PROBE_LIMIT = 5000
_OPEN_STATES = frozenset(str(s) for s in OPEN_STATES)

OVERDUE: Machine[PetitionDeadline, bool] = Machine(
    model=PetitionDeadline,
    field="overdue",
    table={False: frozenset({True}), True: frozenset()},
    label=lambda flagged: "quá hạn" if flagged else "chưa quá hạn",
    refused="Thời hạn này đã được đánh dấu quá hạn.",
    lost_race="Thời hạn này vừa được đáp ứng hoặc đã được đánh dấu quá hạn.",
    audit=CHANGE_AUDIT,
)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _applies(rule: legal.LegalRule, petition: Petition) -> bool:
    if rule.when == "competent":
        return petition.within_competence is True
    if rule.when == "not_competent":
        return petition.within_competence is False
    return True


def _open(
    petition: Petition, pairs: Sequence[tuple[legal.LegalRule, dt.date]], actor: Actor | None
) -> list[PetitionDeadline]:
    """Create the deadlines of `pairs` (rule, start day) the petition has not got yet, with one audit event."""
    if not pairs:
        return []
    calendar = current_calendar()
    with transaction.atomic():
        lock_chain()
        have = set(
            PetitionDeadline.objects.filter(
                petition=petition, rule__in=[r.code for r, _start in pairs]
            ).values_list("rule", flat=True)
        )
        new = [
            PetitionDeadline(
                petition=petition,
                rule=r.code,
                starts_on=day,
                due_on=legal.due_date(r, day, complex=petition.complex, calendar=calendar),
            )
            for r, day in pairs
            if r.code not in have
        ]
        if not new:
            return []
        PetitionDeadline.objects.bulk_create(new, ignore_conflicts=True)
        titles = {r.code: r.title for r, _start in pairs}
        record(
            actor=actor,
            action=AuditAction.CREATED,
            target=petition,
            summary=_("Bắt đầu tính thời hạn của đơn %(code)s: %(list)s")
            % {
                "code": petition.register_code,
                "list": "; ".join(f"{titles[d.rule]} (hạn {_day(d.due_on)})" for d in new),
            },
            data={
                "deadlines": {
                    d.rule: {"starts_on": d.starts_on.isoformat(), "due_on": d.due_on.isoformat()}
                    for d in new
                }
            },
        )
    return new


def start(petition: Petition, event: str, on: dt.date, *, actor: Actor | None) -> list[PetitionDeadline]:
    """Open the deadlines of the rules counted from `event` on `on` (those already opened are kept as they are).
    Returns the deadlines created (none when every one was already there)."""
    found = [r for r in legal.rules_starting(petition.kind, event, on) if _applies(r, petition)]
    return _open(petition, [(r, on) for r in found], actor)


def _start_day(rule: legal.LegalRule, petition: Petition) -> dt.date | None:
    if rule.starts == "received":
        return petition.received_on
    if rule.starts == "accepted":
        return petition.accepted_on
    return None


def meet(petition: Petition, event: str, on: dt.date, *, actor: Actor | None) -> int:
    """Mark done on `on` the open deadlines `event` meets (every open one for "transferred" and "closed"); an
    overdue deadline met late keeps its flag. Returns how many were met (0 when none was open: idempotent)."""
    rows = PetitionDeadline.objects.filter(petition=petition, done_on__isnull=True)
    if event not in LEAVING_EVENTS:
        rows = rows.filter(rule__in=[r.code for r in legal.rules_ending(event)])
    met = 0
    with transaction.atomic():
        lock_chain()
        due = {d.pk: d for d in rows.select_for_update().order_by("pk")}
        if due:
            met = PetitionDeadline.objects.filter(pk__in=list(due), done_on__isnull=True).update(done_on=on)
            titles = {r.code: r.title for r in legal.all_rules()}
            record(
                actor=actor,
                action=AuditAction.CHANGED,
                target=petition,
                summary=_("Đơn %(code)s: hoàn thành %(list)s ngày %(day)s")
                % {
                    "code": petition.register_code,
                    "list": "; ".join(titles.get(d.rule, d.rule) for d in due.values()),
                    "day": _day(on),
                },
                data={
                    "event": event,
                    "met": {
                        d.rule: {
                            "due_on": d.due_on.isoformat(),
                            "done_on": on.isoformat(),
                            "late": on > d.due_on,
                        }
                        for d in due.values()
                    },
                },
            )
        if event == "classified":
            conditional = [
                (r, day)
                for r in legal.all_rules()
                if r.when
                and petition.kind in r.applies_to
                and _applies(r, petition)
                and (day := _start_day(r, petition)) is not None
                and r.in_force_on(day)
            ]
            _open(petition, conditional, actor)
    return met


def extend(petition: Petition, rule: str, *, times: int, on: dt.date, actor: Actor) -> PetitionDeadline:
    """Extend the petition's open deadline of `rule` on `on` to its limit after `times` extensions in all.
    DomainError (Vietnamese) when the actor is not a leader of the receiving body, the rule allows no extension
    or not that many, the deadline is done, already ended on `on`, or already extended that far."""
    if not is_receiving_member(actor, petition) or actor.role != Role.LEADER:
        raise NotAllowed(_("Chỉ lãnh đạo cơ quan tiếp nhận đơn được gia hạn."), code="not_allowed")
    try:
        found = legal.rule(rule)
    except KeyError:
        raise DomainError(
            _("Không có quy định về thời hạn này."), code="unknown_rule", field="rule"
        ) from None
    if not found.extension_days or not found.extension_times:
        raise DomainError(
            _("%(rule)s (%(article)s) không cho phép gia hạn.")
            % {"rule": found.title, "article": found.article},
            code="no_extension",
            field="rule",
        )
    if not 1 <= times <= found.extension_times:
        raise DomainError(
            _("%(rule)s được gia hạn tối đa %(n)s lần.") % {"rule": found.title, "n": found.extension_times},
            code="too_many_extensions",
            field="times",
        )
    with transaction.atomic():
        lock_chain()
        deadline = (
            PetitionDeadline.objects.select_for_update().filter(petition=petition, rule=found.code).first()
        )
        if deadline is None or deadline.done_on is not None:
            raise DomainError(_("Đơn này không có thời hạn đang mở theo quy định này."), code="not_open")
        current = deadline.extended_to or deadline.due_on
        if on > current:
            raise DomainError(
                _("Thời hạn đã hết ngày %(day)s: không gia hạn được.") % {"day": _day(current)}, code="ended"
            )
        new = legal.extended_due_date(
            found, deadline.starts_on, times=times, complex=petition.complex, calendar=current_calendar()
        )
        assert new is not None  # the rule allows extensions (checked above)
        if new <= current:
            raise DomainError(
                _("Thời hạn đã được gia hạn đến %(day)s.") % {"day": _day(current)}, code="already_extended"
            )
        PetitionDeadline.objects.filter(pk=deadline.pk).update(extended_to=new)
        summary = _("Đơn %(code)s: gia hạn %(rule)s đến %(day)s (lần %(n)s)") % {
            "code": petition.register_code,
            "rule": found.title,
            "day": _day(new),
            "n": times,
        }
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=petition,
            summary=summary,
            data={
                "rule": found.code,
                "changes": {"extended_to": [_iso(deadline.extended_to), new.isoformat()]},
            },
        )
        PetitionEvent.objects.create(petition=petition, kind=EventKind.DEADLINE, actor=actor, text=summary)
        deadline.extended_to = new
    return deadline


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- the sweep ------------------------------------------------------------------------------------------------


def due(now: dt.datetime) -> Q:
    """Open deadlines not flagged whose last day (extended or not) ended before `now`: the partial index's
    condition on `due_on`, the few extended ones filtered among the rows it reads."""
    today = local_date(now)
    return Q(done_on__isnull=True, overdue=False, due_on__lt=today) & (
        Q(extended_to__isnull=True) | Q(extended_to__lt=today)
    )


def _leaders_of(organization_ids: Iterable[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        organization_id__in=set(organization_ids), role=Role.LEADER, is_active=True
    ).order_by("pk"):
        found[user.organization_id].append(user)  # type: ignore[index]
    return found


def _url(petition: Petition) -> str:
    try:
        return petition.get_absolute_url()
    except NoReverseMatch:  # pragma: no cover - the petition pages are always installed
        return ""


def apply_due(now: dt.datetime) -> dict[str, int]:
    """Flag every deadline that fell due before today (one transaction per deadline, common.sweeping.each).
    A deadline of a petition no longer open (guided, filed, closed without `meet`) is closed instead, on the day
    the petition was decided or closed."""
    ids = list(
        PetitionDeadline.objects.filter(due(now)).order_by().values_list("pk", flat=True)[:PROBE_LIMIT]
    )
    if not ids:
        return {"overdue": 0}
    deadlines = list(
        PetitionDeadline.objects.filter(pk__in=ids).select_related("petition").order_by("due_on", "pk")
    )
    leaders = _leaders_of(d.petition.organization_id for d in deadlines)
    titles = {r.code: r for r in legal.all_rules()}
    today = local_date(now)
    tally = Tally()
    closed = 0

    def apply(deadline: PetitionDeadline) -> int:
        nonlocal closed
        petition = deadline.petition
        rule = titles.get(deadline.rule)
        title = rule.title if rule is not None else deadline.rule
        if petition.state not in _OPEN_STATES:
            on = petition.closed_on or petition.decided_on or today
            closed += meet(petition, "closed", on, actor=None)
            return 0
        last = deadline.extended_to or deadline.due_on
        summary = _("Đơn %(code)s quá hạn: %(rule)s (hạn %(day)s)") % {
            "code": petition.register_code,
            "rule": title,
            "day": _day(last),
        }
        try:
            transition(
                OVERDUE,
                deadline,
                True,
                summary=summary,
                data={"deadline": deadline.pk, "rule": deadline.rule, "due_on": last.isoformat()},
                guard=Q(done_on__isnull=True) & (Q(extended_to__isnull=True) | Q(extended_to__lt=today)),
                target=petition,
            )
        except Conflict:
            return 0
        PetitionEvent.objects.create(petition=petition, kind=EventKind.DEADLINE, at=now, text=summary)
        law = f" ({rule.law}, {rule.article})" if rule is not None else ""
        notify_many(
            [
                Notice(
                    users=leaders.get(petition.organization_id, []),
                    kind="petitions.deadline_overdue",
                    title=_("Đơn %(code)s quá hạn: %(rule)s")
                    % {"code": petition.register_code, "rule": title},
                    body=_("Hạn %(day)s%(law)s.") % {"day": _day(last), "law": law},
                    url=_url(petition),
                    dedupe_key=f"petition-deadline:{deadline.pk}:overdue",
                )
            ]
        )
        return 1

    done = each(deadlines, apply, what="petition deadline", tally=tally)
    counts = {"overdue": done}
    if closed:
        counts["closed"] = closed
    return tally.add_to(counts)
