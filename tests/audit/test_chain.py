"""The hash chain of the audit trail: what record() writes and what `manage.py audit verify` says about it."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import ProtectedError

from phoihop.audit.chain import GENESIS, canonical, hash_of
from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.audit.verification import verify
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=dt.UTC)  # 08:02:03 in Hà Nội


def _events(n: int, actor=None) -> list[AuditEvent]:
    org = OrganizationFactory()
    events = []
    for i in range(n):
        with time_machine.travel(T0 + dt.timedelta(minutes=i), tick=False), transaction.atomic():
            events.append(
                record(
                    actor=actor,
                    action=AuditAction.CHANGED,
                    target=org,
                    summary=f"Sự kiện {i + 1}",
                    data={"i": i + 1},
                )
            )
    return events


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _raw(sql: str, params: list) -> None:
    """Tamper as someone going around the application: on PostgreSQL, with the owner's right to disable the
    append-only trigger (tests/audit/test_postgres.py shows that nobody else can)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: ALTER TABLE needs none
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


# --- what record() writes ---------------------------------------------------------------------------------


def test_events_are_numbered_and_each_one_hashes_its_content_and_the_previous_hash():
    actor = UserFactory()
    first, second, third = _events(3, actor=actor)
    assert [e.seq for e in (first, second, third)] == [1, 2, 3]
    assert [e.prev_hash for e in (first, second, third)] == [GENESIS, first.hash, second.hash]
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.hash == hash_of(stored) == second.hash
    # the hash is SHA-256 of this exact canonical text (sorted keys, UTC time with microseconds)
    text = (
        f'{{"action":"changed","actor":{actor.pk},"at":"2026-03-02T01:03:03.456789+00:00","data":{{"i":2}},'
        f'"prev_hash":"{first.hash}","seq":2,"summary":"Sự kiện 2","target_id":"{stored.target_id}",'
        f'"target_type":"organizations.organization"}}'
    )
    assert stored.hash == hashlib.sha256(text.encode()).hexdigest()


def test_an_anonymous_actor_is_stored_and_hashed_as_null():
    (event,) = _events(1)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.hash) == (None, hash_of(stored))


def test_data_reads_back_with_the_same_hash_whatever_its_numbers_and_text():
    """SQLite keeps the JSON text, PostgreSQL's jsonb rewrites it (1e20 → 100000000000000000000, key order):
    both read back to the hash written (CI runs this on both)."""
    org = OrganizationFactory()
    data = {
        "z": 1,
        "a": [1.0, 0.1, -0.0, 1e20, 1.5e-7, 12345678901234567890, True, None],
        "văn bản": 'Đảng ủy "xã" \\ Thử\n\u00e9',
        "nested": {"b": [], "a": {}},
        "tuple": (1, 2),
    }
    with transaction.atomic():
        record(actor=None, action=AuditAction.LOADED, target=org, summary="Dữ liệu", data=data)
    stored = AuditEvent.objects.get()
    assert stored.data["tuple"] == [1, 2]
    assert stored.hash == hash_of(stored)
    assert _verify().splitlines()[0] == "Chuỗi nhật ký hợp lệ: 1 sự kiện"


def test_canonical_numbers_and_keys():
    assert canonical(1.0) == canonical(1) == "1"
    assert canonical(1e20) == canonical(10**20) == "1E+20"
    assert canonical(-0.0) == canonical(0) == "0"
    assert canonical(0.1) == "0.1"
    assert canonical({"b": 1, "a": "ă"}) == '{"a":"ă","b":1}'
    assert canonical([True, False, None]) == "[true,false,null]"
    with pytest.raises(TypeError):
        canonical(dt.date(2026, 1, 1))


def test_a_user_who_acted_cannot_be_deleted_so_the_events_never_change():
    actor = UserFactory()
    (event,) = _events(1, actor=actor)
    with pytest.raises(ProtectedError), transaction.atomic():
        actor.delete()
    assert AuditEvent.objects.get(pk=event.pk).actor_id == actor.pk


