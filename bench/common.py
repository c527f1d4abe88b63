"""Shared by bench/generate.py and bench/run.py: where the benchmark database lives, the moment the generated
province is observed at, and Django set-up with production-like settings (DEBUG off, cached templates).

The generated history is consistent with a sweep that last ran at SWEPT_AT; the pages are measured at AS_OF
(a week later), so the dashboard shows what a week without the sweep leaves behind and the first sweep of
bench/run.py has a realistic backlog to catch up on.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_DB = OUT / "bench.sqlite3"
RESULTS = OUT / "results.json"

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ)  # a Tuesday, a working day
SWEPT_AT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ)  # the last sweep the generated history reflects
FIRST_DAY = dt.date(2025, 1, 2)  # first working day of 2025
BUSY_ORG = "hy-ban-noi-chinh"  # Ban Nội chính Tỉnh ủy: lead of 003 (all communes) and 004
BUSY_USER = "bnc.chuyenvien"


def setup_django() -> str:
    """Point Django at the benchmark database (never the project's db.sqlite3) and set it up; returns the URL."""
    OUT.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB}"
    if url.startswith("sqlite:") and Path(url.split("sqlite:///", 1)[-1]).resolve() == ROOT / "db.sqlite3":
        sys.exit("bench: refusing to use the project's db.sqlite3; set DATABASE_URL to another database")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "0")  # production-like: no query log, cached template loader
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DEMO_PASSWORD", "bench-demo-2026")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    return url


def meta_path(url: str) -> Path:
    """Where generate.py records what it generated: next to the SQLite file (bench.sqlite3 → bench.json)."""
    if url.startswith("sqlite:"):
        return Path(url.split("sqlite:///", 1)[-1]).with_suffix(".json")
    return OUT / "bench-pg.json"


def redacted(url: str) -> str:
    """The database URL without a password, for printing."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://…@{rest.split('@', 1)[1]}"
    return url
