"""The officials registry's matter on the access matrix's world (tests/world.py): an official managed by the Ban
Nội chính (`ban`) working in xã Một, supervised by the women's union, with a secret mark in the position and in
the managing basis. The outsider (`farmers`, a member of the Front too) must see none of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import time_machine

from phoihop.officials.domain import OfficialData, assign_supervision, create_official
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory

if TYPE_CHECKING:
    from tests.world import World

OFFICIAL_MARK = "MAT-CAN-BO-7Q"
MARKS = (OFFICIAL_MARK,)


def plant(w: World) -> None:
    from phoihop.accounts.enums import Role
    from tests.reports.conftest import at

    board = OrganizationFactory(
        name="Ban Tổ chức Tỉnh ủy",
        abbreviation="BTCTU",
        kind=OrganizationKind.ORGANIZATION_BOARD,
        level=Level.PROVINCE,
        superior=w.tu,
    )
    board_cv = UserFactory(organization=board, role=Role.SPECIALIST)
    with time_machine.travel(at("2027-02-15", 9), tick=False):
        official = create_official(
            w.ban_cv,
            OfficialData(
                full_name="Trần Văn Kiểm",
                birth_year=1975,
                position=f"Phó Chủ tịch UBND xã {OFFICIAL_MARK}",
                workplace=w.xa1,
                is_party_member=True,
                party_organization=w.xa1,
                managing_basis=f"Quy định 80-QĐ/TW {OFFICIAL_MARK}",
                started_on=dt.date(2025, 7, 1),
            ),
        )
        supervision = assign_supervision(
            board_cv,
            official,
            w.women,
            started_on=dt.date(2027, 2, 15),
            basis=f"Kế hoạch giám sát {OFFICIAL_MARK}",
            listed_with=w.front,
        )
    w.extra["official"] = official
    w.extra["supervision"] = supervision
    w.extra["organization_board"] = board
    w.extra["board_cv"] = board_cv
