"""Fixtures of the officials registry: the shared personas (tests/personas.py) plus a Ban Tổ chức Tỉnh ủy with a
specialist (it builds the supervision lists with the Front, 002 III.1), and `make`, registering an official."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.officials.domain import OfficialData, create_official
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory
from tests.personas import Personas


class Registry(Personas):
    board: Organization
    board_cv: User
    ban_admin: User

    def __init__(self) -> None:
        super().__init__()
        self.board = OrganizationFactory(
            name="Ban Tổ chức Tỉnh ủy",
            abbreviation="BTCTU",
            kind=OrganizationKind.ORGANIZATION_BOARD,
            level=Level.PROVINCE,
            superior=self.tu,
        )
        self.board_cv = UserFactory(organization=self.board, role=Role.SPECIALIST)
        self.ban_admin = UserFactory(organization=self.ban, role=Role.ORG_ADMIN)

    @property
    def outsider(self) -> User:
        return self.farmers_leader

    def make(self, full_name: str, *, by: User | None = None, **fields: Any) -> Official:
        """An official registered by `by` (default the Ban's specialist: managed by the Ban)."""
        fields.setdefault("started_on", dt.date(2025, 7, 1))
        return create_official(by or self.ban_cv, OfficialData(full_name=full_name, **fields))


@pytest.fixture
def p(db: None) -> Registry:
    return Registry()
