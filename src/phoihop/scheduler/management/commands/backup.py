"""A consistent copy of the database while the application keeps writing (issue 8, point 12):

manage.py backup <destination> [--overwrite]

- SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies the file in one step, inside one read
  transaction: a snapshot of committed transactions, whatever other processes write meanwhile (WAL mode).
  The copy is a single self-contained file (rollback journal, no -wal beside it).
- PostgreSQL: `pg_dump --format=custom --no-owner`, which dumps in one transaction. It imports the snapshot of a
  REPEATABLE READ transaction of this command, so the number of audit events printed is the number in the dump.

The copy is written beside the destination under a temporary name and renamed onto it only when complete: a
failed backup leaves no half-written file. Restoring: deploy/README.md, "Sao lưu và khôi phục".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

AUDIT_TABLE = "audit_auditevent"

# libpq's environment variables for the connection OPTIONS dj-database-url may carry (?sslmode=… in the URL)
_PG_OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu vào một tệp trong khi ứng dụng vẫn chạy: SQLite bằng API sao lưu trực tuyến, "
        "PostgreSQL bằng pg_dump (định dạng custom, khôi phục bằng pg_restore)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination", help="Tệp sao lưu sẽ tạo (chưa được tồn tại, trừ khi có --overwrite)."
        )
        parser.add_argument("--overwrite", action="store_true", help="Ghi đè tệp sao lưu đã có.")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        destination = Path(options["destination"]).expanduser().absolute()
        if destination.is_dir():
            raise CommandError(f"{destination} là một thư mục: hãy cho tên tệp sao lưu.")
        if destination.exists() and not options["overwrite"]:
            raise CommandError(
                f"Tệp {destination} đã tồn tại: không ghi đè bản sao lưu cũ. "
                "Chọn tên khác, hoặc thêm --overwrite nếu thật sự muốn thay nó."
            )
        if not destination.parent.is_dir():
            raise CommandError(f"Thư mục {destination.parent} không tồn tại.")

        try:
            if connection.vendor == "sqlite":
                events = self._sqlite(connection.settings_dict["NAME"], destination)
            elif connection.vendor == "postgresql":
                events = self._postgres(destination)
            else:
                raise CommandError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {connection.vendor}.")
        except DatabaseError as exc:
            raise CommandError(f"Không đọc được cơ sở dữ liệu: {exc}".strip()) from exc
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp sao lưu {destination}: {exc}") from exc
        size = destination.stat().st_size
        self.stdout.write(
            f"Đã sao lưu cơ sở dữ liệu vào {destination}: {events} sự kiện nhật ký, {size} byte."
        )

    # --- SQLite ------------------------------------------------------------------------------------------

    def _sqlite(self, name: Any, destination: Path) -> int:
        if not name or str(name) == ":memory:" or "mode=memory" in str(name):
            raise CommandError(
                "Cơ sở dữ liệu đang dùng nằm trong bộ nhớ (không phải một tệp): không có gì để sao lưu."
            )
        source = Path(name).absolute()
        if not source.is_file():
            raise CommandError(f"Không tìm thấy tệp cơ sở dữ liệu {source}.")
        if destination.resolve() == source.resolve():
            raise CommandError("Tệp sao lưu không được trùng với tệp cơ sở dữ liệu đang dùng.")

        with _temporary_beside(destination) as partial:
            # mode=rw: never create an empty database where the real one should be
            src = sqlite3.connect(f"{source.as_uri()}?mode=rw", uri=True, timeout=20)
            try:
                dst = sqlite3.connect(partial)
                try:
                    # pages=-1 (the default): the whole database in one step, i.e. in one read transaction of
                    # the source — a snapshot of what was committed when it began, writers carry on (WAL)
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                    (check,) = dst.execute("PRAGMA quick_check").fetchone()
                    if check != "ok":
                        raise CommandError(f"Bản sao lưu không toàn vẹn (PRAGMA quick_check: {check}).")
                    events = _count_sqlite(dst)
                finally:
                    dst.close()
            except sqlite3.Error as exc:
                raise CommandError(f"Không sao lưu được {source}: {exc}") from exc
            finally:
                src.close()
            os.replace(partial, destination)
        return events

    # --- PostgreSQL --------------------------------------------------------------------------------------

    def _postgres(self, destination: Path) -> int:
        connection = connections[DEFAULT_DB_ALIAS]
        db = connection.settings_dict
        env = {**os.environ, "PGDATABASE": str(db["NAME"])}
        for key, var in (
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
        ):
            if db.get(key):
                env[var] = str(db[key])
        for option, var in _PG_OPTION_ENV.items():
            if (db.get("OPTIONS") or {}).get(option):
                env[var] = str(db["OPTIONS"][option])

        with _temporary_beside(destination) as partial:
            # pg_dump imports this transaction's snapshot: the count below is the count in the dump
            with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [AUDIT_TABLE])
                events = 0
                if cursor.fetchone()[0]:
                    cursor.execute(f"SELECT count(*) FROM {AUDIT_TABLE}")  # noqa: S608 (a constant)
                    (events,) = cursor.fetchone()
                command = [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    f"--file={partial}",
                ]
                try:
                    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
                except FileNotFoundError as exc:
                    raise CommandError(
                        "Không tìm thấy pg_dump: cài gói postgresql-client cùng phiên bản với máy chủ."
                    ) from exc
            if done.returncode != 0:
                raise CommandError(f"pg_dump thất bại (mã {done.returncode}): {done.stderr.strip()}")
            os.replace(partial, destination)
        return int(events)


class _temporary_beside:
    """A temporary file name in the destination's directory (so that the final rename is atomic), removed on
    the way out unless it was renamed onto the destination."""

    def __init__(self, destination: Path) -> None:
        self.destination = destination

    def __enter__(self) -> str:
        fd, self.path = tempfile.mkstemp(prefix=f".{self.destination.name}.", dir=self.destination.parent)
        os.close(fd)
        return self.path

    def __exit__(self, *exc: object) -> None:
        Path(self.path).unlink(missing_ok=True)


def _count_sqlite(db: sqlite3.Connection) -> int:
    exists = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [AUDIT_TABLE]
    ).fetchone()
    if not exists:
        return 0
    (count,) = db.execute(f"SELECT count(*) FROM {AUDIT_TABLE}").fetchone()  # noqa: S608 (a constant)
    return int(count)
