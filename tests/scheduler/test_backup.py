"""`manage.py backup` (issue 8, point 12): a backup taken while another process writes restores to a database
whose counts match and whose audit chain verifies.

Real processes, real files: `manage.py migrate`, a writer (`manage.py shell -c`) that creates an organisation and
records its audit event in one transaction, over and over until told to stop, `manage.py backup` while it runs,
then `manage.py audit verify` on the copy. Each writer transaction adds one organisation and one event, so in a
consistent snapshot the counts agree, and the events are numbered 1…N without a gap.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
_VENV_PYTHON = BASE_DIR / ".venv" / "bin" / "python"
PYTHON = str(_VENV_PYTHON if _VENV_PYTHON.exists() else sys.executable)

WRITER = """
import os, time
from pathlib import Path
from django.db import transaction
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
stop = Path(os.environ["WRITER_STOP"])
deadline = time.monotonic() + 90
i = 0
while not stop.exists() and time.monotonic() < deadline:
    i += 1
    with transaction.atomic():
        lock_chain()
        org = Organization.objects.create(
            code=f"ghi-{i}", name=f"Đơn vị ghi {i}", abbreviation=f"G{i}",
            kind=OrganizationKind.PARTY_COMMITTEE, level=Level.COMMUNE,
        )
        record(actor=None, action=AuditAction.CREATED, target=org, summary=f"Tạo {org.name}")
    time.sleep(0.002)
