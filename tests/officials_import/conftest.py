"""The personas, with a Ban Tổ chức Tỉnh ủy (not among the shared bodies) and its users."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.personas import Personas


@pytest.fixture
def p(db):
    personas = Personas()
    personas.btc = OrganizationFactory(  # type: ignore[attr-defined]
        code="ban-to-chuc",
        name="Ban Tổ chức Tỉnh ủy",
        abbreviation="BTCTU",
        kind=OrganizationKind.ORGANIZATION_BOARD,
        level=Level.PROVINCE,
        superior=personas.tu,
    )
    personas.btc_cv = UserFactory(organization=personas.btc, role=Role.SPECIALIST)  # type: ignore[attr-defined]
    personas.btc_leader = UserFactory(organization=personas.btc, role=Role.LEADER)  # type: ignore[attr-defined]
    personas.btc_clerk = UserFactory(organization=personas.btc, role=Role.CLERK)  # type: ignore[attr-defined]
    personas.xa1_admin = UserFactory(organization=personas.xa1, role=Role.ORG_ADMIN)  # type: ignore[attr-defined]
    return personas
