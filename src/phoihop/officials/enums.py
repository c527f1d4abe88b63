"""Constants of the officials registry: who edits, which bodies build and read the supervision lists."""

from __future__ import annotations

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import OrganizationKind

# Leaders and specialists of the managing body keep its officials' records; its org admins too (issue 12, 1).
EDITING_ROLES: frozenset[str] = frozenset({Role.LEADER, Role.SPECIALIST, Role.ORG_ADMIN})

# Ban Tổ chức builds the supervision lists with the Front (002 III.1) and sees every list of its province.
LIST_BUILDER_KINDS: frozenset[str] = frozenset({OrganizationKind.ORGANIZATION_BOARD})
# The Front (its standing committee or its department) sees the lists of its member organisations (002 III.1).
FRONT_KINDS: frozenset[str] = frozenset(
    {OrganizationKind.FATHERLAND_FRONT, OrganizationKind.FRONT_DEPARTMENT}
)

# How many levels below the province committee a body of "its province" may be (province → district → commune →
# a mass organisation of the commune): the reach of Ban Tổ chức's view of the supervision lists.
PROVINCE_DEPTH = 4