# --- manage.py audit verify ------------------------------------------------------------------------------


def test_verify_an_empty_trail():
    assert _verify() == "Chuỗi nhật ký hợp lệ: 0 sự kiện\n"


def test_verify_an_intact_chain():
    events = _events(4)
    assert _verify() == (f"Chuỗi nhật ký hợp lệ: 4 sự kiện\nSự kiện cuối: số 4, mã băm {events[-1].hash}\n")


def test_verify_names_the_event_whose_summary_was_changed():
    events = _events(4)
    _raw("UPDATE audit_auditevent SET summary = %s WHERE id = %s", ["Sự kiện đã sửa", events[2].pk])
    with pytest.raises(CommandError) as exc:
        _verify()
    assert str(exc.value) == (
        f"Chuỗi nhật ký bị phá vỡ tại sự kiện id {events[2].pk} (số 3, 02/03/2026 08:04:03): nội dung không khớp "
        "mã băm đã ghi: sự kiện đã bị sửa sau khi ghi. 2 sự kiện trước đó hợp lệ."
    )


def test_verify_names_the_event_whose_data_or_time_was_changed():
    events = _events(3)
    _raw("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"i": 20}', events[0].pk])
    assert verify().broken.id == events[0].pk
    _raw("UPDATE audit_auditevent SET data = %s WHERE id = %s", ['{"i": 1}', events[0].pk])
    assert verify().broken is None
    _raw("UPDATE audit_auditevent SET at = %s WHERE id = %s", [T0 + dt.timedelta(hours=1), events[1].pk])
    result = verify()
    assert (result.broken.id, result.count) == (events[1].pk, 1)


def test_verify_names_the_event_after_a_deleted_one():
    events = _events(4)
    _raw("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])
    with pytest.raises(CommandError) as exc:
        _verify()
    assert str(exc.value) == (
        f"Chuỗi nhật ký bị phá vỡ tại sự kiện id {events[2].pk} (số 3, 02/03/2026 08:04:03): không nối tiếp sự "
        "kiện trước: thiếu sự kiện số 2 (đã bị xóa). 1 sự kiện trước đó hợp lệ."
    )


def test_verify_names_the_first_remaining_event_when_the_first_ones_were_deleted():
    events = _events(4)
    _raw("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [events[0].pk, events[1].pk])
    result = verify()
    assert result.broken is not None
    assert (result.broken.id, result.broken.reason, result.count) == (
        events[2].pk,
        "không nối tiếp sự kiện trước: thiếu sự kiện số 1 đến 2 (đã bị xóa)",
        0,
    )


def test_verify_names_the_next_event_when_a_rewritten_event_was_rehashed():
    """Someone who rewrites an event and recomputes its hash still breaks the link from the next one."""
    events = _events(4)
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.summary = "Sự kiện giả"
    _raw(
        "UPDATE audit_auditevent SET summary = %s, hash = %s WHERE id = %s",
        [forged.summary, hash_of(forged), forged.pk],
    )
    result = verify()
    assert result.broken is not None
    assert (result.broken.id, result.broken.reason) == (
        events[2].pk,
        "mã băm trước không khớp sự kiện số 2: sự kiện đó đã bị sửa hoặc thay thế",
    )


def test_verify_names_an_inserted_event():
    events = _events(2)
    _raw(
        "INSERT INTO audit_auditevent (seq, at, action, target_type, target_id, summary, data, prev_hash, hash) "
        "VALUES (%s, %s, 'changed', 'x', '1', 'Chèn vào', '{}', %s, %s)",
        [3, T0, GENESIS, "f" * 64],
    )
    inserted = AuditEvent.objects.get(seq=3)
    assert verify().broken.id == inserted.pk
    assert events[1].seq == 2


def test_the_command_needs_its_subcommand():
    with pytest.raises(CommandError, match="verify"):
        call_command("audit")
