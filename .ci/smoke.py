"""The production smoke test, run by .ci/production-smoke against the stack it started (gunicorn + WhiteNoise,
PostgreSQL, Celery worker and beat on Redis). Not part of the pytest suite.

Environment (set by the script): SMOKE_URL (gunicorn), SMOKE_WEB_LOG / SMOKE_WORKER_LOG (their JSON logs),
DATABASE_URL, SECRET_KEY, DEMO_PASSWORD, SWEEP_INTERVAL_SECONDS, CHROMIUM_PATH.

It checks, and prints what it saw:
  (a) Chromium logs in as a demo specialist through the login page, sees the home page, and the page's CSS is
      served by WhiteNoise (200, text/css, long-lived cache header, no session cookie);
  (b) a coordination request whose recipient's deadline has passed gets its deemed consent from beat + worker,
      with nobody running `manage.py sweep`;
  (c) /healthz reports the database, Redis and a recent sweep;
  (d) the logs are JSON lines with the request id (the page's X-Request-ID), and the sweeps never overlapped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from phoihop.accounts.models import User  # noqa: E402
from phoihop.audit.models import AuditEvent  # noqa: E402
from phoihop.consultations.domain import actions  # noqa: E402
from phoihop.consultations.enums import DeliveryState, RequestKind  # noqa: E402
from phoihop.consultations.models import Delivery  # noqa: E402
from phoihop.organizations.models import Organization  # noqa: E402
from phoihop.regulations.queries import current_version  # noqa: E402
from phoihop.scheduler.models import SweepRun  # noqa: E402

URL = os.environ["SMOKE_URL"].rstrip("/")
INTERVAL = float(os.environ["SWEEP_INTERVAL_SECONDS"])
SPECIALIST, LEADER = "bnc.chuyenvien", "bnc.lanhdao"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def say(line: str) -> None:
    print(f"smoke: {line}", flush=True)  # noqa: T201


def fail(line: str) -> None:
    print(f"smoke: FAILED: {line}", flush=True)  # noqa: T201
    sys.exit(1)


def healthz() -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"{URL}/healthz", timeout=5) as response:  # noqa: S310 (our own URL)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def wait_for(what: str, check: Any, timeout: float) -> Any:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    fail(f"{what}: not within {timeout:.0f} s")


def first_healthy_sweep() -> None:
    started = time.monotonic()
    status, body = wait_for("a first sweep by beat + worker (/healthz 200)", lambda: _ok(healthz()), 60)
    say(f"/healthz 200 after {time.monotonic() - started:.1f} s: {json.dumps(body, ensure_ascii=False)}")


def _ok(answer: tuple[int, dict[str, Any]]) -> tuple[int, dict[str, Any]] | None:
    return answer if answer[0] == 200 else None


def browser_login() -> str:
    """(a) Returns the X-Request-ID of the home page."""
    from playwright.sync_api import sync_playwright

    password = os.environ["DEMO_PASSWORD"]
    host = urlparse(URL).netloc
    foreign: list[str] = []
    console: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)

        def guard(route: Any) -> None:
            if urlparse(route.request.url).netloc != host and not route.request.url.startswith("data:"):
                foreign.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        page.route("**/*", guard)
        login = page.goto(f"{URL}/dang-nhap/")
        assert login is not None
        say(f"GET /dang-nhap/ -> {login.status}, title {page.title()!r}")
        page.fill("#id_username", SPECIALIST)
        page.fill("#id_password", password)
        with page.expect_response(
            lambda r: urlparse(r.url).path == "/" and r.request.method == "GET"
        ) as home_info:
            page.click("button[type=submit]")
        page.wait_for_url(f"{URL}/")
        home = home_info.value
        heading = page.inner_text("h1")
        request_id = home.headers.get("x-request-id", "")
        say(
            f"logged in as {SPECIALIST} through the login page: GET / -> {home.status}, h1 {heading!r}, "
            f"X-Request-ID {request_id}, Cache-Control {home.headers.get('cache-control')!r}"
        )
        if home.status != 200 or heading != "Việc cần làm":  # the home page is the work queue (issue 11)
            fail("the home page after login")
        css_hrefs = page.eval_on_selector_all("link[rel=stylesheet]", "els => els.map(e => e.href)")
        if not css_hrefs:
            fail("no stylesheet on the home page")
        for href in css_hrefs:
            css = context.request.get(href)
            headers = css.headers
            say(
                f"stylesheet {urlparse(href).path} -> {css.status}, {headers.get('content-type')}, "
                f"{len(css.body())} bytes, Cache-Control {headers.get('cache-control')!r}, "
                f"set-cookie {'set-cookie' in headers}"
            )
            if css.status != 200 or not headers.get("content-type", "").startswith("text/css"):
                fail(f"stylesheet {href}")
            if "set-cookie" in headers:
                fail("a static file answered with a cookie (it went past WhiteNoise)")
        applied = page.evaluate("getComputedStyle(document.body).fontFamily")
        say(f"the page is styled by it: body font-family {applied!r}")
        context.close()
        browser.close()
    if foreign:
        fail(f"requests outside the site: {foreign}")
    if console:
        fail(f"console errors: {console}")
    say("no request outside the site, no console error (no CSP violation)")
    return request_id


def deemed_consent_by_beat() -> None:
    """(b) A request sent today whose first recipient's deadline is set to yesterday: beat + worker deem."""
    specialist = User.objects.get(username=SPECIALIST)
    leader = User.objects.get(username=LEADER)
    regulation = current_version("003")
    recipients = [
        Organization.objects.get(name=n) for n in ("Đảng ủy phường Phố Hiến", "Đảng ủy xã Tân Hưng")
    ]
    req = actions.create_request(
        specialist,
        regulation=regulation,
        kind=RequestKind.CONSULTATION,
        subject="Kiểm tra hệ thống chạy thật: xin ý kiến",
        recipients=recipients,
    )
    actions.submit_for_approval(specialist, req)
    actions.approve_and_send(leader, req)
    late, other = (Delivery.objects.get(request=req, recipient=o) for o in recipients)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    with transaction.atomic():
        Delivery.objects.filter(pk=late.pk).update(deadline=yesterday)
    set_at = time.monotonic()
    say(
        f"request {req.document_number} sent by {LEADER}; {late.recipient.name}: deadline {late.deadline:%d/%m/%Y} "
        f"set to {yesterday:%d/%m/%Y} (state {late.state}); {other.recipient.name}: deadline {other.deadline:%d/%m/%Y}"
    )
    say("waiting for beat + worker (nobody runs manage.py sweep) ...")

    def deemed() -> Delivery | None:
        d = Delivery.objects.get(pk=late.pk)
        return d if d.state == DeliveryState.DEEMED_CONSENT else None

    done = wait_for("the deemed consent", deemed, 60)
    took = time.monotonic() - set_at
    event = (
        AuditEvent.objects.filter(target_type="consultations.delivery", target_id=str(late.pk))
        .order_by("id")
        .last()
    )
    assert event is not None

    def deeming_runs() -> list[SweepRun]:  # the run is recorded when the whole sweep has finished
        return [
            r
            for r in SweepRun.objects.order_by("finished_at")
            if r.report.get("consultations.deadlines", {}).get("deemed_consent")
        ]

    runs = wait_for("the record of the sweep run that deemed", deeming_runs, 30)
    say(
        f"deemed consent applied {took:.1f} s later: state {done.state}, deemed_at {timezone.localtime(done.deemed_at):%d/%m/%Y %H:%M}, "
        f"audit by {event.actor_id or 'the system'}: {event.summary!r}"
    )
    first = runs[0]
    say(
        f"by sweep run #{first.pk} (trigger {first.trigger!r}, finished "
        f"{timezone.localtime(first.finished_at):%H:%M:%S}): {json.dumps(first.report, ensure_ascii=False)}"
    )
    if first.trigger != "beat" or SweepRun.objects.exclude(trigger="beat").exists():
        fail("a sweep that beat did not send ran")
    still = Delivery.objects.get(pk=other.pk)
    say(f"{other.recipient.name} (deadline not passed) is still {still.state}")
    if still.state == DeliveryState.DEEMED_CONSENT:
        fail("a delivery still in time was deemed")


