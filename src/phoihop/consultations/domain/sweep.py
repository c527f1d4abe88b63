"""What falls due, applied by the sweep: deemed consent, overdue flags, reminders; and deadline
recomputation when the holiday calendar changes. Every outcome is claimed with a conditional UPDATE, so
repeated, late or concurrent runs give exactly one outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import end_of_day, local_date
from phoihop.common.errors import Conflict
from phoihop.common.sweeping import Tally, each
from phoihop.notifications.domain import notify
from phoihop.organizations.models import Organization
from phoihop.regulations.queries import light_regulation
from phoihop.workdays.queries import current_calendar

from ..enums import ANSWERABLE_STATES, DeliveryState, RequestState
from ..models import Delivery
from ..queries import due
from .deadlines import compute_deadline
from .policy import kind_policy
from .transitions import flag_overdue, set_delivery_state

REMIND_WORKING_DAYS_BEFORE = 2


class _Run:
    """What one sweep run reads again and again: each regulation's policy and each body's users (bench/: a
    policy query per delivery and a users query per notice made a week's backlog take 80 s)."""

    def __init__(self) -> None:
        self._users: dict[int, list[User]] = {}
        self._policies: dict[tuple[int, str], Any] = {}
        self.tally = Tally()

    def users(self, *orgs: Organization) -> list[User]:
        """accounts.queries.users_of, each body read once per run (one query for the bodies not read yet)."""
        missing = [o for o in orgs if o.pk not in self._users]
        if missing:
            for o in missing:
                self._users[o.pk] = []
            for user in users_of(missing):
                self._users.setdefault(user.organization_id or 0, []).append(user)
        seen: dict[int, User] = {}
        for o in orgs:
            for u in self._users[o.pk]:
                seen.setdefault(u.pk, u)
        return list(seen.values())

    def policy(self, regulation: Any, kind: str) -> Any:
        """The rule of one request kind under one regulation version (read once per run)."""
        key = (regulation.pk, kind)
        if key not in self._policies:
            self._policies[key] = kind_policy(regulation, kind)
        return self._policies[key]


def _light(qs: Any) -> Any:
    """The deliveries with their request, regulation (without its texts), sender and recipient."""
    return qs.select_related("request", "request__regulation", "request__sender", "recipient").defer(
        *light_regulation("request__regulation__")
    )


def apply_due(now: dt.datetime) -> dict[str, int]:
    counts = {"deemed_consent": 0, "overdue": 0, "reminders": 0}
    run = _Run()

    def apply(delivery: Delivery) -> int:
        policy = run.policy(delivery.request.regulation, delivery.request.kind)
        assert delivery.deadline is not None
        if policy is not None and policy.deemed_consent:
            counts["deemed_consent"] += _deem(delivery, policy.deemed_consent_article, run)
        else:
            counts["overdue"] += _flag_overdue(delivery, run)
        return 0

    each(_light(due(now)), apply, what="delivery", tally=run.tally)
    counts["reminders"] = _remind(now, run)
    return run.tally.add_to(counts)


def _deem(delivery: Delivery, article: str, run: _Run) -> int:
    assert delivery.deadline is not None
    request = delivery.request
    at = end_of_day(delivery.deadline)
    try:
        with transaction.atomic():
            set_delivery_state(
                delivery,
                DeliveryState.DEEMED_CONSENT,
                actor=None,
                summary=f"Quá hạn {delivery.deadline:%d/%m/%Y} không trả lời: coi như đồng ý, cùng chịu trách nhiệm — {article}",
                deemed_at=at,
            )
            notify(
                run.users(request.sender, delivery.recipient),
                kind="delivery.deemed_consent",
                title=(
                    f"{delivery.recipient.name} không trả lời văn bản {request.document_number} đến hết ngày "
                    f"{delivery.deadline:%d/%m/%Y}: coi như đồng ý"
                ),
                url=request.get_absolute_url(),
                dedupe_key=f"delivery:{delivery.pk}:deemed",
            )
    except Conflict:
        return 0  # answered, withdrawn or deemed by a concurrent worker: exactly one outcome
    return 1


def _flag_overdue(delivery: Delivery, run: _Run) -> int:
    try:
        with transaction.atomic():
            flag_overdue(delivery, summary=f"Quá hạn trả lời {delivery.deadline:%d/%m/%Y}")
            notify(
                run.users(delivery.request.sender, delivery.recipient),
                kind="delivery.overdue",
                title=f"Văn bản {delivery.request.document_number}: {delivery.recipient.name} quá hạn trả lời",
                url=delivery.request.get_absolute_url(),
                dedupe_key=f"delivery:{delivery.pk}:overdue",
            )
    except Conflict:
        return 0  # answered, withdrawn or flagged by a concurrent worker: exactly one outcome
    return 1


def _remind(now: dt.datetime, run: _Run) -> int:
    """Reminders on working days only: once in the last two working days before the deadline, once on it."""
    calendar = current_calendar()
    today = local_date(now)
    if not calendar.is_working_day(today):
        return 0
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    sent = 0
    # a request the sender has closed needs no more reminders (its open copies still fall due)
    open_ = Delivery.objects.filter(
        state__in=ANSWERABLE_STATES, request__state=RequestState.SENT
    ).select_related("request", "recipient")
    before = open_.filter(deadline__gt=today, deadline__lte=horizon, reminded_before_on__isnull=True)
    sent += each(before, lambda d: _claim_and_send(d, "before", run, today), what="reminder", tally=run.tally)
    on_the_day = open_.filter(deadline=today, reminded_due_on__isnull=True)
    sent += each(
        on_the_day, lambda d: _claim_and_send(d, "due", run, today), what="reminder", tally=run.tally
    )
    return sent


def _claim_and_send(delivery: Delivery, which: str, run: _Run, today: dt.date) -> int:
    """Claim the reminder (a conditional UPDATE: one sweep wins) and write its notification in ONE transaction,
    so a sweep that dies between the two leaves neither, and the next sweep sends it."""
    field = f"reminded_{which}_on"
    with transaction.atomic():
        if not Delivery.objects.filter(pk=delivery.pk, **{f"{field}__isnull": True}).update(**{field: today}):
            return 0
        return _send_reminder(delivery, which, run)


def _send_reminder(delivery: Delivery, which: str, run: _Run) -> int:
    assert delivery.deadline is not None
    request = delivery.request
    title = (
        f"Hôm nay ({delivery.deadline:%d/%m/%Y}) là hạn trả lời văn bản {request.document_number}"
        if which == "due"
        else f"Sắp đến hạn trả lời văn bản {request.document_number}: {delivery.deadline:%d/%m/%Y}"
    )
    with transaction.atomic():
        notify(
            run.users(delivery.recipient),
            kind=f"delivery.reminder.{which}",
            title=title,
            body=request.subject,
            url=request.get_absolute_url(),
            dedupe_key=f"delivery:{delivery.pk}:remind-{which}:{delivery.deadline.isoformat()}",
        )
    return 1


def recompute_open_deadlines(reason: str, actor: Actor | None = None) -> int:
    """After a change of the holiday calendar: recompute the deadline of every received, unanswered delivery
    (an extension date set by the recipient is kept) and tell both bodies what changed and why."""
    calendar = current_calendar()
    changed = 0
    run = _Run()
    candidates = _light(Delivery.objects.filter(state=DeliveryState.RECEIVED, received_on__isnull=False))
    for delivery in candidates:
        policy = run.policy(delivery.request.regulation, delivery.request.kind)
        if policy is None or delivery.received_on is None:
            continue
        request = delivery.request
        new = compute_deadline(
            calendar, policy, delivery.received_on, request.stated_deadline, request.stated_working_days
        )
        if new is None or new.date == delivery.deadline:
            continue
        old = delivery.deadline
        note = f"\nĐiều chỉnh ngày {timezone.localdate():%d/%m/%Y} do thay đổi lịch nghỉ: {reason}"
        with transaction.atomic():
            lock_chain()  # before the row's UPDATE: the audit chain's lock first (AGENTS.md), or a deadlock
            updated = Delivery.objects.filter(
                pk=delivery.pk, state=DeliveryState.RECEIVED, deadline=old
            ).update(
                deadline=new.date, original_deadline=new.date, deadline_explanation=new.explanation + note
            )
            if updated != 1:
                continue
            record(
                actor=actor,
                action=AuditAction.CHANGED,
                target=delivery,
                summary=f"Hạn trả lời đổi từ {old:%d/%m/%Y} thành {new.date:%d/%m/%Y} do thay đổi lịch nghỉ: {reason}",
                data={"old": old.isoformat() if old else None, "new": new.date.isoformat()},
            )
            notify(
                run.users(delivery.request.sender, delivery.recipient),
                kind="delivery.deadline_changed",
                title=(
                    f"Hạn trả lời văn bản {delivery.request.document_number} của {delivery.recipient.name} đổi từ "
                    f"{old:%d/%m/%Y} thành {new.date:%d/%m/%Y}"
                ),
                body=f"Lý do: {reason}",
                url=delivery.request.get_absolute_url(),
                dedupe_key=f"delivery:{delivery.pk}:deadline:{old}:{new.date}",
            )
        changed += 1
    return changed
