"""Run the benchmarks on the database made by bench/generate.py; print a table and write bench/out/results.json.

    .venv/bin/python bench/run.py [--repeat 15] [--skip-sweep]

Everything is measured in ONE run, at common.AS_OF (time-machine), so every figure comes with a ratio
against a baseline measured next to it (interleaved, median of N):
  (a) pages of a busy body (Ban Nội chính) through the Django test Client vs. a bare login_required view
      (registered only here, through a urlconf override): ratio view/bare; queries per page;
  (b) the ORM inbox/outbox querysets (list(...)) vs. the same SQL written by hand (connection.cursor()):
      ratio ORM/raw;
  (c) the sweep over the generated data, a week after the last sweep the data reflects: first run, then a
      second run that must change nothing; times, queries, rows written, ratio first/second;
  (d) the report period table of 003's monthly report (104 communes) vs. the bare view.
The sweep runs on a throw-away copy of the SQLite file (on another database: inside a rolled-back
transaction), so the generated data stays as generated and the benchmark can be run again.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import platform
import sqlite3
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import common

LIST_LIMIT = 200  # the consultations pages' LIST_LIMIT
REMINDERS = "  ↳ consultations reminders (_remind)"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15, help="timed iterations per measurement (median)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument("--json", type=Path, default=common.RESULTS, help="where to write the results")
    return parser.parse_args()


# --- measuring ---------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare(
    subject: Callable[[], Any], baseline: Callable[[], Any], repeat: int, warmup: int
) -> dict[str, Any]:
    """Interleaved timings (baseline, subject, baseline, …) so that load from other processes hits both."""
    for _ in range(warmup):
        baseline()
        subject()
    first = timed(subject)
    n = repeat if first < 1.0 else max(5, repeat // 3)  # keep slow pages to a bearable run time
    subj, base = [first], []
    for _ in range(n):
        base.append(timed(baseline))
        subj.append(timed(subject))
    s, b = statistics.median(subj), statistics.median(base)
    return {
        "ms": round(s * 1000, 2),
        "min_ms": round(min(subj) * 1000, 2),
        "baseline_ms": round(b * 1000, 3),
        "baseline_min_ms": round(min(base) * 1000, 3),
        "ratio": round(s / b, 1),
        "n": len(subj),
    }


class QueryCounter:
    """Counts queries through connection.execute_wrapper (cheap enough for a sweep of 500k queries)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


# --- (a) and (d): pages --------------------------------------------------------------------------------------


def bare_urlconf() -> str:
    """A urlconf with every project URL plus the bare view, only for this process."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.urls import path

    import phoihop.urls

    @login_required
    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [path("__bench__/bare/", bare, name="bench-bare"), *phoihop.urls.urlpatterns]  # type: ignore[attr-defined]
    sys.modules["bench_urls"] = module
    return "bench_urls"


def page_queries(client: Any, url: str) -> tuple[int, int, int]:
    """(status, bytes, queries) of one request, queries captured by CaptureQueriesContext."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(response.content), len(ctx.captured_queries)


