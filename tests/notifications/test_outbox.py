import datetime as dt
import json
import socket
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, transaction
from django.utils import timezone

from phoihop.notifications.domain import deliver_outbox, notify
from phoihop.notifications.enums import EmailState
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.scheduler.registry import run_sweep
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(users, key="evt-1"):
    with transaction.atomic():
        return notify(users, kind="test", title="Hạn trả lời 05/02/2025", body="Nội dung", dedupe_key=key)


def test_notify_writes_inapp_and_outbox_once():
    a = UserFactory(email="a@example.vn")
    b = UserFactory(email="")
    assert _notify([a, b]) == 2
    assert _notify([a, b]) == 0  # same event again: nothing new
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == sorted(
        [a.username, b.username]
    )
    assert list(OutboundEmail.objects.values_list("to", "state")) == [("a@example.vn", EmailState.PENDING)]


def test_notify_adds_only_the_users_not_yet_notified_in_a_fixed_number_of_queries(django_assert_num_queries):
    old = UserFactory(email="old@example.vn")
    _notify([old])
    new = [UserFactory(email=f"u{i}@example.vn") for i in range(5)]
    # the users already notified, the in-app rows, the e-mails; a savepoint (2) around the in-app rows and
    # one (2) for the caller's transaction: 7 for any number of users
    with django_assert_num_queries(7):
        assert _notify([old, *new, new[0]]) == 5
    assert Notification.objects.filter(dedupe_key="evt-1").count() == 6
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == sorted(
        ["old@example.vn", *[f"u{i}@example.vn" for i in range(5)]]
    )


def test_outbox_is_sent_to_a_real_smtp_server_exactly_once(smtp_server):
    user = UserFactory(email="chuyenvien@bnc.hungyen.vn")
    _notify([user])
    assert deliver_outbox().sent == 1
    assert deliver_outbox().sent == 0
    assert [(m["To"], m["Subject"]) for m in smtp_server.messages] == [
        ("chuyenvien@bnc.hungyen.vn", "Hạn trả lời 05/02/2025")
    ]
    assert OutboundEmail.objects.get().state == EmailState.SENT


def test_failed_send_is_retried_later(settings, smtp_server):
    user = UserFactory(email="x@example.vn")
    _notify([user])
    good_port = settings.EMAIL_PORT
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = s.getsockname()[1]  # nothing listens there
    now = timezone.now()
    result = deliver_outbox(now)
    assert (result.sent, result.retried) == (0, 1)
    email = OutboundEmail.objects.get()
    assert (email.state, email.attempts) == (EmailState.PENDING, 1)
    assert email.next_attempt_at == now + dt.timedelta(minutes=2)
    settings.EMAIL_PORT = good_port
    assert deliver_outbox(now + dt.timedelta(minutes=1)).sent == 0  # not due yet
    assert deliver_outbox(now + dt.timedelta(minutes=2)).sent == 1
    assert len(smtp_server.messages) == 1


def test_sweep_command_runs_outbox_step(smtp_server):
    _notify([UserFactory(email="y@example.vn")])
    out = StringIO()
    call_command("sweep", "--now", "2030-01-02T08:00+07:00", stdout=out)
    body = json.loads(out.getvalue())
    assert body["now"] == "2030-01-02T08:00:00+07:00"
    assert body["steps"]["notifications.outbox"] == {"sent": 1, "retried": 0, "failed": 0}


def test_sweep_command_rejects_bad_now():
    with pytest.raises(CommandError, match="Thời điểm không hợp lệ"):
        call_command("sweep", "--now", "02/03/2026 tám giờ")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_outbox_runs_send_each_email_once(smtp_server):
    users = [UserFactory(email=f"u{i}@example.vn") for i in range(6)]
    _notify(users, key="concurrent")
    barrier = threading.Barrier(2)
    totals: list[int] = []

    def worker():
        barrier.wait()
        try:
            totals.append(run_sweep()["notifications.outbox"]["sent"])
        finally:
            close_old_connections()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(totals) == 6
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(u.email for u in users)


def test_a_backlog_of_450_drains_in_one_run_over_one_smtp_connection(smtp_server):
    """Issue 8, point 12: a week's backlog must drain faster than 200 a minute (the sweep runs every minute);
    one run sends up to 1,000 over one connection (before: 200, each over its own connection)."""
    users = [UserFactory(email=f"u{i}@example.vn") for i in range(450)]
    _notify(users)
    assert OutboundEmail.objects.filter(state=EmailState.PENDING).count() == 450
    result = deliver_outbox()
    assert (result.sent, result.retried, result.failed) == (450, 0, 0)
    assert len(smtp_server.messages) == 450
    assert len(smtp_server.connections) == 1
    assert OutboundEmail.objects.exclude(state=EmailState.SENT).count() == 0
