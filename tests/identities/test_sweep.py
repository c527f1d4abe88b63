"""The sweep step `identities.protection_follow_up`: on the follow-up date (not the day before) the keeping
body's custodians are told once (handle only), audited; a new follow-up date is told again; nothing due costs one
query."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.audit.models import AuditEvent
from phoihop.identities.domain import actions
from phoihop.identities.domain.protect import Person, protect
from phoihop.identities.domain.sweep import apply_due
from phoihop.notifications.models import Notification
from phoihop.scheduler.registry import steps

from .conftest import DENOUNCER, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(p):
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        identity = protect(organization_id=p.ban.pk, person=Person(DENOUNCER), actor=p.ban_clerk)
        return actions.open_protection(
            p.ban_cv,
            identity,
            requested_on=dt.date(2027, 3, 9),
            measures_requested="Giữ bí mật nơi ở",
            follow_up_on=dt.date(2027, 3, 20),
        )


def test_the_step_is_registered():
    assert "identities.protection_follow_up" in steps()


def test_custodians_are_told_on_the_day_once(p, row, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert apply_due(at("2027-03-19", 23, 59)) == {}
    assert apply_due(at("2027-03-20", 0, 1)) == {"follow_up": 1}
    assert apply_due(at("2027-03-21", 9)) == {}
    [n] = Notification.objects.all()
    handle = row.identity.handle
    assert (n.user_id, n.title, n.url) == (
        p.ban_cv.pk,
        f"Đến hạn theo dõi việc bảo vệ người tố cáo {handle} (20/03/2027)",
        f"/danh-tinh/{row.identity_id}/",
    )
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.summary) == (
        None,
        f"Đến hạn theo dõi việc bảo vệ người tố cáo {handle} (20/03/2027)",
    )
    row.refresh_from_db()
    assert row.follow_up_flagged is True
    with time_machine.travel(at("2027-03-21", 9), tick=False):
        actions.follow_up_protection(p.ban_cv, row, note="Ổn định", follow_up_on=dt.date(2027, 4, 5))
    assert apply_due(at("2027-04-05", 8)) == {"follow_up": 1}
    assert Notification.objects.count() == 2


def test_an_ended_protection_is_not_followed(p, row):
    with time_machine.travel(at("2027-03-11", 9), tick=False):
        actions.end_protection(p.ban_cv, row, reason="Rút yêu cầu")
    assert apply_due(at("2027-03-25", 9)) == {}
    assert Notification.objects.count() == 0
