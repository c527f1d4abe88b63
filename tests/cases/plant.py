"""The cases' matter on the access matrix's world (tests/world.py): the provincial steering committee (Ban Chỉ
đạo tỉnh) and, in 2027, a case the Ban Nội chính follows with xã Một under the steering committee's monitoring,
with an official involved, a body involved (the district's UBKT) and a progress request to xã Một still open.
Every text of it carries CASE_MARK: a body outside the matter (the Hội Nông dân, xã Hai) must never see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import time_machine

from phoihop.accounts.enums import Role
from phoihop.cases.domain import actions
from phoihop.formats.vi.collation import fold
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.conftest import at

if TYPE_CHECKING:
    from tests.world import World

CASE_MARK = "MAT-VU-AN-7Q"
MARKS = (CASE_MARK,)


def plant(w: World) -> None:
    p = w.p
    bcd = OrganizationFactory(
        name="Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực tỉnh",
        abbreviation="BCDTINH",
        kind=OrganizationKind.STEERING_COMMITTEE,
        level=Level.PROVINCE,
        superior=p.tu,
    )
    w.extra["bcd_cv"] = UserFactory(organization=bcd, role=Role.SPECIALIST)
    name = f"Cán bộ {CASE_MARK}"
    official = Official.objects.create(full_name=name, name_key=fold(name), workplace=p.xa1)
    with time_machine.travel(at("2027-02-22", 9), tick=False):
        case = actions.open_case(
            p.ban_cv,
            title=f"Vụ án {CASE_MARK}",
            summary=f"Tóm tắt {CASE_MARK}",
            category="corruption",
            level="steering",
            locality=p.xa1,
            monitor=bcd,
        )
        actions.add_official(p.ban_cv, case, official, "subject", f"Ghi chú {CASE_MARK}")
        actions.add_organization(p.ban_cv, case, p.ubkt, f"Vai trò {CASE_MARK}")
        actions.move_stage(p.ban_cv, case, "verification", f"Chuyển {CASE_MARK}")
        progress = actions.request_progress(p.ban_cv, case, f"Yêu cầu {CASE_MARK}", 30)
    w.extra["case"] = case
    w.extra["case_progress"] = progress
