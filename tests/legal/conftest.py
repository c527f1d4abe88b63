"""The legal time-limit tests' world: two bodies, each with a leader, a specialist and a clerk, and `make` to put
a petition straight into a body's register (the petitions' own actions are tested in tests/petitions/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.legal import rules as legal
from phoihop.organizations.models import Organization
from phoihop.petitions.enums import Channel, PetitionKind, PetitionState
from phoihop.petitions.models import Petition
from tests.factories import OrganizationFactory, UserFactory

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
D = dt.date.fromisoformat


def at(day: str, hour: int = 9, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment of `day` (yyyy-mm-dd), Vietnam time."""
    return dt.datetime.combine(D(day), dt.time(hour, minute, second), tzinfo=TZ)


@dataclass
class World:
    body: Organization
    other: Organization
    leader: User
    specialist: User
    clerk: User
    other_leader: User
    other_specialist: User


@pytest.fixture(autouse=True)
def _fresh_rules() -> Any:
    legal.reload()
    yield
    legal.reload()


@pytest.fixture
def w(db: None) -> World:
    body = OrganizationFactory(name="Ban Nội chính Tỉnh ủy")
    other = OrganizationFactory(name="Đảng ủy xã Bình Nghi")
    return World(
        body=body,
        other=other,
        leader=UserFactory(organization=body, role=Role.LEADER, full_name="Trần Văn Lãnh"),
        specialist=UserFactory(organization=body, role=Role.SPECIALIST),
        clerk=UserFactory(organization=body, role=Role.CLERK),
        other_leader=UserFactory(organization=other, role=Role.LEADER),
        other_specialist=UserFactory(organization=other, role=Role.SPECIALIST),
    )


def make(
    w: World,
    kind: str = PetitionKind.DENUNCIATION,
    received: str = "2027-02-03",
    *,
    body: Organization | None = None,
    **fields: Any,
) -> Petition:
    """A petition in `body`'s register (the world's body by default), received on `received`."""
    org = body or w.body
    day = D(received)
    number = Petition.objects.filter(organization=org, year=day.year).count() + 1
    defaults: dict[str, Any] = {
        "channel": Channel.POST,
        "title": f"Đơn {kind} số {number}",
        "content": "Nội dung đơn (đã che thông tin người gửi).",
        "state": PetitionState.RECEIVED,
        "created_by": w.clerk,
    }
    defaults.update(fields)
    return Petition.objects.create(
        organization=org, year=day.year, number=number, received_on=day, kind=kind, **defaults
    )
