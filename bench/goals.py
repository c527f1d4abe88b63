"""The goal / measured / met table of issue 10, from bench/run.py's results (and bench/load.py's, if given).

    .venv/bin/python bench/goals.py --results bench/out/results.json [--load bench/out/load.json]
                                    [--out bench/out/goals-sqlite]

Writes <out>.md and <out>.json and prints the table. With several runs (run.py --runs 3) each run's figure is
shown, then min–median–max; a goal is met when EVERY run meets it (the worst run is compared with the goal).
No Django: this only reads JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import common

RATIO_PAGE = 3.0  # a page within 3× its template
RATIO_ORM = 2.0  # the outbox's ORM within 2× the same SQL by hand
SWEEP_IDLE_QUERIES = 2  # per step, nothing due
SWEEP_ITEM_QUERIES = 4  # per deemed item
DRAIN_MINUTES = 15  # "drained in minutes": the backlog's e-mails sent within a quarter of an hour
LOAD_P95_MS = {"postgresql": 300, "sqlite": 600}
LOAD_CLIENTS = 20

PAGE_GOALS = (  # (page key in run.py, label); the first three are rows of the table that missed
    ("detail_received", "request detail, a request the body received"),
    ("detail_sent", "request detail, a request the body sent"),
    ("regulation", "regulation page (003)"),
    ("inbox", "inbox"),
    ("outbox", "outbox"),
    ("dashboard", "dashboard"),
    ("report_period", "report period table (003 monthly)"),
    ("reports_received", "reports received (year)"),
    ("reports_own", "reports own (year)"),
    ("officials", "officials list (issue 12)"),
    ("officials_search", "officials list, search without diacritics (issue 12)"),
    ("information_timeline", "an official's timeline (issue 12)"),
    ("information_inbox", "information inbox (issue 12)"),
    ("petitions", "petition register of the busy body (issue 13)"),
    ("petitions_search", "petition register, search without diacritics, one topic (issue 13)"),
    ("petitions_search_rare", "petition register, narrow search without diacritics (issue 13)"),
    ("matter", "a matter's page, 40 petitions across bodies (issue 13)"),
)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--results", type=Path, default=common.RESULTS)
    parser.add_argument("--load", type=Path, default=None, help="bench/load.py's JSON (optional)")
    parser.add_argument("--out", type=Path, default=None, help="output path without suffix")
    return parser.parse_args()


def fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "–"
    text = f"{x:,.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else f"{x:,}"
    return f"{text}{unit}"


def spread(values: list[float | None], unit: str = "") -> str:
    """'a' for one run; 'a / b / c (min–median–max)' for several."""
    shown = [v for v in values if v is not None]
    if not shown:
        return "not measured"
    text = " / ".join(fmt(v) for v in values) + unit
    if len(shown) > 1:
        text += f" ({fmt(min(shown))}–{fmt(statistics.median(shown))}–{fmt(max(shown), unit)})"
    return text


def met(values: list[float | None], ok: Callable[[float], bool]) -> str:
    shown = [v for v in values if v is not None]
    if not shown:
        return "–"
    return "yes" if all(ok(v) for v in shown) else "**no**"


def rows(results: dict[str, Any], load: dict[str, Any] | None) -> list[dict[str, str]]:
    runs = results.get("runs") or []
    vendor = results.get("machine", {}).get("database", "sqlite")
    out: list[dict[str, str]] = []

    def page(run: dict[str, Any], key: str) -> dict[str, Any] | None:
        return next((p for p in run.get("pages", []) if p.get("key") == key), None)

    def add(
        measured: str, goal: str, values: list[float | None], ok: Callable[[float], bool], note: str = ""
    ) -> None:
        out.append(
            {"measured": measured, "goal": goal, "figures": spread(values, ""), "met": met(values, ok)}
        )
        if note:
            out[-1]["figures"] += f" — {note}"

    for key, label in PAGE_GOALS[:3]:
        ratios = [(page(r, key) or {}).get("ratio") for r in runs]
        add(f"{label}: page / its template", f"≤ {RATIO_PAGE:g}×", ratios, lambda v: v <= RATIO_PAGE)
        out[-1]["figures"] = spread(ratios, "×") + _page_note(runs, key)

    outbox = [next((o for o in r.get("orm_raw", []) if o.get("key") == "outbox"), {}) for r in runs]
    orm = [o.get("ratio") for o in outbox]
    add("outbox ORM vs hand-written SQL", f"≤ {RATIO_ORM:g}×", orm, lambda v: v <= RATIO_ORM)
    out[-1]["figures"] = spread(orm, "×")
    if outbox and outbox[0]:
        o = outbox[0]
        out[-1]["figures"] += (
            f" — {fmt(o['ms'], ' ms')} ({o.get('orm_queries', '?')} q) vs {fmt(o['baseline_ms'], ' ms')} "
            f"({o.get('raw_queries', 1)} q), {o['rows']} rows (first run)"
        )

    sweeps = [r.get("sweep") for r in runs if r.get("sweep")]
    idle_max: list[float | None] = []
    idle_note = ""
    explained_runs = []
    failures = []
    for i, s in enumerate(sweeps):
        zero = next((lv for lv in s.get("by_due", []) if lv["made_due"] == 0), None)
        if zero is None:
            idle_max.append(None)
            continue
        idle_max.append(max(zero["steps"].values(), default=0))
        explained = s.get("explain", [])
        bad = [e for e in explained if not e["indexed"]]
        explained_runs.append(f"{len(explained) - len(bad)}/{len(explained)}")
        for e in bad:
            reads = "; ".join(
                dict.fromkeys(
                    line.strip().removeprefix("->").split("(cost")[0].strip() for line in e["full_reads"]
                )
            )
            failures.append(f"run {i + 1}, {e['probe']}: {reads}")
        if not idle_note:
            steps = ", ".join(
                f"{k.split('.')[0]} {v}" for k, v in zero["steps"].items() if not k.startswith(" ")
            )
            idle_note = f"{zero['sweep_queries']} q whole sweep ({steps})"
    add(
        "sweep with nothing due: queries per step, probes",
        f"≤ {SWEEP_IDLE_QUERIES} queries a step, index only",
        idle_max,
        lambda v: v <= SWEEP_IDLE_QUERIES and not failures,
    )
    out[-1]["figures"] = spread(idle_max, " q max/step")
    if idle_note:
        out[-1]["figures"] += f" — {idle_note}; probe queries on an index: {', '.join(explained_runs)}" + (
            f" (read whole: {' | '.join(failures)})" if failures else ""
        )
    if failures and any(v is not None and v <= SWEEP_IDLE_QUERIES for v in idle_max):
        out[-1]["met"] = "**no** (a probe reads a table whole)"

    per_item: list[float | None] = []
    item_note = ""
    for s in sweeps:
        levels = [lv for lv in s.get("by_due", []) if lv.get("per_item")]
        if not levels:
            per_item.append(None)
            continue
        top = levels[-1]
        per_item.append(top["per_item"]["sweep_queries"])
        item_note = (
            f"at N = {top['made_due']}; "
            + "; ".join(
                f"N={lv['made_due']}: {lv['per_item']['sweep_queries']} q, {lv['per_item']['sweep_ms']} ms "
                f"(step {lv['per_item']['step_queries']} q)"
                for lv in levels
            )
            + " (first run)"
        )
    add(
        "sweep cost per deemed item (whole sweep)",
        f"≤ {SWEEP_ITEM_QUERIES} queries",
        per_item,
        lambda v: v <= 4,
    )
    out[-1]["figures"] = spread(per_item, " q") + (f" — {item_note}" if item_note else "")

    drain = [s.get("emails", {}).get("drain_minutes") for s in sweeps]
    queued = [s.get("emails", {}).get("queued_by_catch_up") for s in sweeps]
    add(
        "e-mails after a week's backlog",
        f"drained in ≤ {DRAIN_MINUTES} min",
        drain,
        lambda v: v <= DRAIN_MINUTES,
    )
    out[-1]["figures"] = spread(drain, " min") + (
        f" — {fmt(queued[0])} queued by the catch-up run" if queued else ""
    )

    goal_ms = LOAD_P95_MS.get(vendor, 600)
    label = f"inbox under load, gunicorn, p95 ({LOAD_CLIENTS} clients)"
    inbox = (load or {}).get("pages", {}).get("inbox")
    if inbox is None:
        out.append({"measured": label, "goal": f"p95 ≤ {goal_ms} ms", "figures": "not measured", "met": "–"})
    else:
        clients = load.get("clients") if load else None
        note = (
            f"{inbox['req_per_s']} req/s, p50 {inbox['p50_ms']} ms, {inbox['errors']} errors, "
            f"{clients} clients × {load.get('duration_s') if load else '?'} s, {load.get('workers') if load else '?'} workers"
        )
        ok = inbox["p95_ms"] is not None and inbox["p95_ms"] <= goal_ms and inbox["errors"] == 0
        verdict = "yes" if ok else "**no**"
        if clients != LOAD_CLIENTS:
            verdict += f" (at {clients} clients, not {LOAD_CLIENTS})"
        out.append(
            {
                "measured": label,
                "goal": f"p95 ≤ {goal_ms} ms, no errors",
                "figures": f"{fmt(inbox['p95_ms'], ' ms')} — {note}",
                "met": verdict,
            }
        )

    for key, label in PAGE_GOALS[3:]:
        ratios = [(page(r, key) or {}).get("ratio") for r in runs]
        add(f"{label}: page / its template", f"≤ {RATIO_PAGE:g}×", ratios, lambda v: v <= RATIO_PAGE)
        out[-1]["figures"] = spread(ratios, "×") + _page_note(runs, key)
    return out


def _page_note(runs: list[dict[str, Any]], key: str) -> str:
    first = next((p for p in (runs[0].get("pages", []) if runs else []) if p.get("key") == key), None)
    if first is None:
        return ""
    size = "" if first.get("same_size") else ", RESPONSE SIZES DIFFER"
    return (
        f" — {fmt(first['ms'], ' ms')} vs {fmt(first['baseline_ms'], ' ms')}, "
        f"{first['queries']} q vs {first['baseline_queries']} q (first run){size}"
    )


def render(results: dict[str, Any], load: dict[str, Any] | None, table: list[dict[str, str]]) -> str:
    m = results.get("machine", {})
    gen = results.get("generated", {})
    lines = [
        f"# Issue 10 goals — {m.get('database', '?')}",
        "",
        f"Scale {gen.get('scale', '?')} ({gen.get('counts', {}).get('requests', '?')} requests, "
        f"{gen.get('counts', {}).get('deliveries', '?')} deliveries); {len(results.get('runs', []))} run(s); "
        f"Python {m.get('python')}, Django {m.get('django')}, {m.get('database')}"
        + (f" {m['sqlite']}" if m.get("sqlite") else "")
        + f"; {m.get('cpus')} CPUs, load {m.get('load_average')} → {m.get('load_average_end')}.",
        "",
        "| measured | goal | figures | met |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r['measured']} | {r['goal']} | {r['figures']} | {r['met']} |" for r in table]
    return "\n".join(lines) + "\n"


def write(results_path: Path, load_path: Path | None, out: Path | None) -> Path:
    results = json.loads(results_path.read_text())
    load = json.loads(load_path.read_text()) if load_path and load_path.exists() else None
    table = rows(results, load)
    vendor = results.get("machine", {}).get("database", "sqlite")
    out = out or common.OUT / f"goals-{'pg' if vendor == 'postgresql' else 'sqlite'}"
    text = render(results, load, table)
    out.with_suffix(".md").write_text(text)
    out.with_suffix(".json").write_text(
        json.dumps({"database": vendor, "rows": table, "load": load}, ensure_ascii=False, indent=2)
    )
    print(text)
    print(f"bench: goals in {out.with_suffix('.md')}")
    return out


def main() -> None:
    args = parse()
    write(args.results, args.load, args.out)


if __name__ == "__main__":
    main()
