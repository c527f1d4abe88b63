"""Migrating a database that already has audit events: 0003 chains them in id order."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from phoihop.audit.chain import GENESIS, hash_of
from phoihop.audit.models import AuditEvent
from phoihop.audit.verification import verify
from tests.factories import OrganizationFactory, UserFactory

BEFORE = [("audit", "0001_initial")]
LATEST = [("audit", "0005_append_only")]


@pytest.mark.django_db(transaction=True)
def test_events_written_before_the_chain_get_one_in_id_order():
    actor = UserFactory()
    org = OrganizationFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("audit", "AuditEvent")
    t0 = dt.datetime(2025, 7, 1, 8, tzinfo=dt.UTC)
    ids = [
        old.objects.create(
            actor_id=actor.pk if i % 2 else None,
            action="changed",
            target_type="organizations.organization",
            target_id=str(org.pk),
            summary=f"Sự kiện cũ {i}",
            data={"i": i, "ghi chú": "ă"},
        ).pk
        for i in range(5)
    ]
    # auto_now_add stamped them now: give them times out of id order (the chain follows ids, not times)
    for pk, hours in zip(ids, [3, 1, 2, 0, 4], strict=True):
        old.objects.filter(pk=pk).update(at=t0 + dt.timedelta(hours=hours))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(LATEST)

    events = list(AuditEvent.objects.order_by("seq"))
    assert [(e.seq, e.id, e.summary) for e in events] == [
        (i + 1, pk, f"Sự kiện cũ {i}") for i, pk in enumerate(ids)
    ]
    assert [e.prev_hash for e in events] == [GENESIS] + [e.hash for e in events[:-1]]
    assert all(e.hash == hash_of(e) for e in events)
    assert (verify().broken, verify().count) == (None, 5)
