"""record_many (issue 10, cause 4): a batch of events chained in memory, one read of the chain's head and one
INSERT, giving the chain `record` would have written; and common.transitions.Batch, which a sweep step's chunk
moves its rows through."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from phoihop.audit.chain import hash_of
from phoihop.audit.domain import CHANGE_AUDIT, Event, record, record_many
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.verification import verify
from phoihop.common.transitions import Batch
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=dt.UTC)


def events(org, n: int, actor=None) -> list[Event]:  # type: ignore[no-untyped-def]
    return [
        Event(actor=actor, action=AuditAction.CHANGED, target=org, summary=f"Sự kiện {i}", data={"i": i})
        for i in range(n)
    ]


def test_a_batch_continues_the_chain_in_one_head_read_and_one_insert():
    org, actor = OrganizationFactory(), UserFactory()
    with time_machine.travel(T0, tick=False):
        with transaction.atomic():
            first = record(actor=None, action=AuditAction.CHANGED, target=org, summary="Trước", data={})
        with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
            written = record_many(events(org, 3, actor))
        with transaction.atomic():
            last = record(actor=None, action=AuditAction.CHANGED, target=org, summary="Sau", data={})
    assert len(ctx.captured_queries) == 2  # the head (under the chain's lock on PostgreSQL), the INSERT
    rows = list(AuditEvent.objects.order_by("seq"))
    assert [r.seq for r in rows] == [first.seq, first.seq + 1, first.seq + 2, first.seq + 3, last.seq]
    assert [r.summary for r in rows] == ["Trước", "Sự kiện 0", "Sự kiện 1", "Sự kiện 2", "Sau"]
    assert [r.pk for r in rows[1:4]] == [w.pk for w in written]
    for before, row in zip(rows, rows[1:], strict=False):
        assert row.prev_hash == before.hash
    assert all(r.hash == hash_of(r) for r in rows)
    assert (rows[1].actor_id, rows[1].target_id, rows[1].data) == (actor.pk, str(org.pk), {"i": 0})
    result = verify()
    assert (result.broken, result.count) == (None, 5)


def test_an_empty_batch_writes_nothing():
    with CaptureQueriesContext(connection) as ctx:
        assert record_many([]) == []
    assert ctx.captured_queries == []


def test_a_transition_batch_flushes_its_events_in_order_and_a_rollback_drops_them():
    org = OrganizationFactory()
    batch = Batch()
    with transaction.atomic():
        batch.lock(CHANGE_AUDIT)
        for event in events(org, 2):
            batch.add(CHANGE_AUDIT, event)
        assert len(batch) == 2
        batch.flush()
        assert len(batch) == 0
    assert list(AuditEvent.objects.order_by("seq").values_list("summary", flat=True)) == [
        "Sự kiện 0",
        "Sự kiện 1",
    ]
    with transaction.atomic():
        batch.add(CHANGE_AUDIT, events(org, 1)[0])
        batch.flush()
        transaction.set_rollback(True)
    assert AuditEvent.objects.count() == 2
    assert verify().broken is None
