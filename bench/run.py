"""Run the benchmarks on the database made by bench/generate.py; print a table and write bench/out/results.json.

    .venv/bin/python bench/run.py [--runs 3] [--repeat 15] [--skip-sweep] [--due 0,10,100,1000]

Everything is measured at common.AS_OF (time-machine), each figure next to its baseline (interleaved, median
of N), and the whole measurement is repeated --runs times on the same generated data:
  (a) pages of a busy body (Ban Nội chính) through the Django test Client vs. the SAME TEMPLATE rendered by a
      bare view with the page's context captured once and its rows materialised to lists (the template
      baseline): ratio page/template; queries per page (and for a small commune: equal counts, no N+1);
  (b) the ORM inbox/outbox first pages (consultations.queries, as the pages call them) vs. the same rows
      fetched with hand-written SQL (connection.cursor()): ratio ORM/raw;
  (c) the sweep over the generated data on a throw-away copy: the catch-up run a week after the last sweep,
      a second run that must change nothing, then runs with exactly N deliveries due for deemed consent
      (N = 0, 10, 100, 1,000): time and queries of the consultations step and of the whole sweep, cost per
      item; and an EXPLAIN of every probe of the sweep when nothing is due (an index must serve each);
  (d) the report period table of 003's monthly report (104 communes) and the report lists vs. their templates;
      the officials pages (issue 12) and the petition register, its search and a matter's page (issue 13) too.
The sweep runs on a throw-away copy of the SQLite file (on PostgreSQL: inside a rolled-back transaction), so
the generated data stays as generated and the benchmark can be run again. bench/goals.py turns the JSON
written here (and bench/load.py's) into the goal / measured / met table.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import logging
import os
import platform
import re
import sqlite3
import statistics
import sys
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gen_officials
import gen_petitions

import common

LIST_LIMIT = 200  # the consultations pages' LIST_LIMIT (the outbox, the dashboard's lists)
INBOX_LIMIT = 50  # the inbox page's INBOX_PAGE_SIZE (200 before 03/12/2026)
REMINDERS = "  ↳ consultations reminders (_remind)"
CONSULT_STEP = "consultations.deadlines"
DUE_LEVELS = (0, 10, 100, 1000)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=1, help="repeat the whole measurement (same data)")
    parser.add_argument("--repeat", type=int, default=15, help="timed iterations per measurement (median)")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--skip-sweep", action="store_true")
    parser.add_argument(
        "--pages",
        default="",
        help="measure only these pages (keys, comma separated, e.g. petitions,petitions_search,matter); "
        "default every page",
    )
    parser.add_argument(
        "--due",
        default=",".join(map(str, DUE_LEVELS)),
        help="numbers of deliveries made due for deemed consent, comma separated (first should be 0)",
    )
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
        "ratio": round(s / b, 2),
        "n": len(subj),
    }


class QueryCounter:
    """Counts queries through connection.execute_wrapper (cheap enough for a sweep of 500k queries)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


# --- (a) and (d): pages vs. the same template ----------------------------------------------------------------

# key -> (template name, materialised context, the page's path): what the template baseline view renders.
BASELINES: dict[str, tuple[str, dict[str, Any], str]] = {}


