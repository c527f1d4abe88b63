"""The one compare-and-set transition every state machine goes through.

A state machine is described once (`Machine`: its model, where the state lives, its allowed-transitions table
from the app's enums.py, the Vietnamese messages) and each app wraps `transition()` in a typed one-line
function (`set_slot_state = SLOTS.move`, ...). `transition()`:

1. checks the edge against the table (a refused edge raises a DomainError and changes nothing);
2. in one `transaction.atomic()`, takes the audit chain's lock FIRST (before any row lock: see
   `audit.domain.lock_chain`), then moves the row with a conditional `UPDATE ... WHERE pk = ? AND state = old`
   writing only the state and the fields the caller names (never the whole row): a concurrent change makes
   it match nothing and raise instead of overwriting;
3. records the audit event in the same transaction.

`common` imports nothing of ours, so the audit app's lock and record functions are handed in (`Audit`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypedDict, TypeVar, cast

from django.db import models, transaction
from django.db.models import Q

from .errors import Conflict, DomainError, InvalidTransition
from .types import UserLike

M = TypeVar("M", bound=models.Model)
S = TypeVar("S")

Table = Mapping[S, frozenset[S]]
"""Allowed transitions, as data: each state and the states it may move to."""


class Recorder(Protocol):
    """The shape of `audit.domain.record`."""

    def __call__(
        self,
        *,
        actor: UserLike | None,
        action: Any,
        target: models.Model,
        summary: str,
        data: dict[str, Any] | None = None,
    ) -> object: ...


class Event(TypedDict):
    """One audit event as `Recorder` takes it: what a `Batch` hands to `audit.domain.record_many`."""

    actor: UserLike | None
    action: str
    target: models.Model
    summary: str
    data: dict[str, Any] | None


class BatchRecorder(Protocol):
    """The shape of `audit.domain.record_many`: many events chained in order, one head read and one INSERT."""

    def __call__(self, events: Sequence[Event], /) -> object: ...


@dataclass(frozen=True)
class Audit:
    """How a machine's transitions are audited: the audit app's `lock_chain` and `record`, and the verb.

    With `states_in_data` the event's data is `{"from": old, "to": new, **data}`; without it, just `data`."""

    lock: Callable[[], None]
    record: Recorder
    action: str
    states_in_data: bool = True
    record_many: BatchRecorder | None = None  # for transitions made through a `Batch`


@dataclass(frozen=True)
class Machine(Generic[M, S]):
    """One state machine: the model, the column holding the state, the allowed edges and what users are told.

    `refused` is formatted with the labels of the two states (`{old}`, `{new}`); `lost_race` is said when the
    row's state changed between reading it and writing it. A state that is not one column's value (an
    escalation is open while `ruled_at` is empty) overrides `state_of`, `in_state` and `columns`."""

    model: type[M]
    table: Table[S]
    label: Callable[[S], str]
    refused: str
    lost_race: str
    field: str = "state"
    audit: Audit | None = None
    refused_error: type[DomainError] = InvalidTransition
    lost_race_error: type[DomainError] = Conflict
    code: str | None = None  # the API's error code, when not the error class's own

    def state_of(self, obj: M) -> S:
        """The state `obj` was read in."""
        return cast(S, getattr(obj, self.field))

    def in_state(self, state: S) -> Q:
        """The rows in `state`: the WHERE of the compare-and-set."""
        return Q(**{self.field: state})

    def columns(self, state: S) -> dict[str, Any]:
        """The columns that say a row is in `state` (written with the caller's fields)."""
        return {self.field: state}

    def sources(self, target: S) -> frozenset[S]:
        """The states with an edge to `target` (for a bulk claim: `WHERE state IN sources`)."""
        return frozenset(s for s, targets in self.table.items() if target in targets)

    @classmethod
    def standard(
        cls, model: type[M], table: Table[S], states: Callable[[S], Any], thing: str, audit: Audit | None
    ) -> Machine[M, S]:
        """A machine with the usual messages about `thing` (e.g. "báo cáo"), its states labelled by their
        TextChoices class `states`."""
        return cls(
            model=model,
            table=table,
            label=lambda s: str(states(s).label),
            refused=f"Không thể chuyển {thing} từ trạng thái “{{old}}” sang “{{new}}”.",
            lost_race=f"{thing[:1].upper()}{thing[1:]} vừa được người khác thay đổi. Hãy tải lại trang.",
            audit=audit,
        )

    def move(
        self,
        obj: M,
        new_state: S,
        *,
        actor: UserLike | None,  # None: the system (the sweep)
        summary: str,
        data: dict[str, Any] | None = None,
        batch: Batch | None = None,
        **fields: Any,
    ) -> None:
        """`transition()` of this machine with the caller's extra fields as keywords: each app's typed one-line
        wrapper (`set_slot_state = SLOTS.move`). With `batch`, the audit event is written by `batch.flush()`."""
        transition(self, obj, new_state, actor=actor, summary=summary, data=data, fields=fields, batch=batch)

    def check(self, old: S, new: S) -> None:
        """Raise the machine's refusal unless the table allows `old` → `new`."""
        if new not in self.table.get(old, frozenset()):
            raise self.refused_error(
                self.refused.format(old=self.label(old), new=self.label(new)), code=self.code
            )


