"""PostgreSQL: audit rows are append-only, and the chain's head is read under one lock.

- A trigger refuses every UPDATE and DELETE of an audit row, whoever the role (the application's role has no
  such privilege either: deploy/postgres-roles.sql). TRUNCATE is a table-level statement the row trigger does not
  see: the test runner flushes tables with it; the application's role has no TRUNCATE privilege.
- `audit_chain_head()` takes the transaction-level advisory lock of the chain, then reads the last event: one
  round trip for record(). It is VOLATILE, so its SELECT takes a fresh snapshot after the lock is granted and
  sees the event the previous holder committed (a single `SELECT lock, (SELECT …)` would not).

SQLite needs neither: its writers are serialized (IMMEDIATE transactions) and record() reads the head directly.
"""

from django.db import migrations

from phoihop.audit.chain import LOCK_KEY

FORWARD = f"""
CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % of event % refused', TG_OP, OLD.id
        USING HINT = 'Audit events are never changed or deleted.';
END
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change();

CREATE OR REPLACE FUNCTION audit_chain_head(OUT seq bigint, OUT hash varchar) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock({LOCK_KEY});
    SELECT e.seq, e.hash INTO seq, hash FROM audit_auditevent e ORDER BY e.seq DESC LIMIT 1;
END
$$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS audit_chain_head();
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_refuse_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_constraints")]

    operations = [migrations.RunPython(forward, backward)]
