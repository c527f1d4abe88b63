"""The daily digest (issue 11, point 3): a user on "Tổng hợp hằng ngày (ngày làm việc)" gets ONE e-mail a working
day, from 07:00 local time, listing their notifications written before 07:00 and not yet e-mailed; never on a day
off (weekends, Tết 2027: 04–10/02); a second run queues nothing; the queries do not grow with the users."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.accounts.models import EmailNotifications, User
from phoihop.notifications.domain import notify, set_email_notifications
from phoihop.notifications.domain.digest import DIGEST_LISTED, send_digests
from phoihop.notifications.jobs import send_daily_digests
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.scheduler.registry import run_sweep, steps
from phoihop.workdays.queries import current_calendar

from .conftest import person

pytestmark = pytest.mark.django_db

DIGEST, OFF, IMMEDIATE = EmailNotifications.DIGEST, EmailNotifications.OFF, EmailNotifications.IMMEDIATE


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    """A local (Asia/Ho_Chi_Minh) moment."""
    return timezone.make_aware(dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute))


def told(user: User, when: dt.datetime, i: int, url: str = "") -> None:
    with time_machine.travel(when, tick=False):
        notify([user], kind="k", title=f"Việc số {i}", url=url or f"/phoi-hop/{i}/", dedupe_key=f"e{i}")


def digests() -> list[tuple[str, str]]:
    return list(OutboundEmail.objects.order_by("pk").values_list("to", "dedupe_key"))


@pytest.fixture
def digest_user(org):
    return person("tong.hop", org, prefers=DIGEST)


def test_the_step_is_registered_before_the_outbox():
    names = steps()
    assert names.index("notifications.digest") < names.index("notifications.outbox")


def test_a_working_day_digest_lists_what_came_before_0700_exactly(digest_user, org):
    told(digest_user, at("2027-03-01", 15, 30), 1)  # Monday afternoon
    told(digest_user, at("2027-03-02", 6, 59), 2, url="/bao-cao/5/")
    told(digest_user, at("2027-03-02", 7, 0), 3)  # at 07:00: tomorrow's digest
    with CaptureQueriesContext(connection):
        result = send_digests(at("2027-03-02", 7, 0))
    assert (result.emails, result.notifications, result.users) == (1, 2, [digest_user.pk])
    email = OutboundEmail.objects.get()
    assert (email.to, email.dedupe_key) == ("tong.hop@phoihop.local", f"digest:{digest_user.pk}:2027-03-02")
    assert email.subject == "PhốiHợp — tổng hợp thông báo ngày 02/03/2027: 2 thông báo mới"
    assert email.body == (
        "Kính gửi Người dùng tong.hop,\n"
        "\n"
        "Các thông báo mới của anh/chị trên PhốiHợp:\n"
        "\n"
        "- 01/03/2027 15:30 — Việc số 1\n"
        "  /phoi-hop/1/\n"
        "- 02/03/2027 06:59 — Việc số 2\n"
        "  /bao-cao/5/\n"
        "\n"
        "Xem và đánh dấu đã đọc tại mục Thông báo (/thong-bao/).\n"
        "Đổi cách nhận thư tại Cài đặt thông báo (/thong-bao/cai-dat/)."
    )
    rows = Notification.objects.order_by("title").values_list("title", "digest_due", "digested_on")
    assert list(rows) == [
        ("Việc số 1", False, dt.date(2027, 3, 2)),
        ("Việc số 2", False, dt.date(2027, 3, 2)),
        ("Việc số 3", True, None),
    ]
    # the next working day lists the one written at 07:00
    assert send_digests(at("2027-03-03", 7, 0)).emails == 1
    assert "Việc số 3" in OutboundEmail.objects.get(dedupe_key__endswith="2027-03-03").body


def test_nothing_before_0700(digest_user):
    told(digest_user, at("2027-03-01", 15), 1)
    with CaptureQueriesContext(connection) as ctx:
        result = send_digests(at("2027-03-02", 6, 59))
    assert (result.emails, result.skipped, len(ctx.captured_queries)) == (0, "before_hour", 0)
    assert send_digests(at("2027-03-02", 7, 0)).emails == 1


def test_a_second_run_the_same_day_queues_nothing(digest_user):
    told(digest_user, at("2027-03-01", 15), 1)
    assert send_digests(at("2027-03-02", 7, 0)).emails == 1
    with CaptureQueriesContext(connection) as ctx:
        again = send_digests(at("2027-03-02", 7, 5))
    assert (again.emails, again.notifications, len(ctx.captured_queries)) == (0, 0, 1)  # the probe only
    assert len(digests()) == 1


def test_never_on_a_saturday_or_a_sunday(digest_user):
    told(digest_user, at("2027-03-05", 15), 1)  # Friday
    for day in ("2027-03-06", "2027-03-07"):  # Saturday, Sunday
        result = send_digests(at(day, 7, 0))
        assert (day, result.emails, result.skipped) == (day, 0, "day_off")
    assert digests() == []
    assert send_digests(at("2027-03-08", 7, 0)).emails == 1  # Monday


def test_never_during_tet_2027(digest_user):
    calendar = current_calendar()
    told(digest_user, at("2027-02-03", 10), 1)  # the last working day before Tết
    day = dt.date(2027, 2, 4)
    while day <= dt.date(2027, 2, 10):
        assert not calendar.is_working_day(day)
        with time_machine.travel(at(day.isoformat(), 8), tick=False):
            result = send_daily_digests(timezone.now())
        assert (day, result["emails"]) == (day, 0)
        day += dt.timedelta(days=1)
    assert digests() == []
    assert calendar.is_working_day(dt.date(2027, 2, 11))
    assert send_daily_digests(at("2027-02-11", 7, 0)) == {"emails": 1, "notifications": 1}
    assert digests() == [("tong.hop@phoihop.local", f"digest:{digest_user.pk}:2027-02-11")]


def test_only_digest_users_get_a_digest(org, digest_user):
    now = person("ngay", org, prefers=IMMEDIATE)
    never = person("khong", org, prefers=OFF)
    with time_machine.travel(at("2027-03-01", 15), tick=False):
        notify([digest_user, now, never], kind="k", title="Việc", dedupe_key="e1")
    OutboundEmail.objects.all().delete()  # the immediate one, queued at once
    assert send_digests(at("2027-03-02", 7)).emails == 1
    assert [to for to, _ in digests()] == ["tong.hop@phoihop.local"]


def test_a_user_who_left_the_digest_gets_none(org, digest_user):
    told(digest_user, at("2027-03-01", 15), 1)
    other = person("roi.di", org, prefers=DIGEST)
    told(other, at("2027-03-01", 15), 2)
    set_email_notifications(digest_user, OFF)  # through the domain: its waiting rows are dropped
    User.objects.filter(pk=other.pk).update(email_notifications=IMMEDIATE)  # behind the domain's back
    result = send_digests(at("2027-03-02", 7))
    assert (result.emails, result.notifications) == (0, 1)
    assert digests() == []
    assert Notification.objects.filter(digest_due=True).count() == 0


def test_a_long_digest_lists_the_first_ones_and_counts_the_rest(digest_user):
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        for i in range(DIGEST_LISTED + 2):
            notify([digest_user], kind="k", title=f"Việc số {i}", dedupe_key=f"e{i}")
    send_digests(at("2027-03-02", 7))
    body = OutboundEmail.objects.get().body
    assert body.count("— Việc số ") == DIGEST_LISTED
    assert "… và 2 thông báo khác." in body


def _queries_for(n_users: int, org) -> tuple[int, int]:
    users = [person(f"u{n_users}x{i}", org, prefers=DIGEST) for i in range(n_users)]
    with time_machine.travel(at("2027-03-01", 10), tick=False):
        for k in range(2):
            notify(users, kind="k", title=f"Việc {k}", dedupe_key=f"n{n_users}:{k}")
    with CaptureQueriesContext(connection) as ctx:
        result = send_digests(at("2027-03-02", 7))
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    return result.emails, len(ctx.captured_queries)


def test_the_queries_do_not_grow_with_the_users(org):
    # the probe, the calendar, the rows with their users (FOR UPDATE on PostgreSQL), the claim, the e-mails
    # (and the savepoint's two statements)
    counts = {n: _queries_for(n, org) for n in (1, 3, 50)}
    assert {n: emails for n, (emails, _) in counts.items()} == {1: 1, 3: 3, 50: 50}
    assert len({q for _, q in counts.values()}) == 1
    assert counts[1][1] == 7


def test_the_sweep_queues_and_sends_the_digest(digest_user, mailoutbox):
    told(digest_user, at("2027-03-01", 15), 1)
    report = run_sweep(at("2027-03-02", 7, 0))
    assert report["notifications.digest"] == {"emails": 1, "notifications": 1}
    assert report["notifications.outbox"]["sent"] == 1
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["tong.hop@phoihop.local"], "PhốiHợp — tổng hợp thông báo ngày 02/03/2027: 1 thông báo mới")
    ]


def test_the_probe_and_the_list_read_their_indexes(reader):
    """The digest's probe on its partial index (only the rows waiting for a digest), the list on (user, -id), the
    bell on (user, read_at)."""
    probe = (
        Notification.objects.filter(digest_due=True, created_at__lt=at("2027-03-02", 7))
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
    page = Notification.objects.filter(user_id=reader.pk).order_by("-pk")[:51]
    count = Notification.objects.filter(user_id=reader.pk, read_at__isnull=True).order_by()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
    assert "notification_digest_due_idx" in probe.explain()
    assert "notification_list_idx" in page.explain()
    assert "_idx" in count.explain()
