"""A user sees only their own notifications (notifications.queries.visible_to)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from phoihop.notifications import queries
from phoihop.notifications.domain import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_sees_only_their_own_notifications_and_anonymous_none():
    alice, bob = UserFactory(), UserFactory()
    notify([alice], kind="deadline", title="Sắp đến hạn", url="/phoi-hop/1/", dedupe_key="a", email=False)
    notify([bob], kind="deadline", title="Quá hạn", url="/phoi-hop/2/", dedupe_key="b", email=False)

    assert [n.title for n in queries.visible_to(alice)] == ["Sắp đến hạn"]
    assert [n.title for n in queries.visible_to(bob)] == ["Quá hạn"]
    assert list(queries.visible_to(AnonymousUser())) == []
