"""Real concurrency on PostgreSQL: two digest runs (and two whole sweeps) racing with threads of their own
connections queue and send ONE digest per user."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.accounts.models import EmailNotifications
from phoihop.notifications.domain import notify
from phoihop.notifications.domain.digest import send_digests
from phoihop.notifications.enums import EmailState
from phoihop.notifications.models import Notification, OutboundEmail
from phoihop.scheduler.registry import run_sweep
from tests.factories import OrganizationFactory
from tests.races import race

from .conftest import person
from .test_digest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _three_digest_users(attempt: int):
    org = OrganizationFactory()
    users = [person(f"r{attempt}u{i}", org, prefers=EmailNotifications.DIGEST) for i in range(3)]
    with time_machine.travel(at("2027-03-01", 10), tick=False):
        for k in range(2):
            notify(users, kind="k", title=f"Việc {k}", dedupe_key=f"race:{k}")
    return users


@pytest.mark.parametrize("attempt", range(3))
def test_two_digest_runs_racing_queue_one_email_per_user(attempt):
    users = _three_digest_users(attempt)
    first, second = race(*(lambda: send_digests(at("2027-03-02", 7)) for _ in range(2)))
    assert [r for r in (first, second) if isinstance(r, Exception)] == []
    assert sorted([first.emails, second.emails]) == [0, 3]
    keys = sorted(OutboundEmail.objects.values_list("dedupe_key", flat=True))
    assert keys == sorted(f"digest:{u.pk}:2027-03-02" for u in users)
    assert all(e.body.count("— Việc ") == 2 for e in OutboundEmail.objects.all())
    assert Notification.objects.filter(digest_due=True).count() == 0


@pytest.mark.parametrize("attempt", range(2))
def test_two_sweeps_racing_send_one_digest_per_user(attempt, mailoutbox):
    users = _three_digest_users(attempt)
    results = race(*(lambda: run_sweep(at("2027-03-02", 7)) for _ in range(2)))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)
    assert list(OutboundEmail.objects.values_list("state", flat=True).distinct()) == [EmailState.SENT]