def health_after() -> None:
    status, body = healthz()
    say(f"/healthz -> {status}: {json.dumps(body, ensure_ascii=False)}")
    if status != 200 or body["status"] != "ok" or body["redis"] != "ok" or body["database"] != "ok":
        fail("/healthz is not ok")
    if body["last_sweep_age_seconds"] > 3 * INTERVAL + 5:
        fail(f"the last sweep is {body['last_sweep_age_seconds']} s old with a {INTERVAL:.0f} s interval")


def logs_and_lock(request_id: str) -> None:
    """(d) JSON lines with the request id; no two sweeps overlapped although two beats were running."""
    web = [
        json.loads(x) for x in Path(os.environ["SMOKE_WEB_LOG"]).read_text().splitlines() if x.startswith("{")
    ]
    worker_text = Path(os.environ["SMOKE_WORKER_LOG"]).read_text().splitlines()
    worker = [json.loads(x) for x in worker_text if x.startswith("{")]
    non_json = [
        x for x in Path(os.environ["SMOKE_WEB_LOG"]).read_text().splitlines() if x and not x.startswith("{")
    ]
    mine = [x for x in web if x.get("request_id") == request_id]
    say(
        f"web log: {len(web)} JSON lines; the home page's line: {json.dumps(mine[0], ensure_ascii=False) if mine else None}"
    )
    if not mine:
        fail(f"no web log line with request id {request_id}")
    if non_json:
        fail(f"web log lines that are not JSON: {non_json[:3]}")
    finished = [x for x in worker if x.get("message") == "sweep finished"]
    skipped = [x for x in worker if x.get("message") == "sweep skipped: another sweep holds the lock"]
    if finished:
        say(f"worker log: {len(worker)} JSON lines, e.g. {json.dumps(finished[-1], ensure_ascii=False)}")
    say(f"two beats running: {len(finished)} sweeps finished, {len(skipped)} skipped by the lock")
    if not finished or any(x.get("request_id") in (None, "-") for x in finished):
        fail("sweep log lines without the task id")
    runs = list(SweepRun.objects.order_by("started_at").values_list("started_at", "finished_at"))
    overlaps = [(a, b) for a, b in zip(runs, runs[1:], strict=False) if b[0] < a[1]]
    say(f"{len(runs)} recorded sweep runs, overlapping: {len(overlaps)}")
    if overlaps:
        fail(f"two sweeps ran at the same time: {overlaps[:3]}")


def main() -> None:
    clock = time.monotonic()
    first_healthy_sweep()
    request_id = browser_login()
    deemed_consent_by_beat()
    health_after()
    logs_and_lock(request_id)
    say(f"all checks passed in {time.monotonic() - clock:.1f} s")


if __name__ == "__main__":
    main()
