"""The menu's badge on every page is remembered while the data has not changed (issue 10): counted again after an
audited change, a sweep run or on a new day; one query otherwise; never one user's total for another."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.scheduler.models import SweepRun
from phoihop.work.queue import data_version, menu_total
from tests.consultations.conftest import at
from tests.consultations.test_pages import texts
from tests.work.conftest import audited, copy_row

pytestmark = pytest.mark.django_db

WED = dt.date(2025, 3, 12)
MON = at("2025-03-10", 9)


def badge(client) -> list[str]:  # type: ignore[no-untyped-def]
    return texts(client.get(reverse("consult-inbox")), "//span[@id='work-count']")


def test_remembered_total_costs_one_query_and_a_change_counts_again(bodies, regulation):
    user = bodies.xa1_clerk
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    with time_machine.travel(MON, tick=False):
        with CaptureQueriesContext(connection) as first:
            assert menu_total(user) == 1
        with CaptureQueriesContext(connection) as again:
            assert menu_total(user) == 1
        # the count with the data version in one query, then the version alone
        assert (len(first.captured_queries), len(again.captured_queries)) == (1, 1)
        audited(copy_row(bodies, regulation, bodies.xa1, deadline=WED))
        with CaptureQueriesContext(connection) as changed:
            assert menu_total(user) == 2
        assert len(changed.captured_queries) == 2  # the version, changed: counted again


def test_a_change_without_an_audit_event_shows_with_the_next_sweep_run(client, bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    client.force_login(bodies.xa1_clerk)
    with time_machine.travel(MON, tick=False):
        assert badge(client) == ["1"]
        copy_row(bodies, regulation, bodies.xa1, deadline=WED)  # written directly: no audit event
        assert badge(client) == ["1"]  # remembered
        now = timezone.now()
        SweepRun.objects.create(started_at=now, finished_at=now, as_of=now, trigger="beat")
        assert badge(client) == ["2"]


def test_a_new_day_counts_again(bodies, regulation):
    user = bodies.xa1_clerk
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    with time_machine.travel(MON, tick=False):
        assert menu_total(user) == 1
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)  # no audit event, no sweep
    with time_machine.travel(MON + dt.timedelta(hours=23, minutes=59), tick=False):  # Tuesday 08:59
        assert menu_total(user) == 2
    with time_machine.travel(MON + dt.timedelta(hours=14, minutes=59), tick=False):  # Monday 23:59, local
        assert menu_total(user) == 1  # Monday's total, still remembered


def test_one_users_total_is_never_anothers(bodies, regulation):
    # the same version and day: the clerk of xa1 has a copy to receive, xa2's leader nothing, the other user of xa1
    # (a leader: a different role) has its own total
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    with time_machine.travel(MON, tick=False):
        version = data_version()
        assert menu_total(bodies.xa1_clerk) == 1
        assert menu_total(bodies.xa2_leader) == 0
        assert data_version() == version


def test_the_version_is_the_newest_audit_event_and_sweep_run(bodies, regulation):
    assert data_version() == (0, 0)
    event_target = copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    audited(event_target)
    from phoihop.audit.models import AuditEvent

    newest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert data_version() == (newest, 0)
    now = timezone.now()
    run = SweepRun.objects.create(started_at=now, finished_at=now, as_of=now, trigger="beat")
    assert data_version() == (newest, run.pk)
