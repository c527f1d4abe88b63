"""PostgreSQL: audit rows are append-only (a trigger, and an application role without the privilege), and
concurrent transactions append to one chain, never fork it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.verification import verify
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.postgres

ROLES_SCRIPT = Path(settings.BASE_DIR) / "deploy" / "postgres-roles.sql"


def _event(summary: str = "Sự kiện") -> AuditEvent:
    with transaction.atomic():
        return record(actor=None, action=AuditAction.CHANGED, target=OrganizationFactory(), summary=summary)


@pytest.mark.django_db
def test_the_orm_can_neither_update_nor_delete_an_audit_event():
    event = _event()
    before = AuditEvent.objects.values().get(pk=event.pk)
    attempts = [
        lambda: AuditEvent.objects.filter(pk=event.pk).update(summary="Đã sửa"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.all().delete(),
        event.delete,
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="audit_auditevent is append-only"), transaction.atomic():
            attempt()
    event.summary = "Đã sửa"
    with pytest.raises(DatabaseError, match="UPDATE of event"), transaction.atomic():
        event.save()
    assert AuditEvent.objects.values().get(pk=event.pk) == before
    assert verify().broken is None


@pytest.mark.django_db
def test_the_application_role_of_the_roles_script_may_only_read_and_add_audit_events():
    """Runs deploy/postgres-roles.sql in the test's transaction (the role goes with its rollback), then acts
    as phoihop_app."""
    first = _event("Trước")
    with connection.cursor() as cursor:
        cursor.execute(ROLES_SCRIPT.read_text())
        # the privileges alone, without the trigger (ALTER TABLE refuses pending foreign key checks)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute("SET LOCAL ROLE phoihop_app")
        added = _event("Sau")  # reads the head, inserts: allowed
        for statement in (
            "UPDATE audit_auditevent SET summary = 'Đã sửa'",
            "DELETE FROM audit_auditevent",
            "TRUNCATE audit_auditevent",
            "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only",
        ):
            with pytest.raises(DatabaseError, match="permission denied|must be owner"), transaction.atomic():
                cursor.execute(statement)
        # the rest of the data is the application's to change
        UserFactory(organization=OrganizationFactory())
        assert OrganizationFactory().delete()[0] == 1
        cursor.execute("RESET ROLE")
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
    assert list(AuditEvent.objects.order_by("seq").values_list("summary", flat=True)) == ["Trước", "Sau"]
    assert added.prev_hash == first.hash
    assert verify().broken is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_append_to_one_chain_without_forking_it():
    threads_n, per_thread = 8, 10
    org = OrganizationFactory()
    barrier = threading.Barrier(threads_n)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(
                        actor=None,
                        action=AuditAction.CHANGED,
                        target=org,
                        summary=f"Luồng {n}, sự kiện {i}",
                        data={"thread": n, "i": i},
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = verify()
    assert (result.broken, result.count) == (None, threads_n * per_thread)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, threads_n * per_thread + 1))
    assert len({e.prev_hash for e in events}) == threads_n * per_thread  # no two events follow the same one
    assert [e.id for e in events] == sorted(e.id for e in events)  # chain order is commit order
    for n in range(threads_n):  # each writer's events in its own order
        assert [e.data["i"] for e in events if e.data["thread"] == n] == list(range(per_thread))