def bench_pages(repeat: int, warmup: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from django.test import Client
    from django.urls import reverse

    from phoihop.accounts.models import User
    from phoihop.organizations.models import Organization
    from phoihop.regulations.models import ReportingObligation
    from phoihop.reports.models import ReportSlot

    busy = User.objects.get(username=common.BUSY_USER)
    commune_org = Organization.objects.filter(level="commune").order_by("pk").first()
    commune_user = User.objects.filter(organization=commune_org, is_active=True).order_by("pk").first()
    monthly = ReportingObligation.objects.get(
        regulation__code="003", regulation__superseded_by__isnull=True, code="monthly"
    )
    last = (
        ReportSlot.objects.filter(
            obligation=monthly, receiver_id=busy.organization_id, due_on__lt=common.AS_OF.date()
        )
        .order_by("-due_on")
        .first()
    )
    clients = {}
    for who, user in (("busy", busy), ("commune", commune_user)):
        clients[who] = Client()
        clients[who].force_login(user)
    bare = reverse("bench-bare")
    pages = [
        ("consultations inbox", reverse("consult-inbox")),
        ("consultations outbox", reverse("consult-outbox")),
        ("consultations dashboard", reverse("consult-dashboard")),
        ("reports received (year)", reverse("reports-received")),
        ("reports own (year)", reverse("reports-own")),
    ]
    if last is not None:
        pages.append(
            (
                f"reports period 003 monthly {last.period_key}",
                reverse("reports-period", args=[monthly.pk, last.period_key]),
            )
        )
    client = clients["busy"]
    status, size, bare_queries = page_queries(client, bare)
    assert status == 200, status
    results = []
    for name, url in pages:
        status, size, queries = page_queries(client, url)
        if status != 200:
            raise SystemExit(f"bench: {name} answered {status}")
        c_status, _, c_queries = page_queries(clients["commune"], url)
        row = compare(lambda url=url: client.get(url), lambda: client.get(bare), repeat, warmup)
        row.update(
            name=name,
            url=url,
            bytes=size,
            queries=queries,
            bare_queries=bare_queries,
            commune_queries=c_queries if c_status == 200 else None,
        )
        results.append(row)
        print(
            f"  {name}: {row['ms']} ms (bare {row['baseline_ms']} ms, ×{row['ratio']}), {queries} queries",
            flush=True,
        )
    who = {
        "busy_user": busy.username,
        "busy_org": str(busy.organization),
        "commune_user": commune_user.username if commune_user else None,
        "commune_org": str(commune_org),
    }
    return results, who


# --- (b): ORM vs raw SQL -------------------------------------------------------------------------------------


def columns(model: Any, alias: str, skip: tuple[str, ...] = ()) -> list[str]:
    return [f"{alias}.{f.column}" for f in model._meta.concrete_fields if f.name not in skip]


def inbox_sql() -> str:
    """The inbox page's first query (copies still to handle, nearest deadline first), by hand."""
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.organizations.models import Organization
    from phoihop.regulations.models import Regulation
    from phoihop.regulations.queries import REGULATION_HEAVY

    cols = (
        columns(Delivery, "d")
        + columns(CoordinationRequest, "r")
        + columns(Organization, "s")
        + columns(Regulation, "g", REGULATION_HEAVY)
    )
    return (
        f"SELECT {', '.join(cols)} FROM {Delivery._meta.db_table} d "
        f"JOIN {CoordinationRequest._meta.db_table} r ON r.id = d.request_id "
        f"JOIN {Organization._meta.db_table} s ON s.id = r.sender_id "
        f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
        "WHERE d.recipient_id = %s AND r.sent_at IS NOT NULL "
        "AND d.state IN ('sent', 'received', 'extension_notified') "
        f"ORDER BY (d.deadline IS NULL), d.deadline ASC, d.id ASC LIMIT {LIST_LIMIT}"
    )


def outbox_sql() -> str:
    """The outbox page's rows with their counts (the newest 200 first, then the counts of those), by hand."""
    from phoihop.accounts.models import User
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.regulations.models import Regulation
    from phoihop.regulations.queries import REGULATION_HEAVY

    table = CoordinationRequest._meta.db_table
    cols = columns(CoordinationRequest, "r") + columns(Regulation, "g", REGULATION_HEAVY) + columns(User, "u")
    counts = [
        "COUNT(d.id)",
        "COUNT(CASE WHEN d.state = 'answered' THEN d.id END)",
        "COUNT(CASE WHEN d.state = 'deemed_consent' THEN d.id END)",
        "COUNT(CASE WHEN d.position = 'disagree' THEN d.id END)",
    ]
    return (
        f"WITH page AS (SELECT id FROM {table} WHERE sender_id = %s "
        f"ORDER BY created_at DESC, id DESC LIMIT {LIST_LIMIT}) "
        f"SELECT {', '.join(cols + counts)} FROM {table} r JOIN page ON page.id = r.id "
        f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
        f"JOIN {User._meta.db_table} u ON u.id = r.created_by_id "
        f"LEFT JOIN {Delivery._meta.db_table} d ON d.request_id = r.id "
        "GROUP BY r.id, g.id, u.id ORDER BY r.created_at DESC, r.id DESC"
    )


def bench_orm_raw(repeat: int, warmup: int) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    from django.db import connection
    from django.db.models import Count, Q

    from phoihop.accounts.models import User
    from phoihop.consultations import queries

    user = User.objects.get(username=common.BUSY_USER)
    org = user.organization_id

    def orm_inbox() -> list[Any]:  # exactly the inbox page's first query
        return list(queries.inbox_open(user)[:LIST_LIMIT])

    def orm_outbox() -> list[Any]:  # exactly the outbox page's two queries
        shown = list(queries.outbox(user).values_list("pk", flat=True)[:LIST_LIMIT])
        return list(
            queries.outbox(user)
            .filter(pk__in=shown)
            .annotate(
                n_recipients=Count("deliveries"),
                n_answered=Count("deliveries", filter=Q(deliveries__state="answered")),
                n_deemed=Count("deliveries", filter=Q(deliveries__state="deemed_consent")),
                n_disagree=Count("deliveries", filter=Q(deliveries__position="disagree")),
            )
        )

    def raw(sql: str) -> Callable[[], list[Any]]:
        def run() -> list[Any]:
            with connection.cursor() as cursor:
                cursor.execute(sql, [org])
                return cursor.fetchall()

        return run

    cases = [
        ("inbox queryset", orm_inbox, raw(inbox_sql()), inbox_sql()),
        ("outbox queryset (annotated, as the page)", orm_outbox, raw(outbox_sql()), outbox_sql()),
    ]
    results, plans = [], {}
    for name, orm, hand, sql in cases:
        orm_ids = [o.pk for o in orm()]
        raw_ids = [row[0] for row in hand()]
        if orm_ids != raw_ids:
            raise SystemExit(f"bench: the raw SQL of {name} does not return the ORM's rows")
        row = compare(orm, hand, repeat, warmup)
        row.update(name=name, rows=len(orm_ids))
        results.append(row)
        print(
            f"  {name}: ORM {row['ms']} ms, raw {row['baseline_ms']} ms (×{row['ratio']}), {len(orm_ids)} rows",
            flush=True,
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN QUERY PLAN " + sql, [org])
                plans[name] = [r[-1] for r in cursor.fetchall()]
    return results, plans


def dashboard_plans() -> dict[str, list[str]]:
    """SQLite query plans of the dashboard's three lists (what the page's time is spent on)."""
    from django.db import connection

    from phoihop.accounts.models import User
    from phoihop.consultations import queries
    from phoihop.consultations.enums import ANSWERABLE_STATES

    if connection.vendor != "sqlite":
        return {}
    user = User.objects.get(username=common.BUSY_USER)
    org = user.organization_id
    today = common.AS_OF.date()
    from django.db.models import Q

    base = queries.deliveries_visible_to(user).filter(Q(recipient_id=org) | Q(request__sender_id=org))
    qs = {
        "dashboard overdue": base.filter(state__in=ANSWERABLE_STATES, deadline__lt=today).order_by(
            "deadline", "pk"
        )[:LIST_LIMIT],
        "dashboard deemed": base.filter(state="deemed_consent").order_by("-deemed_at", "pk")[:50],
    }
    out = {}
    for name, q in qs.items():
        sql, params = q.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            out[name] = [r[-1] for r in cursor.fetchall()]
    return out


# --- (c): the sweep ------------------------------------------------------------------------------------------


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A copy of the SQLite benchmark file for the sweep to write to (elsewhere: a rolled-back transaction)."""
    from django.db import connection, transaction

    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield "rolled-back transaction"
            transaction.set_rollback(True)
        return
    source = Path(connection.settings_dict["NAME"])
    copy = source.with_name(source.stem + "-sweep.sqlite3")
    connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    connection.settings_dict["NAME"] = str(copy)
    try:
        yield f"copy {copy.name}"
    finally:
        connection.close()
        connection.settings_dict["NAME"] = str(source)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)


def rows_written() -> int | None:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    return raw.total_changes if isinstance(raw, sqlite3.Connection) else None


def bench_sweep() -> dict[str, Any]:
    import time_machine
    from django.db import connection

    from phoihop.audit.models import AuditEvent
    from phoihop.consultations import queries as consult_queries
    from phoihop.consultations.domain import sweep as consult_sweep
    from phoihop.consultations.models import Delivery
    from phoihop.notifications.models import Notification, OutboundEmail
    from phoihop.scheduler import registry

    now = common.AS_OF
    out: dict[str, Any] = {"now": now.isoformat(), "last_sweep_in_data": common.SWEPT_AT.isoformat()}
    with throwaway_database() as where:
        out["database"] = where
        out["due_before"] = consult_queries.due(now).count()
        counter = QueryCounter()
        step_stats: dict[str, dict[str, Any]] = {}

        def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
            def run(moment: dt.datetime, *args: Any) -> Any:
                q0, w0, t0 = counter.n, rows_written(), time.perf_counter()
                result = func(moment, *args)
                w1 = rows_written()
                step_stats[name] = {
                    "s": round(time.perf_counter() - t0, 3),
                    "queries": counter.n - q0,
                    "rows_written": None if w0 is None or w1 is None else w1 - w0,
                    "counts": result,
                }
                return result

            return run

        saved_steps = dict(registry._steps)
        saved_remind = consult_sweep._remind
        for name, step in saved_steps.items():
            registry._steps[name] = dataclasses.replace(step, item=wrap(name, step.item))
        consult_sweep._remind = wrap(REMINDERS, saved_remind)  # type: ignore[assignment]
        runs = []
        try:
            with connection.execute_wrapper(counter):
                for i, moment in enumerate((now, now + dt.timedelta(minutes=1))):
                    before = {
                        "audit": AuditEvent.objects.count(),
                        "notifications": Notification.objects.count(),
                        "emails": OutboundEmail.objects.count(),
                    }
                    step_stats.clear()
                    q0, w0 = counter.n, rows_written()
                    with time_machine.travel(moment, tick=True):
                        t0 = time.perf_counter()
                        report = registry.run_sweep(moment)
                        elapsed = time.perf_counter() - t0
                    w1 = rows_written()
                    domain_changes = sum(
                        v
                        for step, counts in report.items()
                        if step != "notifications.outbox"
                        for key, v in counts.items()
                        if key != "no_receiver"  # slots that could not be made: a count, not a change
                    )
                    runs.append(
                        {
                            "run": i + 1,
                            "s": round(elapsed, 3),
                            "queries": counter.n - q0,
                            "rows_written": None if w0 is None or w1 is None else w1 - w0,
                            "changes": domain_changes,
                            "emails_sent": report.get("notifications.outbox", {}).get("sent", 0),
                            "report": report,
                            "steps": dict(step_stats),
                            "new_audit_events": AuditEvent.objects.count() - before["audit"],
                            "new_notifications": Notification.objects.count() - before["notifications"],
                            "new_emails": OutboundEmail.objects.count() - before["emails"],
                        }
                    )
                    print(
                        f"  sweep run {i + 1}: {elapsed:.2f} s, {counter.n - q0:,} queries, "
                        f"{domain_changes} changes, report {json.dumps(report, ensure_ascii=False)}",
                        flush=True,
                    )
        finally:
            registry._steps.clear()
            registry._steps.update(saved_steps)
            consult_sweep._remind = saved_remind  # type: ignore[assignment]
        out["due_after"] = consult_queries.due(now).count()
        out["open_deliveries"] = Delivery.objects.filter(state__in=["received", "extension_notified"]).count()
        out["emails_pending_after"] = OutboundEmail.objects.filter(state="pending").count()
    out["runs"] = runs
    first, second = runs
    out["ratio_first_second"] = round(first["s"] / second["s"], 1) if second["s"] else None
    step = first["steps"].get("consultations.deadlines", {})
    deemed = step.get("counts", {}).get("deemed_consent", 0) + step.get("counts", {}).get("overdue", 0)
    reminders = first["steps"].get(REMINDERS, {})
    if deemed:
        out["per_deemed_delivery"] = {
            "ms": round((step["s"] - reminders.get("s", 0)) * 1000 / deemed, 2),
            "queries": round((step["queries"] - reminders.get("queries", 0)) / deemed, 1),
        }
    n_reminders = reminders.get("counts", 0)
    if n_reminders:
        out["per_reminder"] = {
            "ms": round(reminders["s"] * 1000 / n_reminders, 2),
            "queries": round(reminders["queries"] / n_reminders, 1),
        }
    return out


# --- report --------------------------------------------------------------------------------------------------


def migrate_if_needed() -> None:
    """The schema moves on after the data was generated: bring the benchmark database up to date."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        print(f"bench: applying {len(plan)} new migration(s) to the benchmark database", flush=True)
        call_command("migrate", verbosity=0)


def machine() -> dict[str, Any]:
    import django
    from django.db import connection

    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "sqlite": sqlite3.sqlite_version if connection.vendor == "sqlite" else None,
        "platform": platform.platform(),
    }


def print_table(results: dict[str, Any]) -> None:
    line = "-" * 104
    print(
        f"\n{line}\n{'measurement':<46}{'median':>11}{'baseline':>12}{'ratio':>9}{'queries':>10}{'n':>5}  notes"
    )
    print(line)
    for r in results["pages"]:
        commune = f"{r['commune_queries']} q" if r["commune_queries"] is not None else "404 (not its page)"
        note = f"bare {r['bare_queries']} q; commune {commune}; {r['bytes'] // 1024} KiB"
        print(
            f"{'(a/d) ' + r['name']:<46}{r['ms']:>9.1f}ms{r['baseline_ms']:>10.2f}ms{r['ratio']:>8.1f}×{r['queries']:>10}{r['n']:>5}  {note}"
        )
    for r in results["orm_raw"]:
        print(
            f"{'(b) ' + r['name']:<46}{r['ms']:>9.1f}ms{r['baseline_ms']:>10.2f}ms{r['ratio']:>8.1f}×{1:>10}{r['n']:>5}  raw SQL; {r['rows']} rows"
        )
    sweep = results.get("sweep")
    if sweep:
        first, second = sweep["runs"]
        for run in (first, second):
            base = f"{second['s'] * 1000:>10.1f}ms" if run is first else f"{'':>12}"
            ratio = f"{sweep['ratio_first_second']:>8.1f}×" if run is first else f"{'':>9}"
            note = f"{run['changes']} changes, {run['rows_written']} rows written, {run['emails_sent']} e-mails sent"
            print(
                f"{'(c) full sweep run ' + str(run['run']):<46}{run['s'] * 1000:>9.1f}ms{base}{ratio}{run['queries']:>10}{1:>5}  {note}"
            )
        for name, st in first["steps"].items():
            print(
                f"{'      step ' + name:<46}{st['s'] * 1000:>9.1f}ms{'':>12}{'':>9}{st['queries']:>10}{'':>5}  {json.dumps(st['counts'], ensure_ascii=False)}"
            )
    print(line)


def main() -> None:
    args = parse()
    url = common.setup_django()
    import time_machine
    from django.db import connection
    from django.test.utils import override_settings

    from phoihop.consultations.models import CoordinationRequest

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the outsider's expected 404s
    migrate_if_needed()
    if not CoordinationRequest.objects.exists():
        raise SystemExit("bench: no generated data; run bench/generate.py first")
    meta_file = common.meta_path(url)
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    print(f"bench: {common.redacted(url)}; generated {meta.get('counts', '?')}", flush=True)
    results: dict[str, Any] = {"machine": machine(), "generated": meta, "as_of": common.AS_OF.isoformat()}
    with override_settings(ROOT_URLCONF=bare_urlconf(), DEBUG=False):
        with time_machine.travel(common.AS_OF, tick=True):
            print("(a, d) pages vs bare view", flush=True)
            results["pages"], results["who"] = bench_pages(args.repeat, args.warmup)
            print("(b) ORM vs raw SQL", flush=True)
            results["orm_raw"], plans = bench_orm_raw(args.repeat, args.warmup)
            results["query_plans"] = {**plans, **dashboard_plans()}
    if not args.skip_sweep:
        print("(c) sweep (on a throw-away copy)", flush=True)
        results["sweep"] = bench_sweep()
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    connection.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print_table(results)
    print(f"bench: results in {args.json}")


if __name__ == "__main__":
    main()