def transition(
    machine: Machine[M, S],
    obj: M,
    new_state: S,
    *,
    actor: UserLike | None = None,
    summary: str = "",
    data: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    guard: Q | None = None,
    target: models.Model | None = None,
    batch: Batch | None = None,
) -> S:
    """Move `obj` from the state it was read in to `new_state`, writing only the state and `fields`.

    `guard` adds conditions to the compare-and-set (the row must still match them); `target` is what the
    audit event is about when it is not `obj`. Returns the old state; `obj` carries the new values.
    Raises `machine.refused_error` on an edge the table refuses and `machine.lost_race_error` when the row
    changed in between; in both cases nothing is written.

    With `batch` (an audited machine, inside the batch's transaction), the row is moved now and its audit event
    is queued: `batch.flush()` writes the events of every move of the batch together, in the same transaction
    (no savepoint of its own: a lost race writes nothing)."""
    old = machine.state_of(obj)
    machine.check(old, new_state)
    values = {**machine.columns(new_state), **(fields or {})}
    where = machine.in_state(old) & (guard or Q())
    audit = machine.audit
    if batch is not None and audit is not None:
        batch.lock(audit)  # before the row lock, once for the batch
        if machine.model._default_manager.filter(where, pk=obj.pk).update(**values) != 1:
            raise machine.lost_race_error(machine.lost_race, code=machine.code)
        for name, value in values.items():
            setattr(obj, name, value)
        batch.add(
            audit, _event(audit, old, new_state, actor, summary, data, target if target is not None else obj)
        )
        return old
    # A single conditional UPDATE is atomic by itself; an audited one shares its transaction with the event.
    with transaction.atomic() if audit is not None else contextlib.nullcontext():
        if audit is not None:
            audit.lock()  # before the row lock: see audit.domain.lock_chain
        if machine.model._default_manager.filter(where, pk=obj.pk).update(**values) != 1:
            raise machine.lost_race_error(machine.lost_race, code=machine.code)
        for name, value in values.items():
            setattr(obj, name, value)
        if audit is not None:
            audit.record(
                **_event(audit, old, new_state, actor, summary, data, target if target is not None else obj)
            )
    return old


def _event(
    audit: Audit,
    old: Any,
    new: Any,
    actor: UserLike | None,
    summary: str,
    data: Mapping[str, Any] | None,
    target: models.Model,
) -> Event:
    """The audit event of one transition."""
    payload = dict(data or {})
    if audit.states_in_data:
        payload = {"from": old, "to": str(new), **payload}
    return Event(actor=actor, action=audit.action, target=target, summary=summary, data=payload)


class Batch:
    """Transitions of many rows in ONE transaction whose audit events are written together (a sweep step's
    chunk, issue 10 cause 4): each move is still its own compare-and-set (`transition(..., batch=...)`), the
    chain's lock is taken once before the first row lock, and `flush()` writes the queued events through
    `Audit.record_many` (one read of the chain's head, one INSERT), in the order of the moves. Use inside
    `transaction.atomic()` and call `flush()` before it ends: the moves and their events commit together."""

    def __init__(self) -> None:
        self._locked = False
        self._events: list[tuple[Audit, Event]] = []

    def lock(self, audit: Audit) -> None:
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("a batch of transitions must run inside its transaction")
        if not self._locked:
            audit.lock()
            self._locked = True

    def add(self, audit: Audit, event: Event) -> None:
        self._events.append((audit, event))

    def __len__(self) -> int:
        return len(self._events)

    def flush(self) -> None:
        """Write the queued events, in order (one call of `record_many` per run of the same recorder)."""
        events, self._events = self._events, []
        start = 0
        while start < len(events):
            audit = events[start][0]
            end = start
            while end < len(events) and events[end][0].record_many is audit.record_many:
                end += 1
            chunk = [event for _, event in events[start:end]]
            if audit.record_many is not None:
                audit.record_many(chunk)
            else:
                for event in chunk:
                    audit.record(**event)
            start = end
