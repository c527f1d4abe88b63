"""The protected identities' matter on the access matrix's world (tests/world.py): the Ban Nội chính's leader
designates its specialist `ban_cv` custodian of the Ban's protected identities (01/03/2027); a denouncer's
identity kept by the Ban (its name, address and contact carry IDENTITY_MARK, encrypted) with a protection request
(its measures carry PROTECTION_MARK). Only the custodian sees either; everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import time_machine

from phoihop.identities.domain import actions
from phoihop.identities.domain.protect import Person, protect
from tests.reports.conftest import at

if TYPE_CHECKING:
    from tests.world import World

IDENTITY_MARK = "MAT-DANH-TINH-7Q"
PROTECTION_MARK = "MAT-BAO-VE-7Q"
MARKS = (IDENTITY_MARK, PROTECTION_MARK)


def plant(w: World) -> None:
    p = w.p
    with time_machine.travel(at("2027-03-01", 8), tick=False):
        w.extra["custodian"] = actions.designate_custodian(p.ban_leader, p.ban_cv)
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        identity = protect(
            organization_id=p.ban.pk,
            person=Person(
                name=f"Người tố cáo {IDENTITY_MARK}",
                address=f"Địa chỉ {IDENTITY_MARK}",
                contact=f"Liên hệ {IDENTITY_MARK}",
            ),
            actor=p.ban_clerk,
        )
        w.extra["identity"] = identity
        w.extra["protection"] = actions.open_protection(
            p.ban_cv,
            identity,
            requested_on=dt.date(2027, 3, 2),
            measures_requested=f"Biện pháp {PROTECTION_MARK}",
            follow_up_on=dt.date(2027, 3, 20),
        )
