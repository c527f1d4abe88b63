"""What falls due, applied by the sweep: deemed consent, overdue flags, reminders; and deadline
recomputation when the holiday calendar changes. Every outcome is claimed with a conditional UPDATE, so
repeated, late or concurrent runs give exactly one outcome."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.accounts.queries import users_of
from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import end_of_day, local_date
from phoihop.common.errors import Conflict
from phoihop.common.sweeping import Tally, each, stop_requested
from phoihop.common.transitions import Batch
from phoihop.notifications.domain import Notice, notified_for, notify, notify_many
from phoihop.organizations.models import Organization
from phoihop.regulations.queries import light_regulation
from phoihop.workdays.queries import current_calendar

from ..enums import ANSWERABLE_STATES, LIVE_DRAFT_STATES, DeliveryState, DraftState, RequestState
from ..models import AnswerDraft, Delivery
from ..queries import past_due
from ..rules import handlers_of
from .deadlines import compute_deadline
from .policy import kind_policy
from .transitions import flag_overdue, set_delivery_state

REMIND_WORKING_DAYS_BEFORE = 2
# The reminder probe looks this far ahead without reading the calendar: two working days never span more than
# 14 calendar days (the longest official break, Tết, is 9 days with its weekends). Only when a copy falls in
# this window is the calendar read and the exact horizon applied.
REMINDER_LOOKAHEAD = dt.timedelta(days=14)
# Due copies are loaded by id in chunks of this many (one query per chunk).
LOAD_CHUNK = 500
# Due copies applied in one transaction: their claims, then their audit events and notices written together
# (issue 10, cause 4: 11 queries a deemed copy before, one UPDATE a copy and a few a chunk now).
APPLY_CHUNK = 100

log = logging.getLogger("phoihop.sweep")


class _Run:
    """What one sweep run reads again and again: each regulation's policy and each body's users (bench/: a
    policy query per delivery and a users query per notice made a week's backlog take 80 s)."""

    def __init__(self) -> None:
        self._users: dict[int, list[User]] = {}
        self._policies: dict[tuple[int, str], Any] = {}
        self._notified: dict[str, set[int]] = {}
        self.tally = Tally()
        # what the chunk in hand writes when it ends: its transitions' audit events and its notices
        self.batch = Batch()
        self.notices: list[Notice] = []

    def handlers(self, delivery: Delivery, *, sender: bool = True) -> list[User]:
        """Who is told of this copy's deadline events (rules.handlers_of), from the bodies' users read once a
        run: the sender's side too unless `sender` is False (a reminder is the recipient's)."""
        senders = self.users(delivery.request.sender) if sender else []
        return handlers_of(delivery, senders, self.users(delivery.recipient))

    def read_notified(self, deliveries: list[Delivery], *suffixes: str) -> None:
        """Who was already notified for these copies' events (`delivery:<pk>:<suffix>`), one query for the batch
        instead of one per notice (after one query for the users of the bodies not read yet)."""
        if not deliveries:
            return
        users = self.users(*{o.pk: o for d in deliveries for o in (d.request.sender, d.recipient)}.values())
        keys = [f"delivery:{d.pk}:{suffix}" for d in deliveries for suffix in suffixes]
        self._notified.update(notified_for(keys, [u.pk for u in users]))

    def already(self, dedupe_key: str) -> set[int] | None:
        """The users notified for this key as read by read_notified (None: not read, notify reads it)."""
        return self._notified.get(dedupe_key)

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


def _probe(today: dt.date) -> Any:
    """Every open copy the step may have to act on today, as one query reading indexes only when nothing is
    due: past its deadline day and not flagged overdue yet (deemed consent or the overdue flag; the partial
    index delivery_open_due_idx, so old overdue copies left open are not read), or a reminder not sent yet (on
    the deadline day, or before it within REMINDER_LOOKAHEAD; delivery_due_idx). The model's default ordering
    is cleared: with it, PostgreSQL read the whole request_id index and joined every request (issue 10)."""
    return (
        Delivery.objects.filter(state__in=ANSWERABLE_STATES)
        .filter(
            past_due(today)
            | Q(deadline=today, reminded_due_on__isnull=True)
            | Q(deadline__gt=today, deadline__lte=today + REMINDER_LOOKAHEAD, reminded_before_on__isnull=True)
        )
        .order_by()
        .values_list("pk", "deadline", "overdue")
    )


def _due_ids(today: dt.date) -> tuple[list[int], set[dt.date]]:
    """One probe: the ids of the copies past their deadline day (not flagged overdue yet), in id order, and the
    deadlines of the copies that may need a reminder (only when there are any is the calendar read)."""
    due: list[int] = []
    remind: set[dt.date] = set()
    for pk, deadline, overdue in _probe(today):
        if deadline < today and not overdue:
            due.append(pk)
        else:
            remind.add(deadline)
    return sorted(due), remind


def _load(ids: list[int], run: _Run) -> Iterator[list[Delivery]]:
    """The due copies with what applying them reads, LOAD_CHUNK rows a query, and who was already notified of
    their outcome (one query a chunk), in chunks of APPLY_CHUNK."""
    for start in range(0, len(ids), LOAD_CHUNK):
        rows = list(_light(Delivery.objects.filter(pk__in=ids[start : start + LOAD_CHUNK]).order_by("pk")))
        run.read_notified(rows, "deemed", "overdue")
        for at in range(0, len(rows), APPLY_CHUNK):
            yield rows[at : at + APPLY_CHUNK]


def apply_due(now: dt.datetime) -> dict[str, int]:
    counts = {"deemed_consent": 0, "overdue": 0, "reminders": 0}
    run = _Run()
    today = local_date(now)
    due_ids, remind = _due_ids(today)
    if not due_ids and not remind:
        return run.tally.add_to(counts)  # nothing to do: the probe was the only query

    if due_ids:
        _apply_chunks(due_ids, run, counts)
    if remind and not run.tally.stopped:
        counts["reminders"] = _remind(now, run, remind)
    return run.tally.add_to(counts)


def _apply_chunks(due_ids: list[int], run: _Run, counts: dict[str, int]) -> None:
    """Apply the due copies a chunk (APPLY_CHUNK) a transaction: each copy's claim (its own conditional
    UPDATE), then the audit events and the notices of the chunk written together, all committed at once.
    A chunk that throws is rolled back and applied again a copy a transaction, so that the copy whose data
    throws is logged and skipped (Tally.skipped) while the others proceed. After SIGTERM (stop_requested) the
    copy in hand is finished and its chunk is committed up to it; no further copy is started."""
    for chunk in _load(due_ids, run):
        if stop_requested.is_set():
            run.tally.stopped = True
            return
        try:
            with transaction.atomic():
                done = _apply_chunk(chunk, run)
        except Exception:
            log.warning("sweep: a chunk of %s deliveries threw, applied again one by one", len(chunk))
            again = list(_light(Delivery.objects.filter(pk__in=[d.pk for d in chunk]).order_by("pk")))

            def one(delivery: Delivery) -> int:
                got = _apply_chunk([delivery], run)
                _add(counts, got)
                return 1

            each(again, one, what="delivery", tally=run.tally)
            continue
        _add(counts, done)
        if done["stopped"]:
            run.tally.stopped = True
            return


def _add(counts: dict[str, int], done: dict[str, int]) -> None:
    counts["deemed_consent"] += done["deemed_consent"]
    counts["overdue"] += done["overdue"]


def _apply_chunk(chunk: list[Delivery], run: _Run) -> dict[str, int]:
    """One chunk, inside the caller's transaction: the claims, then `batch.flush()` (the audit events, one read
    of the chain's head and one INSERT) and `notify_many` (one INSERT of notifications, one of e-mails)."""
    done = {"deemed_consent": 0, "overdue": 0, "stopped": 0}
    run.batch, run.notices = Batch(), []
    deemed: list[int] = []
    for i, delivery in enumerate(chunk):
        if i and stop_requested.is_set():
            done["stopped"] = 1
            break
        policy = run.policy(delivery.request.regulation, delivery.request.kind)
        if policy is not None and policy.deemed_consent:
            if _deem(delivery, policy.deemed_consent_article, run):
                deemed.append(delivery.pk)
        else:
            done["overdue"] += _flag_overdue(delivery, run)
    done["deemed_consent"] = len(deemed)
    _drop_drafts(deemed)
    run.batch.flush()
    notify_many(run.notices)
    run.notices = []
    return done


def _drop_drafts(deemed: list[int]) -> None:
    """The deemed copies' live answer drafts become "dropped" (issue 11: the body's deemed consent does not wait
    for its internal steps): one UPDATE for the chunk, in its transaction, whatever the number of drafts. The
    copy's own audit event (deemed consent) is the record of it; a draft has no event of its own here."""
    if deemed:
        AnswerDraft.objects.filter(delivery_id__in=deemed, state__in=sorted(LIVE_DRAFT_STATES)).update(
            state=DraftState.DROPPED, updated_at=timezone.now()
        )


def _deem(delivery: Delivery, article: str, run: _Run) -> int:
    assert delivery.deadline is not None
    request = delivery.request
    at = end_of_day(delivery.deadline)
    # Called inside the chunk's transaction (_apply_chunk): the claim now, its audit event and its notice when
    # the chunk ends, all committed or rolled back together. A lost claim raises Conflict before anything is
    # written, so no savepoint of its own is needed.
    try:
        set_delivery_state(
            delivery,
            DeliveryState.DEEMED_CONSENT,
            actor=None,
            summary=f"Quá hạn {delivery.deadline:%d/%m/%Y} không trả lời: coi như đồng ý, cùng chịu trách nhiệm — {article}",
            batch=run.batch,
            deemed_at=at,
        )
    except Conflict:
        return 0  # answered, withdrawn or deemed by a concurrent worker: exactly one outcome
    key = f"delivery:{delivery.pk}:deemed"
    run.notices.append(
        Notice(
            run.handlers(delivery),
            kind="delivery.deemed_consent",
            title=(
                f"{delivery.recipient.name} không trả lời văn bản {request.document_number} đến hết ngày "
                f"{delivery.deadline:%d/%m/%Y}: coi như đồng ý"
            ),
            url=request.get_absolute_url(),
            dedupe_key=key,
            already=run.already(key),
        )
    )
    return 1


def _flag_overdue(delivery: Delivery, run: _Run) -> int:
    # inside the chunk's transaction, as _deem
    try:
        flag_overdue(delivery, summary=f"Quá hạn trả lời {delivery.deadline:%d/%m/%Y}", batch=run.batch)
    except Conflict:
        return 0  # answered, withdrawn or flagged by a concurrent worker: exactly one outcome
    key = f"delivery:{delivery.pk}:overdue"
    run.notices.append(
        Notice(
            run.handlers(delivery),
            kind="delivery.overdue",
            title=f"Văn bản {delivery.request.document_number}: {delivery.recipient.name} quá hạn trả lời",
            url=delivery.request.get_absolute_url(),
            dedupe_key=key,
            already=run.already(key),
        )
    )
    return 1


def _remind(now: dt.datetime, run: _Run, deadlines: set[dt.date]) -> int:
    """Reminders on working days only: once in the last two working days before the deadline, once on it.
    `deadlines`: those of the open copies the probe found not reminded yet; a query runs only for a kind of
    reminder one of them needs."""
    calendar = current_calendar()
    today = local_date(now)
    if not calendar.is_working_day(today):
        return 0
    horizon = calendar.add_working_days(today, REMIND_WORKING_DAYS_BEFORE)
    if not any(today <= d <= horizon for d in deadlines):
        return 0
    # a request the sender has closed needs no more reminders (its open copies still fall due)
    open_ = Delivery.objects.filter(
        state__in=ANSWERABLE_STATES, request__state=RequestState.SENT
    ).select_related("request", "recipient")
    before = open_.filter(deadline__gt=today, deadline__lte=horizon, reminded_before_on__isnull=True)
    sent = _remind_chunks(list(before.order_by("pk")), "before", run, today)
    if run.tally.stopped:
        return sent
    on_the_day = open_.filter(deadline=today, reminded_due_on__isnull=True)
    return sent + _remind_chunks(list(on_the_day.order_by("pk")), "due", run, today)


def _remind_chunks(deliveries: list[Delivery], which: str, run: _Run, today: dt.date) -> int:
    """The reminders of these copies a chunk (APPLY_CHUNK) a transaction, as _apply_chunks: a chunk that throws
    is applied again a copy a transaction (the copy whose data throws is logged and skipped); after SIGTERM the
    copy in hand is finished and its chunk committed."""
    sent = 0
    for start in range(0, len(deliveries), APPLY_CHUNK):
        chunk = deliveries[start : start + APPLY_CHUNK]
        if stop_requested.is_set():
            run.tally.stopped = True
            break
        try:
            with transaction.atomic():
                done, stopped = _remind_chunk(chunk, which, run, today)
        except Exception:
            log.warning("sweep: a chunk of %s reminders threw, applied again one by one", len(chunk))
            sent += each(
                chunk, lambda d: _remind_chunk([d], which, run, today)[0], what="reminder", tally=run.tally
            )
            continue
        sent += done
        if stopped:
            run.tally.stopped = True
            break
    return sent


def _remind_chunk(chunk: list[Delivery], which: str, run: _Run, today: dt.date) -> tuple[int, bool]:
    """Claim each copy's reminder (a conditional UPDATE: one sweep wins) and write the chunk's notifications
    (notify_many) in the caller's ONE transaction, so a sweep that dies between the two leaves neither, and the
    next sweep sends them. Returns (reminders sent, stopped by SIGTERM)."""
    field = f"reminded_{which}_on"
    run.users(*{d.recipient_id: d.recipient for d in chunk}.values())  # the bodies' users, one query
    notices: list[Notice] = []
    stopped = False
    for i, delivery in enumerate(chunk):
        if i and stop_requested.is_set():
            stopped = True
            break
        if Delivery.objects.filter(pk=delivery.pk, **{f"{field}__isnull": True}).update(**{field: today}):
            notices.append(_reminder(delivery, which, run))
    notify_many(notices)
    return len(notices), stopped


def _reminder(delivery: Delivery, which: str, run: _Run) -> Notice:
    assert delivery.deadline is not None
    request = delivery.request
    title = (
        f"Hôm nay ({delivery.deadline:%d/%m/%Y}) là hạn trả lời văn bản {request.document_number}"
        if which == "due"
        else f"Sắp đến hạn trả lời văn bản {request.document_number}: {delivery.deadline:%d/%m/%Y}"
    )
    return Notice(
        run.handlers(delivery, sender=False),
        kind=f"delivery.reminder.{which}",
        title=title,
        body=request.subject,
        url=request.get_absolute_url(),
        dedupe_key=f"delivery:{delivery.pk}:remind-{which}:{delivery.deadline.isoformat()}",
    )


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
