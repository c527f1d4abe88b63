"""Writing audit events. Call inside the transaction that makes the change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from phoihop.common.transitions import Audit, Event
from phoihop.common.types import UserLike

from ..chain import GENESIS, LOCK_KEY, hash_of
from ..enums import AuditAction
from ..models import AuditEvent


def record(
    *,
    actor: UserLike | None,
    action: AuditAction,
    target: models.Model,
    summary: str,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event, chained to the last one. Must run inside the caller's atomic block.

    The chain's head is read under a lock held until the caller's transaction ends, so concurrent
    transactions append one after the other and never fork the chain: on PostgreSQL `audit_chain_head()`
    takes a transaction-level advisory lock (migration 0005), on SQLite the IMMEDIATE transaction already
    holds the database's write lock. One query besides the INSERT.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must be called inside the transaction that makes the change")
    seq, prev_hash = _head(connection)
    event = _event(
        Event(actor=actor, action=str(action), target=target, summary=summary, data=data),
        seq=seq + 1,
        at=timezone.now(),
        prev_hash=prev_hash,
    )
    event.save(force_insert=True)
    return event


def record_many(events: Sequence[Event]) -> list[AuditEvent]:
    """Write many audit events at once, chained in the order given: one read of the chain's head (under its
    lock, as `record`) and one INSERT for the batch, each hash computed in memory from the one before. What a
    batched sweep step writes (issue 10, cause 4); the chain is the same as `record` called for each in turn.
    Must run inside the caller's atomic block."""
    if not events:
        return []
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record_many must be called inside the transaction that makes the change")
    seq, prev_hash = _head(connection)
    now = timezone.now()
    rows = []
    for event in events:
        seq += 1
        row = _event(event, seq=seq, at=now, prev_hash=prev_hash)
        prev_hash = row.hash
        rows.append(row)
    return AuditEvent.objects.bulk_create(rows)


def _event(event: Event, *, seq: int, at: dt.datetime, prev_hash: str) -> AuditEvent:
    """The row of one event after `prev_hash`, its hash computed (as `record` writes it)."""
    actor, target = event["actor"], event["target"]
    row = AuditEvent(
        seq=seq,
        at=at,
        # by id: this app may not name our User model (the actor of a system action, or anonymous, is None)
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=str(event["action"]),
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=event["summary"][:500],
        data=json.loads(json.dumps(event["data"] or {})),  # hashed exactly as it reads back from the database
        prev_hash=prev_hash,
    )
    row.hash = hash_of(row)
    return row


def lock_chain() -> None:
    """Take the chain's lock now, at the start of a transaction that will record, BEFORE it locks any row.

    Every writer takes the same two kinds of lock — rows, and the chain's head when it records — so two
    transactions taking them in opposite orders would deadlock on PostgreSQL (one records and then updates a
    delivery another has updated and is about to record). Transition functions call this first: all auditing
    writers then queue on the chain lock first, as SQLite's IMMEDIATE transactions already queue every writer.
    Re-entrant within a transaction; a no-op on SQLite and outside PostgreSQL."""
    connection = transaction.get_connection()
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _head(connection: BaseDatabaseWrapper) -> tuple[int, str]:
    """(seq, hash) of the last event, (0, GENESIS) before the first one; locked until the transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq, hash FROM audit_chain_head()")
            seq, hash_ = cursor.fetchone()
        return (seq, hash_) if seq is not None else (0, GENESIS)
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS)


# How state machines (common.transitions.Machine) are audited: a state transition records {"from", "to", ...};
# a change of a flag or of a ruling records its data only.
TRANSITION_AUDIT = Audit(
    lock=lock_chain, record=record, action=AuditAction.TRANSITION, record_many=record_many
)
CHANGE_AUDIT = Audit(
    lock=lock_chain, record=record, action=AuditAction.CHANGED, states_in_data=False, record_many=record_many
)


def stored(obj: models.Model, attname: str, *, lock: bool = False) -> Any:
    """The value of `attname` stored now for `obj` (the instance may already hold the new one, as a form's
    instance does), locking the row with `lock`; None for an unsaved object."""
    if obj.pk is None:
        return None
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list(attname, flat=True).first()


def record_change(
    actor: UserLike | None, obj: models.Model, field: str, old: Any, new: Any, summary: str, via: str = ""
) -> None:
    """The event of one field changed by a domain action: data `{"via": via, "changes": {field: [old, new]}}`
    (`via`, e.g. "admin", only when given)."""
    data: dict[str, Any] = {"changes": {field: [old, new]}}
    if via:
        data = {"via": via, **data}
    record(actor=actor, action=AuditAction.CHANGED, target=obj, summary=summary, data=data)


def change_field(
    actor: UserLike | None,
    obj: models.Model,
    field: str,
    value: Any,
    *,
    check: Callable[[], None],
    describe: Callable[[Any], str],
    via: str = "",
) -> bool:
    """One audited change of one field by a domain action, in one transaction: the audit chain's lock first,
    then `check()` (raises the action's refusal), the stored value read under a row lock, the field saved alone
    and the event recorded (`record_change`; dates as ISO text). `describe(old)` is the event's summary, read
    before the save (it may read the old related row). False, nothing written, when the value was already
    stored. For a foreign key, `value` is the related object (or None) and the event holds the ids."""
    attname = obj._meta.get_field(field).attname  # type: ignore[union-attr]
    new = getattr(value, "pk", None) if attname != field else value
    with transaction.atomic():
        lock_chain()
        check()
        old = stored(obj, attname, lock=True)
        if old == new:
            return False
        summary = describe(old)
        setattr(obj, field, value)
        obj.save(update_fields=[field])
        record_change(actor, obj, field, _jsonable(old), _jsonable(new), summary, via)
        return True


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
