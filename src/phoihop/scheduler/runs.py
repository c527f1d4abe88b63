"""One sweep at a time: the lock every sweep takes (beat's task, `manage.py sweep`, `runserver_with_sweep`), and
the record of each finished run (SweepRun, read by /healthz).

PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`), held on the sweeping process's connection
and released by the server if that process dies. Advisory locks need a session that stays with the process: put
no transaction-pooling pgbouncer between the worker and the database. Other databases (SQLite): a lease row
(SweepLease) taken with a conditional UPDATE, valid SWEEP_LOCK_SECONDS; an abandoned lease expires by itself.

A run that finds the lock taken does nothing and logs "sweep skipped: another sweep holds the lock".
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection
from django.db.models import Q
from django.utils import timezone

from .models import SweepLease, SweepRun
from .registry import run_sweep

log = logging.getLogger("phoihop.sweep")

# Key of the advisory lock ("PHOIHOP" in ASCII). Advisory locks are per database, so two deployments on one
# PostgreSQL server with separate databases do not block each other.
ADVISORY_KEY = 0x50484F49484F50
SKIPPED_MESSAGE = "sweep skipped: another sweep holds the lock"


@contextmanager
def advisory_lock() -> Iterator[bool]:
    """PostgreSQL: yields True if this connection took the sweep lock, False if another session holds it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_KEY])
        row = cursor.fetchone()
    taken = bool(row and row[0])
    try:
        yield taken
    finally:
        if taken:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])


@contextmanager
def lease_lock(seconds: float | None = None) -> Iterator[bool]:
    """Any database: yields True if this run took the lease row (free, or its holder's lease expired)."""
    seconds = settings.SWEEP_LOCK_SECONDS if seconds is None else seconds
    holder = uuid.uuid4().hex
    now = timezone.now()
    try:
        SweepLease.objects.get_or_create(pk=1)
    except IntegrityError:  # created by a concurrent run in between: it exists now
        pass
    taken = (
        SweepLease.objects.filter(Q(held_until__isnull=True) | Q(held_until__lte=now), pk=1).update(
            holder=holder, held_until=now + dt.timedelta(seconds=seconds)
        )
        == 1
    )
    try:
        yield taken
    finally:
        if taken:
            SweepLease.objects.filter(pk=1, holder=holder).update(holder="", held_until=None)


def sweep_lock() -> Any:
    return advisory_lock() if connection.vendor == "postgresql" else lease_lock()


def sweep_once(now: dt.datetime | None = None, *, trigger: str) -> dict[str, Any] | None:
    """Run the sweep under the lock and record it; None (and nothing done) if another sweep holds the lock.
    A failing sweep is recorded with its error, then the exception goes on to the caller."""
    with sweep_lock() as taken:
        if not taken:
            log.warning(SKIPPED_MESSAGE, extra={"trigger": trigger})
            return None
        started = timezone.now()
        as_of = now or started
        clock = time.monotonic()
        try:
            report = run_sweep(as_of)
        except Exception as exc:
            log.exception("sweep failed", extra={"trigger": trigger})
            try:
                _record(started, as_of, trigger, {}, f"{type(exc).__name__}: {exc}")
            except Exception:  # the database itself may be what failed: the error above is what matters
                log.exception("could not record the failed sweep")
            raise
        _record(started, as_of, trigger, report, "")
        log.info(
            "sweep finished",
            extra={
                "trigger": trigger,
                "duration_ms": round((time.monotonic() - clock) * 1000),
                "steps": report,
            },
        )
        return report


def _record(
    started: dt.datetime, as_of: dt.datetime, trigger: str, report: dict[str, Any], error: str
) -> None:
    finished = timezone.now()
    SweepRun.objects.create(
        started_at=started,
        finished_at=finished,
        as_of=as_of,
        trigger=trigger,
        report=report,
        error=error[:2000],
    )
    SweepRun.objects.filter(
        finished_at__lt=finished - dt.timedelta(days=settings.SWEEP_HISTORY_DAYS)
    ).delete()


def last_successful_run() -> SweepRun | None:
    return SweepRun.objects.filter(error="").order_by("-finished_at").first()
