"""Bounded load test: gunicorn with 2 workers on the benchmark database, N client threads per page for D seconds.

    .venv/bin/python bench/load.py [--clients 20] [--duration 30] [--workers 2] [--json bench/out/load.json]
        [--pages inbox,outbox,dashboard,detail_received,regulation]

Loopback only (127.0.0.1, a free port). gunicorn runs `phoihop.wsgi` with the environment bench/run.py uses
(the benchmark DATABASE_URL, DEBUG=0, the bench SECRET_KEY). The clients are signed in as bnc.chuyenvien (a
specialist of Ban Nội chính, the busiest body; no second factor): a session is made in the database, its
cookie sent with every request. For each main page (inbox, outbox, dashboard, the detail of a request the
body received, the regulation page) the clients send GET requests over http.client keep-alive connections
(gunicorn's sync workers close each one after the response; the client reconnects) for the duration, one page
after the other, each after --warmup seconds of untimed requests. Reported per page: requests per second, p50 and p95 of the response time, and errors (any
status but 200, or a failed connection). The pages run at the wall clock, not at common.AS_OF. gunicorn is
stopped at the end, always; the session is deleted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import common

PAGES = ("inbox", "outbox", "dashboard", "detail_received", "regulation")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20, help="client threads per page")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of untimed requests per page")
    parser.add_argument("--json", type=Path, default=common.OUT / "load.json")
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help=f"comma-separated, in this order (default: {','.join(PAGES)})",
    )
    args = parser.parse_args()
    args.pages = [p for p in args.pages.split(",") if p]
    unknown = sorted(set(args.pages) - set(PAGES))
    if unknown or not args.pages:
        parser.error(f"--pages: unknown {', '.join(unknown) or '(none)'}; known: {', '.join(PAGES)}")
    return args


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_in_session() -> tuple[str, str]:
    """(cookie name, session key) of a new session of bnc.chuyenvien, made as a login makes it."""
    from django.conf import settings
    from django.test import Client

    from phoihop.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=common.BUSY_USER))
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def urls(keys: list[str]) -> dict[str, str]:
    from run import page_list

    pages, _ = page_list()
    found = {key: url for key, _, url in pages if key in keys}
    return {key: found[key] for key in keys}


def get(conn: http.client.HTTPConnection, url: str, cookie: str) -> int:
    conn.request("GET", url, headers={"Cookie": cookie, "Connection": "keep-alive"})
    response = conn.getresponse()
    response.read()
    return response.status


def wait_ready(
    port: int, url: str, cookie: str, process: subprocess.Popen[bytes], timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: gunicorn exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = get(conn, url, cookie)
            conn.close()
            if status == 200:
                return
            raise SystemExit(f"bench: {url} answered {status} through gunicorn")
        except OSError:
            time.sleep(0.3)
    raise SystemExit("bench: gunicorn did not answer in time")


def hammer(port: int, url: str, cookie: str, clients: int, duration: float) -> dict[str, Any]:
    """`clients` threads sending GET `url` for `duration` seconds; latencies of the 200s, errors counted."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Event()
    deadline = 0.0

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: list[float] = []
        bad: list[str] = []
        start_gate.wait()
        while time.monotonic() < deadline:
            t0 = time.perf_counter()
            try:
                status = get(conn, url, cookie)
            except (OSError, http.client.HTTPException) as exc:
                bad.append(type(exc).__name__)
                conn.close()
                continue
            if status == 200:
                mine.append(time.perf_counter() - t0)
            else:
                bad.append(str(status))
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    began = time.monotonic()
    deadline = began + duration
    start_gate.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began  # includes the requests still running at the deadline
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {
        "url": url,
        "clients": clients,
        "duration_s": round(elapsed, 2),
        "requests": len(latencies) + len(errors),
        "ok": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "req_per_s": round((len(latencies) + len(errors)) / elapsed, 1) if elapsed else None,
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else None,
    }


def main() -> None:
    args = parse()
    url = common.setup_django()
    from django.contrib.sessions.models import Session
    from django.db import connection

    pages = urls(args.pages)
    name, key = signed_in_session()
    cookie = f"{name}={key}"
    connection.close()  # the server's workers have the database to themselves
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, DEBUG="0", ALLOWED_HOSTS="127.0.0.1")
    command = [
        str(common.ROOT / ".venv" / "bin" / "gunicorn"),
        "phoihop.wsgi:application",
        "--pythonpath",
        str(common.ROOT / "src"),
        "-w",
        str(args.workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--no-control-socket",  # gunicorn ≥ 23 would otherwise take ~/.gunicorn/gunicorn.ctl
    ]
    results: dict[str, Any] = {
        "database": connection.vendor,
        "url": common.redacted(url),
        "workers": args.workers,
        "clients": args.clients,
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "pages": {},
    }
    print(
        f"bench: load test on {common.redacted(url)}: gunicorn -w {args.workers} on 127.0.0.1:{port}, "
        f"{args.clients} clients × {args.duration:g} s per page",
        flush=True,
    )
    process = subprocess.Popen(command, env=env, cwd=common.ROOT)
    try:
        wait_ready(port, next(iter(pages.values())), cookie, process)
        for page, path in pages.items():
            if args.warmup > 0:  # every worker renders the page once (templates, caches) before it is timed
                hammer(port, path, cookie, 2 * args.workers, args.warmup)
            r = hammer(port, path, cookie, args.clients, args.duration)
            results["pages"][page] = r
            print(
                f"  {page:<16} {r['req_per_s']:>7} req/s  p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
                f"{r['ok']} ok, {r['errors']} errors {r['error_kinds'] or ''}",
                flush=True,
            )
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        Session.objects.filter(session_key=key).delete()
        connection.close()
    results["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print(f"bench: load results in {args.json}")


if __name__ == "__main__":
    main()