print(i)
"""

BACKED_UP = re.compile(r"^Đã sao lưu cơ sở dữ liệu vào (.+): (\d+) sự kiện nhật ký, (\d+) byte\.$")
VERIFIED = re.compile(r"^Chuỗi nhật ký hợp lệ: (\d+) sự kiện$")


def _env(database_url: str, **extra: str) -> dict[str, str]:
    # SECRET_KEY comes from os.environ (tests/settings.py puts the test key there)
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "phoihop.settings",
        "LOG_FORMAT": "plain",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def manage(
    database_url: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=_env(database_url, **(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def backup(database_url: str, destination: Path, *options: str) -> int:
    """Run `manage.py backup`; the number of audit events it says the backup holds."""
    done = manage(database_url, "backup", str(destination), *options)
    assert done.returncode == 0, done.stderr
    match = BACKED_UP.match(done.stdout.strip())
    assert match, done.stdout
    assert (Path(match[1]), int(match[3])) == (destination, destination.stat().st_size)
    return int(match[2])


def audit_verify(database_url: str) -> int:
    """`manage.py audit verify` succeeds; the number of events it checked."""
    done = manage(database_url, "audit", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    match = VERIFIED.match(done.stdout.splitlines()[0])
    assert match, done.stdout
    return int(match[1])


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@contextmanager
def writer(database_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """The writer process, stopped (stop file, then wait) on the way out whatever happens."""
    stop = tmp_path / "stop-writer"
    process = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", WRITER],
        cwd=BASE_DIR,
        env=_env(database_url, WRITER_STOP=str(stop)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        stop.touch()
        try:
            process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
    assert process.returncode == 0, process.stderr


# --- SQLite ----------------------------------------------------------------------------------------------


def _sqlite_counts(path: Path) -> tuple[int, int, int]:
    """(audit events, their max seq, organisations the writer created) in one read transaction."""
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=20)
    try:
        db.execute("BEGIN")
        events, max_seq = db.execute(
            "SELECT count(*), coalesce(max(seq), 0) FROM audit_auditevent"
        ).fetchone()
        (orgs,) = db.execute(
            "SELECT count(*) FROM organizations_organization WHERE code LIKE 'ghi-%'"
        ).fetchone()
        db.execute("COMMIT")
    finally:
        db.close()
    return events, max_seq, orgs


def test_a_sqlite_backup_taken_during_writes_is_a_consistent_copy_whose_chain_verifies(tmp_path):
    source = tmp_path / "db.sqlite3"
    url = f"sqlite:///{source}"
    migrated = manage(url, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    assert _sqlite_counts(source) == (0, 0, 0)

    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    with writer(url, tmp_path):
        wait_until(lambda: _sqlite_counts(source)[0] >= 100, "the writer's first 100 events")
        in_first = backup(url, first)
        wait_until(lambda: _sqlite_counts(source)[0] >= in_first + 100, "100 more events")
        in_second = backup(url, second)
        wait_until(lambda: _sqlite_counts(source)[0] > in_second, "an event after the second backup")
    final = _sqlite_counts(source)
    assert final[0] == final[1] == final[2]

    assert 100 <= in_first < in_first + 100 <= in_second < final[0]
    for copy, reported in ((first, in_first), (second, in_second)):
        # one self-contained file (no -wal to carry along), every transaction whole: as many organisations
        # as events, numbered 1…N
        assert not Path(f"{copy}-wal").exists()
        assert _sqlite_counts(copy) == (reported, reported, reported)
        assert audit_verify(f"sqlite:///{copy}") == reported

    # --overwrite replaces an existing backup, here with the final state
    assert backup(url, first, "--overwrite") == final[0]
    assert _sqlite_counts(first) == final
    assert audit_verify(f"sqlite:///{first}") == final[0]
    # the temporary files the copies were written to are gone
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def _assert_refused(done: subprocess.CompletedProcess[str], message: str, *, prefix: bool = False) -> None:
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    if prefix:
        assert done.stderr.startswith(f"CommandError: {message}"), done.stderr
    else:
        assert done.stderr.strip() == f"CommandError: {message}"


def test_backup_refuses_an_existing_destination_and_an_in_memory_database(tmp_path):
    source = tmp_path / "db.sqlite3"
    sqlite3.connect(source).close()
    existing = tmp_path / "old-backup.sqlite3"
    existing.write_bytes(b"an older backup")

    _assert_refused(
        manage(f"sqlite:///{source}", "backup", str(existing)),
        f"Tệp {existing} đã tồn tại: không ghi đè bản sao lưu cũ. "
        "Chọn tên khác, hoặc thêm --overwrite nếu thật sự muốn thay nó.",
    )
    assert existing.read_bytes() == b"an older backup"

    copy = tmp_path / "copy.sqlite3"
    _assert_refused(
        manage("sqlite://:memory:", "backup", str(copy)),
        "Cơ sở dữ liệu đang dùng nằm trong bộ nhớ (không phải một tệp): không có gì để sao lưu.",
    )
    # --overwrite onto the database itself would destroy it
    _assert_refused(
        manage(f"sqlite:///{source}", "backup", str(source), "--overwrite"),
        "Tệp sao lưu không được trùng với tệp cơ sở dữ liệu đang dùng.",
    )
    # a database it cannot reach (nothing listens on port 1)
    _assert_refused(
        manage("postgres://postgres@127.0.0.1:1/phoihop", "backup", str(copy)),
        "Không đọc được cơ sở dữ liệu: ",
        prefix=True,
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.sqlite3", "old-backup.sqlite3"]


# --- PostgreSQL ------------------------------------------------------------------------------------------


SOURCE_DB, COPY_DB = "phoihop_backup_src", "phoihop_backup_copy"


@pytest.mark.postgres
def test_a_pg_dump_taken_during_writes_restores_with_matching_counts_and_a_valid_chain(tmp_path):
    db = settings.DATABASES["default"]
    host, port, user = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432), db["USER"] or "postgres"
    pg_env = {**os.environ, "PGHOST": host, "PGPORT": port, "PGUSER": user}
    if db.get("PASSWORD"):
        pg_env["PGPASSWORD"] = db["PASSWORD"]
    auth = f"{user}:{db['PASSWORD']}@" if db.get("PASSWORD") else f"{user}@"

    def url(name: str) -> str:
        return f"postgres://{auth}{host}:{port}/{name}"

    def client(*args: str) -> str:
        done = subprocess.run(args, env=pg_env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def counts(name: str) -> tuple[int, int, int]:
        out = client(
            "psql",
            "-X",
            "-tA",
            "-F",
            " ",
            "-d",
            name,
            "-c",
            "SELECT (SELECT count(*) FROM audit_auditevent), (SELECT coalesce(max(seq), 0) FROM audit_auditevent),"
            " (SELECT count(*) FROM organizations_organization WHERE code LIKE 'ghi-%')",
        )
        events, max_seq, orgs = map(int, out.split())
        return events, max_seq, orgs

    def drop_both() -> None:
        for name in (SOURCE_DB, COPY_DB):
            client("dropdb", "--if-exists", "--force", name)

    drop_both()
    try:
        client("createdb", SOURCE_DB)
        migrated = manage(url(SOURCE_DB), "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        assert counts(SOURCE_DB) == (0, 0, 0)

        dump = tmp_path / "phoihop.dump"
        with writer(url(SOURCE_DB), tmp_path):
            wait_until(lambda: counts(SOURCE_DB)[0] >= 100, "the writer's first 100 events")
            in_dump = backup(url(SOURCE_DB), dump)
            wait_until(lambda: counts(SOURCE_DB)[0] > in_dump, "an event after the backup")
        final = counts(SOURCE_DB)
        assert final[0] == final[1] == final[2]
        assert 100 <= in_dump < final[0]

        client("createdb", COPY_DB)
        client("pg_restore", "--no-owner", "--exit-on-error", "-d", COPY_DB, str(dump))
        assert counts(COPY_DB) == (in_dump, in_dump, in_dump)
        assert audit_verify(url(COPY_DB)) == in_dump
        # the append-only trigger came with the schema
        refused = subprocess.run(
            ["psql", "-X", "-d", COPY_DB, "-c", "DELETE FROM audit_auditevent WHERE seq = 1"],
            env=pg_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "audit_auditevent is append-only" in refused.stderr
        assert counts(COPY_DB)[0] == in_dump

        # pg_dump fails: its message, exit 1, no file; pg_dump missing: said so
        failed = tmp_path / "failed.dump"
        fake = tmp_path / "bin"
        fake.mkdir()
        (fake / "pg_dump").write_text("#!/bin/sh\necho 'pg_dump: error: out of disk space' >&2\nexit 1\n")
        (fake / "pg_dump").chmod(0o755)
        _assert_refused(
            manage(url(SOURCE_DB), "backup", str(failed), env={"PATH": f"{fake}:{os.environ['PATH']}"}),
            "pg_dump thất bại (mã 1): pg_dump: error: out of disk space",
        )
        _assert_refused(
            manage(url(SOURCE_DB), "backup", str(failed), env={"PATH": str(tmp_path / "nowhere")}),
            "Không tìm thấy pg_dump: cài gói postgresql-client cùng phiên bản với máy chủ.",
        )
        assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["phoihop.dump", "stop-writer"]
    finally:
        drop_both()
