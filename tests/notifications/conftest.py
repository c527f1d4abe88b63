"""Helpers of the notification tests (issue 11): users with an address and an e-mail preference, and
notifications written through notifications.domain.notify as the domains write them."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.accounts.models import EmailNotifications, User
from phoihop.notifications.domain import notify
from phoihop.notifications.models import Notification
from phoihop.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory


def person(
    username: str,
    organization: Organization | None = None,
    *,
    email: str | None = None,
    prefers: str = EmailNotifications.IMMEDIATE,
    role: str = Role.SPECIALIST,
) -> User:
    return UserFactory(
        username=username,
        full_name=f"Người dùng {username}",
        organization=organization or OrganizationFactory(),
        email=f"{username}@phoihop.local" if email is None else email,
        email_notifications=prefers,
        role=role,
    )


def tell(user: User, i: int, *, url: str = "/phoi-hop/1/", body: str = "") -> Notification:
    """Notification number i of this user, written by the domain function (one per call)."""
    notify([user], kind="test.event", title=f"Thông báo số {i}", body=body, url=url, dedupe_key=f"test:{i}")
    return Notification.objects.get(user=user, dedupe_key=f"test:{i}")


@pytest.fixture
def org(db: None) -> Organization:
    return OrganizationFactory(name="Ban Nội chính Tỉnh ủy", abbreviation="BNCTU")


@pytest.fixture
def reader(org: Organization) -> User:
    return person("nguoi.doc", org)


@pytest.fixture
def other(org: Organization) -> User:
    """A colleague in the same body: their notifications are data that could leak."""
    return person("dong.nghiep", org)