def bench_urlconf() -> str:
    """A urlconf with every project URL plus the template baseline view, only for this process."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.shortcuts import render
    from django.urls import path

    import phoihop.urls

    @login_required
    def template_baseline(request: HttpRequest, key: str) -> HttpResponse:
        # The page's template with its context computed once: what is left is middleware, session,
        # authentication, context processors and the template itself. The request's path is the page's, so
        # the markup (menus, links back) is the same byte for byte.
        name, context, page_path = BASELINES[key]
        request.path = request.path_info = page_path
        return render(request, name, context)

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("__bench__/template/<str:key>/", template_baseline, name="bench-template"),
        *phoihop.urls.urlpatterns,
    ]
    sys.modules["bench_urls"] = module
    return "bench_urls"


@contextmanager
def captured_templates() -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """(template name, the view's context) of every template rendered, through Django's test instrumentation
    (template_rendered, sent when Template._render is instrumented as in setup_test_environment). The first
    one is the page's own template (extends/includes come after it)."""
    from django.template import Template
    from django.test.signals import template_rendered
    from django.test.utils import instrumented_test_render

    seen: list[tuple[str, dict[str, Any]]] = []

    def receiver(sender: Any, template: Any, context: Any, **kwargs: Any) -> None:
        # make_context pushed the view's dict last (above the context processors' one).
        seen.append((template.name, dict(context.dicts[-1])))

    saved = Template._render
    Template._render = instrumented_test_render  # type: ignore[method-assign]
    template_rendered.connect(receiver, dispatch_uid="bench-capture")
    try:
        yield seen
    finally:
        Template._render = saved  # type: ignore[method-assign]
        template_rendered.disconnect(dispatch_uid="bench-capture")


def materialise(value: Any, depth: int = 0) -> Any:
    """Querysets (also inside lists, tuples and dicts) evaluated to lists, lazy strings to str; model instances
    stay as they are (what they prefetched stays on them)."""
    from django.core.paginator import Page
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    if depth > 6:
        return value
    if isinstance(value, QuerySet):
        return [materialise(v, depth + 1) for v in value]
    if isinstance(value, Page):
        value.object_list = [materialise(v, depth + 1) for v in value.object_list]
        return value
    if isinstance(value, Promise):
        return str(value)
    if type(value) is dict:
        return {k: materialise(v, depth + 1) for k, v in value.items()}
    if type(value) is list:
        return [materialise(v, depth + 1) for v in value]
    if type(value) is tuple:
        return tuple(materialise(v, depth + 1) for v in value)
    return value


def page_queries(client: Any, url: str) -> tuple[int, bytes, int]:
    """(status, body, queries) of one request, queries captured by CaptureQueriesContext."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, response.content, len(ctx.captured_queries)


def slowest_queries(client: Any, url: str, n: int = 3) -> list[dict[str, Any]]:
    """The page's n slowest queries of one call (their time as captured) with their EXPLAIN: where a page's
    time goes, and whether a table that grows with the history is read whole."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    timed_queries = sorted(ctx.captured_queries, key=lambda q: -float(q.get("time") or 0))[:n]
    out = []
    for q in timed_queries:
        sql = q["sql"]
        row: dict[str, Any] = {"ms": round(float(q.get("time") or 0) * 1000, 2), "sql": sql}
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            plan = explain(sql)
            row.update(plan=plan["plan"], indexed=plan["indexed"])
        out.append(row)
    return out


def with_baseline(client: Any, key: str, url: str) -> tuple[str, str]:
    """Call the page once with the templates instrumented, keep its template and materialised context for the
    baseline view; returns (template name, the baseline's URL)."""
    from django.urls import reverse

    with captured_templates() as seen:
        response = client.get(url)
    if response.status_code != 200 or not seen:
        raise SystemExit(f"bench: {url} answered {response.status_code} (templates: {len(seen)})")
    name, context = seen[0]
    BASELINES[key] = (name, materialise(context), url.split("?", 1)[0])
    return name, reverse("bench-template", args=[key])


def page_list() -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    """(key, name, url) of every measured page, and who and what they show."""
    from django.urls import reverse

    from phoihop.accounts.models import User
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.regulations.models import ReportingObligation
    from phoihop.reports.models import ReportSlot

    busy = User.objects.get(username=common.BUSY_USER)
    org = busy.organization_id
    received = (
        Delivery.objects.filter(recipient_id=org, request__sent_at__isnull=False, state="received")
        .order_by("-pk")
        .values_list("request_id", flat=True)
        .first()
    )
    sent = (
        CoordinationRequest.objects.filter(sender_id=org, state="sent", sent_at__isnull=False)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    monthly = ReportingObligation.objects.get(
        regulation__code="003", regulation__superseded_by__isnull=True, code="monthly"
    )
    last = (
        ReportSlot.objects.filter(obligation=monthly, receiver_id=org, due_on__lt=common.AS_OF.date())
        .order_by("-due_on")
        .first()
    )
    pages = [
        ("inbox", "consultations inbox", reverse("consult-inbox")),
        ("outbox", "consultations outbox", reverse("consult-outbox")),
        ("dashboard", "consultations dashboard", reverse("consult-dashboard")),
    ]
    if received is not None:
        pages.append(
            (
                "detail_received",
                f"request detail, received (#{received})",
                reverse("consult-detail", args=[received]),
            )
        )
    if sent is not None:
        pages.append(
            ("detail_sent", f"request detail, sent (#{sent})", reverse("consult-detail", args=[sent]))
        )
    pages.append(("regulation", "regulation page 003", reverse("regulation-detail", args=["003"])))
    if last is not None:
        pages.append(
            (
                "report_period",
                f"reports period 003 monthly {last.period_key}",
                reverse("reports-period", args=[monthly.pk, last.period_key]),
            )
        )
    pages += [
        ("reports_received", "reports received (year)", reverse("reports-received")),
        ("reports_own", "reports own (year)", reverse("reports-own")),
    ]
    pages += gen_officials.pages()
    pages += gen_petitions.pages()
    return pages, {"detail_received": received, "detail_sent": sent}


def bench_pages(
    repeat: int, warmup: int, only: set[str] | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from django.test import Client

    from phoihop.accounts.models import User
    from phoihop.organizations.models import Organization

    busy = User.objects.get(username=common.BUSY_USER)
    commune_org = Organization.objects.filter(level="commune").order_by("pk").first()
    commune_user = User.objects.filter(organization=commune_org, is_active=True, role="specialist")
    commune_user = commune_user.order_by("pk").first() or (
        User.objects.filter(organization=commune_org, is_active=True).order_by("pk").first()
    )
    clients = {}
    for who, user in (("busy", busy), ("commune", commune_user)):
        clients[who] = Client()
        clients[who].force_login(user)
    client = clients["busy"]
    pages, shown = page_list()
    if only:
        pages = [p for p in pages if p[0] in only]
    results = []
    for key, name, url in pages:
        status, body, queries = page_queries(client, url)
        if status != 200:
            raise SystemExit(f"bench: {name} answered {status}")
        template, baseline_url = with_baseline(client, key, url)
        b_status, b_body, b_queries = page_queries(client, baseline_url)
        if b_status != 200:
            raise SystemExit(f"bench: the template baseline of {name} answered {b_status}")
        c_status, _, c_queries = page_queries(clients["commune"], url)
        row = compare(lambda url=url: client.get(url), lambda u=baseline_url: client.get(u), repeat, warmup)
        row.update(
            key=key,
            name=name,
            url=url,
            template=template,
            bytes=len(body),
            baseline_bytes=len(b_body),
            same_size=len(body) == len(b_body),
            queries=queries,
            baseline_queries=b_queries,
            commune_queries=c_queries if c_status == 200 else None,
        )
        row["slowest_queries"] = slowest_queries(client, url)
        results.append(row)
        size = "same size" if row["same_size"] else f"SIZE DIFFERS {len(body)} vs {len(b_body)} bytes"
        top = row["slowest_queries"][0] if row["slowest_queries"] else None
        slow = f"; slowest query {top['ms']} ms" if top else ""
        if top and top.get("indexed") is False:
            slow += " (READS A BIG TABLE WHOLE)"
        print(
            f"  {name}: {row['ms']} ms (template {row['baseline_ms']} ms, ×{row['ratio']}), "
            f"{queries} queries (template {b_queries}), {size}{slow}",
            flush=True,
        )
    who = {
        "busy_user": busy.username,
        "busy_org": str(busy.organization),
        "commune_user": commune_user.username if commune_user else None,
        "commune_org": str(commune_org),
        **shown,
    }
    return results, who


# --- (b): ORM vs raw SQL -------------------------------------------------------------------------------------


def columns(model: Any, alias: str, skip: tuple[str, ...] = ()) -> list[str]:
    return [f"{alias}.{f.column}" for f in model._meta.concrete_fields if f.name not in skip]


def keyset_pages() -> bool:
    """True when the pages read keyset pages (consultations.queries.inbox_page / outbox_page, issue 10)."""
    from phoihop.consultations import queries

    return hasattr(queries, "inbox_page") and hasattr(queries, "outbox_page")


def _states_sql(states: list[str]) -> str:
    """`('a', 'b')` written in the SQL, as queries._StateIn and the partial indexes' conditions write them."""
    return "(" + ", ".join(repr(s) for s in sorted(states)) + ")"


def inbox_sql() -> list[str]:
    """The inbox page's queries by hand, one per part of its order; each takes (organisation, LIMIT).

    Keyset pages: open copies with a deadline (nearest first), open copies without one (oldest first), then the
    handled ones (latest first), each read only as far as the page goes. Before them: the open copies (those
    without a deadline last) in one query."""
    from phoihop.consultations.enums import OPEN_DELIVERY_STATES, DeliveryState
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.organizations.models import Organization
    from phoihop.regulations.models import Regulation
    from phoihop.regulations.queries import REGULATION_HEAVY

    org_table = Organization._meta.db_table
    cols = (
        columns(Delivery, "d")
        + columns(CoordinationRequest, "r")
        + columns(Organization, "s")
        + columns(Regulation, "g", REGULATION_HEAVY)
    )
    joins = (
        f"FROM {Delivery._meta.db_table} d "
        f"JOIN {CoordinationRequest._meta.db_table} r ON r.id = d.request_id "
        f"JOIN {org_table} s ON s.id = r.sender_id "
        f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
    )
    open_states = _states_sql([str(x) for x in OPEN_DELIVERY_STATES])
    if not keyset_pages():
        base = f"SELECT {', '.join(cols)} {joins} WHERE d.recipient_id = %s AND r.sent_at IS NOT NULL"
        return [
            f"{base} AND d.state IN {open_states} ORDER BY (d.deadline IS NULL), d.deadline, d.id LIMIT %s"
        ]
    cols += columns(Organization, "o")  # the page shows the recipient too (select_related("recipient"))
    joins += f"JOIN {org_table} o ON o.id = d.recipient_id "
    done_states = _states_sql([str(x) for x in set(DeliveryState) - OPEN_DELIVERY_STATES])
    base = f"SELECT {', '.join(cols)} {joins} WHERE d.recipient_id = %s AND r.sent_at IS NOT NULL"
    return [
        f"{base} AND d.state IN {open_states} AND d.deadline IS NOT NULL ORDER BY d.deadline, d.id LIMIT %s",
        f"{base} AND d.state IN {open_states} AND d.deadline IS NULL ORDER BY d.id LIMIT %s",
        f"{base} AND d.state IN {done_states} ORDER BY d.id DESC LIMIT %s",
    ]


def outbox_sql() -> list[str]:
    """The outbox page's rows with their counts, by hand, as ONE query (the newest requests first, then the
    counts of those only); takes (organisation, LIMIT)."""
    from phoihop.accounts.models import User
    from phoihop.consultations import queries
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.officials.models import Official
    from phoihop.regulations.models import Regulation
    from phoihop.regulations.queries import REGULATION_HEAVY

    table = CoordinationRequest._meta.db_table
    if hasattr(queries, "OUTBOX_PAGE_VALUES"):  # the page reads values, the official's name too (issue 10)
        cols = ["r.id", "r.document_number", "r.subject", "r.state", "r.created_at"]
        cols += ["g.number", "g.short_title", "r.personnel_procedure", "o.full_name"]
        joins = (
            f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
            f"LEFT JOIN {Official._meta.db_table} o ON o.id = r.official_id "
        )
        group = "GROUP BY r.id, g.id, o.id "
    elif hasattr(queries, "OUTBOX_PAGE_FIELDS"):  # the page reads what it shows (issue 10): so does the SQL
        cols = ["r.id", "r.document_number", "r.subject", "r.state", "r.created_at", "r.regulation_id"]
        cols += ["g.id", "g.number", "g.short_title"]
        joins = f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
        group = "GROUP BY r.id, g.id "
    else:
        cols = (
            columns(CoordinationRequest, "r")
            + columns(Regulation, "g", REGULATION_HEAVY)
            + columns(User, "u")
        )
        joins = (
            f"JOIN {Regulation._meta.db_table} g ON g.id = r.regulation_id "
            f"JOIN {User._meta.db_table} u ON u.id = r.created_by_id "
        )
        group = "GROUP BY r.id, g.id, u.id "
    counts = [
        "COUNT(d.id)",
        "COUNT(CASE WHEN d.state = 'answered' THEN d.id END)",
        "COUNT(CASE WHEN d.state = 'deemed_consent' THEN d.id END)",
        "COUNT(CASE WHEN d.position = 'disagree' THEN d.id END)",
    ]
    return [
        f"WITH page AS (SELECT id FROM {table} WHERE sender_id = %s "
        "ORDER BY created_at DESC, id DESC LIMIT %s) "
        f"SELECT {', '.join(cols + counts)} FROM {table} r JOIN page ON page.id = r.id "
        + joins
        + f"LEFT JOIN {Delivery._meta.db_table} d ON d.request_id = r.id "
        + group
        + "ORDER BY r.created_at DESC, r.id DESC"
    ]


def orm_pages(user: Any) -> dict[str, Callable[[], list[Any]]]:
    """The inbox's and the outbox's first page as the web views read them (web/views/consultations.py):
    consultations.queries.inbox_page / outbox_page (keyset pages: up to LIST_LIMIT + 1 rows, to know whether
    there is a next page); before those existed, inbox_open and outbox with their counts."""
    from django.db.models import Count, Q

    from phoihop.consultations import queries

    if keyset_pages():
        return {
            "inbox": lambda: list(queries.inbox_page(user, None, INBOX_LIMIT).rows),  # type: ignore[attr-defined]
            "outbox": lambda: list(queries.outbox_page(user, None, LIST_LIMIT).rows),  # type: ignore[attr-defined]
        }

    def inbox() -> list[Any]:
        return list(queries.inbox_open(user)[:LIST_LIMIT])

    def outbox() -> list[Any]:
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

    return {"inbox": inbox, "outbox": outbox}


def bench_orm_raw(repeat: int, warmup: int) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phoihop.accounts.models import User

    user = User.objects.get(username=common.BUSY_USER)
    org = user.organization_id
    orm = orm_pages(user)
    inbox_rows = INBOX_LIMIT if keyset_pages() else LIST_LIMIT

    def raw(sqls: list[str], shown: int) -> Callable[[], list[Any]]:
        # A keyset page reads one row more than it shows (is there a next page?); so does the SQL by hand.
        fetch = shown + 1 if keyset_pages() else shown

        def run() -> list[Any]:  # each part only as far as the page goes, like the page
            rows: list[Any] = []
            with connection.cursor() as cursor:
                for sql in sqls:
                    cursor.execute(sql, [org, fetch - len(rows)])
                    rows += cursor.fetchall()
                    if len(rows) >= fetch:
                        break
            return rows[:shown]

        return run

    cases = [
        ("inbox", "inbox first page", orm["inbox"], inbox_sql(), inbox_rows),
        ("outbox", "outbox first page with counts", orm["outbox"], outbox_sql(), LIST_LIMIT),
    ]
    results, plans = [], {}
    for key, name, run_orm, sqls, shown in cases:
        fetch = shown + 1 if keyset_pages() else shown
        hand = raw(sqls, shown)
        with CaptureQueriesContext(connection) as ctx:
            orm_ids = [o.pk for o in run_orm()]
        with CaptureQueriesContext(connection) as raw_ctx:
            raw_ids = [row[0] for row in hand()]
        if orm_ids != raw_ids:
            raise SystemExit(f"bench: the raw SQL of {name} does not return the ORM's rows")
        row = compare(run_orm, hand, repeat, warmup)
        row.update(
            key=key,
            name=name,
            rows=len(orm_ids),
            orm_queries=len(ctx.captured_queries),
            raw_queries=len(raw_ctx.captured_queries),
        )
        results.append(row)
        print(
            f"  {name}: ORM {row['ms']} ms ({row['orm_queries']} q), raw {row['baseline_ms']} ms "
            f"({row['raw_queries']} q) (×{row['ratio']}), {len(orm_ids)} rows",
            flush=True,
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                for i, sql in enumerate(sqls):
                    cursor.execute("EXPLAIN QUERY PLAN " + sql, [org, fetch])
                    plans[f"{name} ({i + 1})" if len(sqls) > 1 else name] = [r[-1] for r in cursor.fetchall()]
    return results, plans


def dashboard_plans() -> dict[str, list[str]]:
    """SQLite query plans of the dashboard's lists, as the page reads them (consultations.queries.dashboard_*)."""
    from django.db import connection

    from phoihop.accounts.models import User
    from phoihop.consultations import queries

    if connection.vendor != "sqlite":
        return {}
    user = User.objects.get(username=common.BUSY_USER)
    today = common.AS_OF.date()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    qs = {
        "dashboard due this week": queries.dashboard_due(user, today, week_end)[:LIST_LIMIT],
        "dashboard overdue": queries.dashboard_overdue(user, today)[:LIST_LIMIT],
        "dashboard deemed": queries.dashboard_deemed(user)[:50],
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


@contextmanager
def instrumented_steps(counter: QueryCounter, stats: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Each registered sweep step (and the consultations reminders) timed and counted on its own."""
    from phoihop.consultations.domain import sweep as consult_sweep
    from phoihop.scheduler import registry

    def wrap(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def run(moment: dt.datetime, *args: Any) -> Any:
            q0, w0, t0 = counter.n, rows_written(), time.perf_counter()
            result = func(moment, *args)
            w1 = rows_written()
            stats[name] = {
                "s": round(time.perf_counter() - t0, 4),
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
    try:
        yield
    finally:
        registry._steps.clear()
        registry._steps.update(saved_steps)
        consult_sweep._remind = saved_remind  # type: ignore[assignment]


def sweep_once(
    moment: dt.datetime, counter: QueryCounter, stats: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One whole sweep at `moment`: time, queries, rows written, changes, and the figures of each step."""
    import time_machine

    from phoihop.audit.models import AuditEvent
    from phoihop.notifications.models import Notification, OutboundEmail
    from phoihop.scheduler import registry

    before = {
        "audit": AuditEvent.objects.count(),
        "notifications": Notification.objects.count(),
        "emails": OutboundEmail.objects.count(),
    }
    stats.clear()
    q0, w0 = counter.n, rows_written()
    with time_machine.travel(moment, tick=True):
        t0 = time.perf_counter()
        report = registry.run_sweep(moment)
        elapsed = time.perf_counter() - t0
    queries = counter.n - q0
    w1 = rows_written()
    changes = sum(
        v
        for step, counts in report.items()
        if step != "notifications.outbox"
        for key, v in counts.items()
        if key != "no_receiver"  # slots that could not be made: a count, not a change
    )
    return {
        "at": moment.isoformat(),
        "s": round(elapsed, 4),
        "queries": queries,
        "rows_written": None if w0 is None or w1 is None else w1 - w0,
        "changes": changes,
        "emails_sent": report.get("notifications.outbox", {}).get("sent", 0),
        "report": report,
        "steps": dict(stats),
        "new_audit_events": AuditEvent.objects.count() - before["audit"],
        "new_notifications": Notification.objects.count() - before["notifications"],
        "new_emails": OutboundEmail.objects.count() - before["emails"],
        "emails_pending": OutboundEmail.objects.filter(state="pending").count(),
    }


def drain_emails() -> int:
    """Mark every queued e-mail sent (throw-away data only), so that a measured run has nothing else due."""
    from phoihop.notifications.models import OutboundEmail

    return OutboundEmail.objects.filter(state__in=["pending", "sending"]).update(state="sent")


def make_due(n: int, today: dt.date) -> list[int]:
    """Move the deadline of n open deliveries (of request kinds whose rule deems consent, deadline still ahead)
    to yesterday: exactly n deliveries due for deemed consent. Returns their ids (fewer when the data has
    fewer such deliveries)."""
    from django.db.models import Q

    from phoihop.consultations.domain.policy import kind_policy
    from phoihop.consultations.enums import ANSWERABLE_STATES
    from phoihop.consultations.models import Delivery
    from phoihop.regulations.models import Regulation

    if n <= 0:
        return []
    open_ahead = Delivery.objects.filter(
        state__in=ANSWERABLE_STATES, overdue=False, deadline__gte=today, request__sent_at__isnull=False
    )
    combos = set(open_ahead.values_list("request__regulation_id", "request__kind").distinct())
    regs = {r.pk: r for r in Regulation.objects.filter(pk__in={reg for reg, _ in combos})}
    deeming = Q(pk__in=[])
    for reg, kind in combos:
        policy = kind_policy(regs[reg], kind)
        if policy is not None and policy.deemed_consent:
            deeming |= Q(request__regulation_id=reg, request__kind=kind)
    ids = list(open_ahead.filter(deeming).order_by("pk").values_list("pk", flat=True)[:n])
    Delivery.objects.filter(pk__in=ids).update(deadline=today - dt.timedelta(days=1))
    return ids


def big_tables() -> set[str]:
    """The tables that grow with the history: a probe must never read them whole."""
    from phoihop.audit.models import AuditEvent
    from phoihop.consultations.models import CoordinationRequest, Delivery
    from phoihop.identities.models import Identity
    from phoihop.notifications.models import Notification, OutboundEmail
    from phoihop.petitions.models import (
        Petition,
        PetitionDeadline,
        PetitionEvent,
        PetitionSigner,
        PetitionSubject,
        PetitionWord,
    )
    from phoihop.reports.models import ReportSlot, ReportSubmission

    models = (
        AuditEvent,
        CoordinationRequest,
        Delivery,
        Identity,
        Notification,
        OutboundEmail,
        Petition,
        PetitionDeadline,
        PetitionEvent,
        PetitionSigner,
        PetitionSubject,
        PetitionWord,
        ReportSlot,
        ReportSubmission,
    )
    return {m._meta.db_table for m in models}


def aliases(sql: str) -> dict[str, set[str]]:
    """The tables behind each alias of a Django query (U0, T3, …; one alias may name several subqueries' tables)."""
    found: dict[str, set[str]] = {}
    for table, alias in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"\s+(?:AS\s+)?"?([A-Z]\d+)\b', sql):
        found.setdefault(alias, set()).add(table)
    return found


def explain(sql: str) -> dict[str, Any]:
    """The plan of one captured SELECT; `indexed` is False when a table that grows with the history is read
    whole: a bare `SCAN t` on SQLite (not `USING INDEX`/`USING COVERING INDEX`), a `Seq Scan on t` on
    PostgreSQL. Small tables (regulations, organisations, the calendar) may be scanned."""
    from django.db import connection

    big = big_tables()
    named = aliases(sql)

    def is_big(name: str) -> bool:
        return name in big or bool(named.get(name, set()) & big)

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = [str(r[-1]) for r in cursor.fetchall()]
            bad = [
                line
                for line in plan
                if line.startswith("SCAN ") and "INDEX" not in line and is_big(line.split()[1])
            ]
        else:
            cursor.execute("EXPLAIN " + sql)
            plan = [str(r[0]) for r in cursor.fetchall()]
            bad = [
                line
                for line in plan
                if "Seq Scan on" in line and is_big(line.split("Seq Scan on", 1)[1].split()[0])
            ]
    return {"sql": sql, "plan": plan, "indexed": not bad, "full_reads": bad}


def explain_probes(moment: dt.datetime) -> list[dict[str, Any]]:
    """EXPLAIN every SELECT the due probes make (called as the sweep calls them) and every SELECT of a whole
    sweep with nothing due."""
    import time_machine
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phoihop.common.clock import local_date
    from phoihop.consultations.domain import sweep as consult_sweep
    from phoihop.notifications.domain import outbox_probe
    from phoihop.reports import queries as report_queries
    from phoihop.scheduler import registry

    today = local_date(moment)
    probes: list[tuple[str, Callable[[], Any]]] = [
        ("consultations.domain.sweep._due_ids (_probe)", lambda: consult_sweep._due_ids(today)),
        ("notifications outbox_probe", lambda: list(outbox_probe(moment))),
        (
            "reports.queries.opening",
            lambda: list(report_queries.opening(moment).select_related("reporter", "receiver")),
        ),
        (
            "reports.queries.due",
            lambda: list(report_queries.due(moment).select_related("reporter", "receiver")),
        ),
        ("whole sweep, nothing due", lambda: registry.run_sweep(moment)),
    ]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    with time_machine.travel(moment, tick=True):
        for name, call in probes:
            with CaptureQueriesContext(connection) as ctx:
                call()
            for q in ctx.captured_queries:
                sql = q["sql"]
                if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or sql in seen:
                    continue
                seen.add(sql)
                out.append({"probe": name, **explain(sql)})
    return out


def bench_sweep(levels: list[int]) -> dict[str, Any]:
    """On a throw-away copy: the catch-up run after a week, a second run, then N deliveries due (each N in
    `levels`) with nothing else due, and the EXPLAIN of every probe at N = 0."""
    from django.db import connection

    from phoihop.consultations import queries as consult_queries
    from phoihop.consultations.models import Delivery

    now = common.AS_OF
    today = now.date()
    out: dict[str, Any] = {"now": now.isoformat(), "last_sweep_in_data": common.SWEPT_AT.isoformat()}
    counter = QueryCounter()
    stats: dict[str, dict[str, Any]] = {}
    with (
        throwaway_database() as where,
        instrumented_steps(counter, stats),
        connection.execute_wrapper(counter),
    ):
        out["database"] = where
        out["due_before"] = consult_queries.due(now).count()
        runs = []
        for i, moment in enumerate((now, now + dt.timedelta(minutes=1))):
            run = sweep_once(moment, counter, stats)
            run["run"] = i + 1
            runs.append(run)
            print(
                f"  sweep run {i + 1}: {run['s']:.2f} s, {run['queries']:,} queries, {run['changes']} changes, "
                f"{run['new_emails']:,} e-mails queued, {run['emails_pending']:,} pending",
                flush=True,
            )
        out["runs"] = runs
        out["due_after"] = consult_queries.due(now).count()
        out["open_deliveries"] = Delivery.objects.filter(state__in=["received", "extension_notified"]).count()
        out["emails_drained"] = drain_emails()
        if connection.vendor == "postgresql":
            # The catch-up changed thousands of rows; autovacuum would analyze them soon after. Without it the
            # planner keeps the statistics of the backlog (many slots and copies due) and may pick a Seq Scan
            # for an EXISTS it expects to match at once. Inside the rolled-back transaction, like the rest.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        by_n = []
        for i, n in enumerate(levels):
            moment = now + dt.timedelta(minutes=2 + i)
            ids = make_due(n, today)
            drain_emails()
            run = sweep_once(moment, counter, stats)
            step = run["steps"].get(CONSULT_STEP, {})
            level = {
                "n": n,
                "made_due": len(ids),
                "deemed": (step.get("counts") or {}).get("deemed_consent", 0),
                "sweep_ms": round(run["s"] * 1000, 2),
                "sweep_queries": run["queries"],
                "step_ms": round(step.get("s", 0) * 1000, 2),
                "step_queries": step.get("queries"),
                "steps": {name: st["queries"] for name, st in run["steps"].items()},
                "changes": run["changes"],
                "new_notifications": run["new_notifications"],
                "new_emails": run["new_emails"],
                "emails_sent": run["emails_sent"],
            }
            by_n.append(level)
            short = "" if len(ids) == n else f" (asked for {n}: the data has no more open deliveries to use)"
            print(
                f"  sweep with {len(ids)} due{short}: {level['sweep_ms']} ms, {run['queries']} queries "
                f"(consultations step {level['step_ms']} ms, {level['step_queries']} queries; "
                f"deemed {level['deemed']}); per step {level['steps']}",
                flush=True,
            )
            if n == 0:
                out["explain"] = explain_probes(moment + dt.timedelta(seconds=30))
        drain_emails()
    out["by_due"] = by_n
    zero = next((lv for lv in by_n if lv["made_due"] == 0), None)
    if zero is not None:
        for lv in by_n:
            if lv["made_due"]:
                n = lv["made_due"]
                lv["per_item"] = {
                    "sweep_queries": round((lv["sweep_queries"] - zero["sweep_queries"]) / n, 2),
                    "sweep_ms": round((lv["sweep_ms"] - zero["sweep_ms"]) / n, 3),
                    "step_queries": round((lv["step_queries"] - zero["step_queries"]) / n, 2),
                    "step_ms": round((lv["step_ms"] - zero["step_ms"]) / n, 3),
                }
    first, second = runs
    out["ratio_first_second"] = round(first["s"] / second["s"], 1) if second["s"] else None
    step = first["steps"].get(CONSULT_STEP, {})
    counts = step.get("counts") or {}
    deemed = counts.get("deemed_consent", 0) + counts.get("overdue", 0)
    reminders = first["steps"].get(REMINDERS, {})
    if deemed:
        out["per_deemed_delivery_catch_up"] = {
            "ms": round((step["s"] - reminders.get("s", 0)) * 1000 / deemed, 2),
            "queries": round((step["queries"] - reminders.get("queries", 0)) / deemed, 1),
        }
    sent = max(second["emails_sent"], 1)
    interval = _sweep_interval()
    out["emails"] = {
        "queued_by_catch_up": first["new_emails"],
        "pending_after_catch_up": first["emails_pending"],
        "sent_per_run": second["emails_sent"],
        "drain_minutes": round(-(-first["emails_pending"] // sent) * interval / 60, 1)
        if first["emails_pending"]
        else 0.0,
    }
    return out


def _sweep_interval() -> float:
    from django.conf import settings

    return float(getattr(settings, "SWEEP_INTERVAL_SECONDS", 60))


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


def print_table(run: dict[str, Any]) -> None:
    line = "-" * 112
    print(
        f"\n{line}\n{'measurement':<50}{'median':>11}{'baseline':>12}{'ratio':>9}{'queries':>10}{'n':>5}  notes"
    )
    print(line)
    for r in run["pages"]:
        commune = f"{r['commune_queries']} q" if r["commune_queries"] is not None else "404 (not its page)"
        size = "same size" if r["same_size"] else f"size {r['bytes']} vs {r['baseline_bytes']}"
        note = f"template {r['baseline_queries']} q, {size}; commune {commune}; {r['bytes'] // 1024} KiB"
        print(
            f"{'(a/d) ' + r['name']:<50}{r['ms']:>9.1f}ms{r['baseline_ms']:>10.2f}ms{r['ratio']:>8.2f}×"
            f"{r['queries']:>10}{r['n']:>5}  {note}"
        )
    for r in run["orm_raw"]:
        print(
            f"{'(b) ' + r['name']:<50}{r['ms']:>9.1f}ms{r['baseline_ms']:>10.2f}ms{r['ratio']:>8.2f}×"
            f"{r['orm_queries']:>10}{r['n']:>5}  raw SQL ({r['raw_queries']} q); {r['rows']} rows"
        )
    sweep = run.get("sweep")
    if sweep:
        first, second = sweep["runs"]
        for r in (first, second):
            base = f"{second['s'] * 1000:>10.1f}ms" if r is first else f"{'':>12}"
            ratio = f"{sweep['ratio_first_second']:>8.1f}×" if r is first else f"{'':>9}"
            note = f"{r['changes']} changes, {r['new_emails']} e-mails queued, {r['emails_sent']} sent"
            print(
                f"{'(c) sweep catch-up run ' + str(r['run']):<50}{r['s'] * 1000:>9.1f}ms{base}{ratio}"
                f"{r['queries']:>10}{1:>5}  {note}"
            )
        for name, st in first["steps"].items():
            print(
                f"{'      step ' + name:<50}{st['s'] * 1000:>9.1f}ms{'':>12}{'':>9}{st['queries']:>10}{'':>5}  "
                f"{json.dumps(st['counts'], ensure_ascii=False)}"
            )
        for lv in sweep["by_due"]:
            per = lv.get("per_item")
            note = f"consultations step {lv['step_ms']} ms / {lv['step_queries']} q; steps {lv['steps']}"
            if per:
                note += f"; per item {per['sweep_queries']} q, {per['sweep_ms']} ms"
            asked = "" if lv["made_due"] == lv["n"] else f" (of {lv['n']} asked)"
            print(
                f"{'(c) sweep, ' + str(lv['made_due']) + ' due' + asked:<50}{lv['sweep_ms']:>9.1f}ms{'':>12}{'':>9}"
                f"{lv['sweep_queries']:>10}{1:>5}  {note}"
            )
        bad = [e for e in sweep.get("explain", []) if not e["indexed"]]
        n_explained = len(sweep.get("explain", []))
        print(
            f"(c) EXPLAIN of {n_explained} probe queries: {'all indexed' if not bad else f'{len(bad)} read a table whole'}"
        )
        for e in bad:
            print(f"      {e['probe']}: {e['full_reads']} — {e['sql'][:160]}")
    print(line)


def measure(args: argparse.Namespace, levels: list[int]) -> dict[str, Any]:
    import time_machine
    from django.test.utils import override_settings

    out: dict[str, Any] = {"load_average": [round(x, 2) for x in os.getloadavg()]}
    with override_settings(ROOT_URLCONF=bench_urlconf(), DEBUG=False):
        with time_machine.travel(common.AS_OF, tick=True):
            print("(a, d) pages vs the same template with its context precomputed", flush=True)
            only = {k.strip() for k in args.pages.split(",") if k.strip()}
            out["pages"], out["who"] = bench_pages(args.repeat, args.warmup, only or None)
            print("(b) ORM vs raw SQL", flush=True)
            out["orm_raw"], plans = bench_orm_raw(args.repeat, args.warmup)
            out["query_plans"] = {**plans, **dashboard_plans()}
    if not args.skip_sweep:
        print("(c) sweep (on a throw-away copy)", flush=True)
        out["sweep"] = bench_sweep(levels)
    out["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    return out


def main() -> None:
    args = parse()
    levels = [int(x) for x in args.due.split(",") if x.strip()]
    url = common.setup_django()
    from django.db import connection

    from phoihop.consultations.models import CoordinationRequest

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the outsider's expected 404s
    migrate_if_needed()
    if not CoordinationRequest.objects.exists():
        raise SystemExit("bench: no generated data; run bench/generate.py first")
    meta_file = common.meta_path(url)
    meta = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    print(f"bench: {common.redacted(url)}; generated {meta.get('counts', '?')}", flush=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "generated": meta,
        "as_of": common.AS_OF.isoformat(),
        "args": {"runs": args.runs, "repeat": args.repeat, "due": levels},
        "runs": [],
    }
    for i in range(args.runs):
        print(f"bench: run {i + 1} of {args.runs}", flush=True)
        results["runs"].append(measure(args, levels))
        print_table(results["runs"][-1])
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    connection.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
    print(f"bench: results in {args.json}")


if __name__ == "__main__":
    main()
