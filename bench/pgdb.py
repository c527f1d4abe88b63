"""Create or drop the PostgreSQL database of `make bench-pg` (its own database, never the project's).

    .venv/bin/python bench/pgdb.py create postgres://postgres@127.0.0.1:5432/phoihop_bench
    .venv/bin/python bench/pgdb.py drop postgres://postgres@127.0.0.1:5432/phoihop_bench

Connects to the server's `postgres` database with psycopg. `create` drops a database left by an interrupted
run first; `drop` ends the connections still open to it (DROP DATABASE … WITH (FORCE)).
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main() -> None:
    if len(sys.argv) != 3 or sys.argv[1] not in ("create", "drop"):
        sys.exit(__doc__)
    action, url = sys.argv[1], sys.argv[2]
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("phoihop_bench"):
        sys.exit(
            f"bench: refusing to {action} {name!r}: the benchmark's database names start with phoihop_bench"
        )
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    print(f"bench: {'created' if action == 'create' else 'dropped'} database {name}", flush=True)


if __name__ == "__main__":
    main()
