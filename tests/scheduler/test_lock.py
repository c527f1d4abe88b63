"""One sweep at a time: the lock every sweep takes (beat's task, `manage.py sweep`, runserver_with_sweep), and the
record of finished runs that /healthz reads. The races run on PostgreSQL with real threads and a real second
process; the lease (SQLite's lock) is also checked by its rules on any database."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from phoihop.scheduler import registry, runs
from phoihop.scheduler.models import SweepLease, SweepRun
from phoihop.scheduler.tasks import sweep as sweep_task

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 in Vietnam


@pytest.fixture
def only_step(monkeypatch):
    """Replace the registered steps by the given ones for one test."""

    def install(**steps):
        monkeypatch.setattr(registry, "_steps", {})
        for order, (name, func) in enumerate(steps.items()):
            registry.register(name, order=order)(func)

    return install


@contextmanager
def _held() -> object:
    yield False


# --- recording, skipping, failing (any database) ------------------------------------------------------


@pytest.mark.django_db
def test_a_sweep_is_recorded_with_its_report_and_trigger(only_step):
    only_step(count=lambda now: {"done": 1})
    with time_machine.travel(T0, tick=False):
        assert runs.sweep_once(trigger="beat") == {"count": {"done": 1}}
    run = SweepRun.objects.get()
    assert (run.started_at, run.finished_at, run.as_of, run.trigger, run.report, run.error) == (
        T0,
        T0,
        T0,
        "beat",
        {"count": {"done": 1}},
        "",
    )
    assert runs.last_successful_run() == run


@pytest.mark.django_db
def test_a_catch_up_sweep_records_the_moment_it_applied(only_step):
    seen = []
    only_step(count=lambda now: seen.append(now) or {})
    as_of = dt.datetime(2026, 2, 27, 0, 0, tzinfo=UTC)
    with time_machine.travel(T0, tick=False):
        out = StringIO()
        call_command("sweep", "--now", as_of.isoformat(), stdout=out)
    assert seen == [as_of]
    assert json.loads(out.getvalue()) == {"now": "2026-02-27T00:00:00+00:00", "steps": {"count": {}}}
    assert SweepRun.objects.values_list("trigger", "as_of", "finished_at").get() == ("command", as_of, T0)


@pytest.mark.django_db
def test_a_sweep_finding_the_lock_taken_does_nothing_and_says_so(only_step, monkeypatch, caplog):
    ran = []
    only_step(count=lambda now: ran.append(now) or {"done": 1})
    monkeypatch.setattr(runs, "sweep_lock", _held)
    with caplog.at_level(logging.INFO, logger="phoihop.sweep"):
        assert runs.sweep_once(trigger="beat") is None
        assert sweep_task() == {"skipped": "sweep skipped: another sweep holds the lock"}
        with pytest.raises(CommandError) as err:
            call_command("sweep", stdout=StringIO())
    assert (
        str(err.value) == "Một lượt quét khác đang chạy (đang giữ khóa): lượt này không làm gì. Thử lại sau."
    )
    assert ran == []
    assert SweepRun.objects.count() == 0
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("phoihop.sweep", "WARNING", "sweep skipped: another sweep holds the lock")
    ] * 3


@pytest.mark.django_db
def test_a_failing_sweep_is_recorded_with_its_error_releases_the_lock_and_is_not_a_healthy_one(only_step):
    def broken(now):
        raise RuntimeError("bước hỏng")

    only_step(ok=lambda now: {"done": 1})
    with time_machine.travel(T0, tick=False):
        runs.sweep_once(trigger="beat")
    only_step(broken=broken)
    with time_machine.travel(T0 + dt.timedelta(minutes=1), tick=False), pytest.raises(RuntimeError):
        runs.sweep_once(trigger="beat")
    assert list(SweepRun.objects.values_list("finished_at", "report", "error")) == [
        (T0 + dt.timedelta(minutes=1), {}, "RuntimeError: bước hỏng"),
        (T0, {"ok": {"done": 1}}, ""),
    ]
    assert runs.last_successful_run().finished_at == T0
    only_step(ok=lambda now: {"done": 2})
    assert runs.sweep_once(trigger="beat") == {"ok": {"done": 2}}  # the lock was released


@pytest.mark.django_db
def test_runs_older_than_the_history_are_deleted_by_a_later_run(only_step):
    only_step(ok=lambda now: {})
    days = settings.SWEEP_HISTORY_DAYS
    for moment in (T0, T0 + dt.timedelta(days=days), T0 + dt.timedelta(days=days, microseconds=1)):
        with time_machine.travel(moment, tick=False):
            runs.sweep_once(trigger="beat")
    # the first run is exactly SWEEP_HISTORY_DAYS old at the second run (kept), older at the third (deleted)
    assert list(SweepRun.objects.values_list("finished_at", flat=True)) == [
        T0 + dt.timedelta(days=days, microseconds=1),
        T0 + dt.timedelta(days=days),
    ]


# --- the lease (SQLite's lock; checked on any database) -------------------------------------------------


@pytest.mark.django_db
def test_the_lease_is_taken_once_released_after_and_an_abandoned_one_expires():
    with time_machine.travel(T0, tick=False):
        with runs.lease_lock(seconds=600) as first:
            with runs.lease_lock(seconds=600) as second:
                assert (first, second) == (True, False)
            lease = SweepLease.objects.get()
            assert lease.held_until == T0 + dt.timedelta(seconds=600)
        assert SweepLease.objects.values_list("holder", "held_until").get() == ("", None)
    # a process killed while sweeping leaves its lease: it blocks until it expires, not a microsecond longer
    SweepLease.objects.filter(pk=1).update(holder="killed", held_until=T0 + dt.timedelta(seconds=600))
    with time_machine.travel(T0 + dt.timedelta(seconds=600) - dt.timedelta(microseconds=1), tick=False):
        with runs.lease_lock() as taken:
            assert taken is False
    with time_machine.travel(T0 + dt.timedelta(seconds=600), tick=False):
        with runs.lease_lock() as taken:
            assert taken is True
            assert SweepLease.objects.get().holder != "killed"


@pytest.mark.django_db
def test_sqlite_sweeps_take_the_lease(only_step):
    if connection.vendor != "sqlite":
        pytest.skip("the lease is SQLite's lock (PostgreSQL takes an advisory lock)")
    only_step(ok=lambda now: {})
    SweepLease.objects.create(pk=1, holder="other", held_until=dt.datetime(2999, 1, 1, tzinfo=UTC))
    assert runs.sweep_once(trigger="beat") is None
    SweepLease.objects.filter(pk=1).update(held_until=None)
    assert runs.sweep_once(trigger="beat") == {"ok": {}}


# --- PostgreSQL: real threads and a real second process -----------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lock", ["advisory", "lease"])
def test_two_concurrent_sweeps_on_postgresql_exactly_one_runs(lock, only_step, monkeypatch, caplog):
    """Sweep A is inside its step (holding the lock) when sweep B starts in another thread, with its own
    connection: B does nothing. Then both beats' next runs go through one after the other."""
    if lock == "lease":
        monkeypatch.setattr(runs, "sweep_lock", runs.lease_lock)
    inside, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def step(now):
        calls.append(threading.current_thread().name)
        inside.set()
        assert release.wait(30)
        return {"done": 1}

    only_step(step=step)
    results: dict[str, object] = {}

    def sweep(name: str) -> None:
        try:
            results[name] = runs.sweep_once(trigger=name)
        finally:
            close_old_connections()

    a = threading.Thread(target=sweep, args=("a",), name="a")
    b = threading.Thread(target=sweep, args=("b",), name="b")
    with caplog.at_level(logging.WARNING, logger="phoihop.sweep"):
        a.start()
        assert inside.wait(30)
        b.start()
        b.join(30)
        release.set()
        a.join(30)
    assert results == {"a": {"step": {"done": 1}}, "b": None}
    assert calls == ["a"]
    assert list(SweepRun.objects.values_list("trigger", flat=True)) == ["a"]
    assert [r.getMessage() for r in caplog.records] == ["sweep skipped: another sweep holds the lock"]
    # released: the next one runs
    assert runs.sweep_once(trigger="c") == {"step": {"done": 1}}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_manage_py_sweep_in_another_process_waits_for_nobody_and_exits_1_while_beat_sweeps():
    """While this process holds the advisory lock (a sweep in progress), `manage.py sweep` in a second
    process does nothing: exit code 1, one Vietnamese line, no traceback. Once released, it sweeps."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    python = Path(settings.BASE_DIR) / ".venv" / "bin" / "python"

    def manage_sweep() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python if python.exists() else sys.executable), "manage.py", "sweep"],
            cwd=settings.BASE_DIR,
            env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "LOG_FORMAT": "json"},
            capture_output=True,
            text=True,
            timeout=120,
        )

    with runs.advisory_lock() as taken:
        assert taken is True
        held = manage_sweep()
    assert held.returncode == 1
    assert held.stdout == ""
    assert "Traceback" not in held.stderr
    lines = held.stderr.strip().splitlines()
    assert json.loads(lines[0])["message"] == "sweep skipped: another sweep holds the lock"
    assert (
        lines[-1]
        == "CommandError: Một lượt quét khác đang chạy (đang giữ khóa): lượt này không làm gì. Thử lại sau."
    )
    assert SweepRun.objects.count() == 0

    free = manage_sweep()
    assert free.returncode == 0, free.stderr
    assert set(json.loads(free.stdout)["steps"]) == set(registry.steps())
    assert list(SweepRun.objects.values_list("trigger", "error")) == [("command", "")]
