-- PhốiHợp on PostgreSQL: the application's role may add audit events but never change or remove them.
--
-- Two roles:
--   the owner        owns the database objects and runs `manage.py migrate` (a DATABASE_URL used only by the
--                    deploy step); it is the role that runs this script.
--   phoihop_app      the application (gunicorn, Celery, the sweep): reads and writes every table, except that
--                    on the audit table (audit_auditevent) it has SELECT and INSERT only — no UPDATE, DELETE or
--                    TRUNCATE, and it owns nothing, so it cannot drop or disable the append-only trigger.
--
-- On top of the privileges, migration audit/0005_append_only adds a trigger that refuses every UPDATE and
-- DELETE of an audit row whoever the role (the owner and superusers too), and `manage.py audit verify`
-- recomputes the hash chain to show any change made by someone who went around both.
--
-- Run it as the owner, in the application's database, after every `manage.py migrate` (it is idempotent):
--   psql "$OWNER_DATABASE_URL" -v ON_ERROR_STOP=1 -f deploy/postgres-roles.sql
-- then, once, give the application's role its password and point the application's DATABASE_URL at it:
--   psql "$OWNER_DATABASE_URL" -c "\password phoihop_app"
--
-- Tested by tests/audit/test_postgres.py (runs this file, then checks what phoihop_app may and may not do).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'phoihop_app') THEN
        CREATE ROLE phoihop_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO phoihop_app', current_database());
END
$$;

GRANT USAGE ON SCHEMA public TO phoihop_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO phoihop_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO phoihop_app;

-- the audit trail: append-only
REVOKE ALL ON audit_auditevent FROM phoihop_app;
GRANT SELECT, INSERT ON audit_auditevent TO phoihop_app;

-- tables and sequences created later by the owner's migrations get the same privileges (re-run this script
-- after a migration anyway: a new audit-like table would need its own REVOKE)
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO phoihop_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO phoihop_app;
