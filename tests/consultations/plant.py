"""Personnel consultations on the access matrix's world (tests/world.py): under 001 Điều 13 khoản 6 the bloc
(`agencies`) asks an agency of the bloc about a named official, the subject, body and the official's position
carrying a secret mark. The outsider (`farmers`) must see none of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import time_machine

from phoihop.formats.vi.collation import fold
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory

if TYPE_CHECKING:
    from tests.world import World

PERSONNEL_MARK = "MAT-NHAN-SU-4K"
MARKS = (PERSONNEL_MARK,)


def plant(w: World) -> None:
    from phoihop.accounts.enums import Role
    from phoihop.consultations.domain import actions
    from phoihop.consultations.enums import PersonnelProcedure, RequestKind
    from phoihop.officials.models import Official
    from phoihop.regulations.queries import current_version
    from tests.consultations.conftest import at

    regulation = current_version("001")
    assert regulation is not None
    agency = OrganizationFactory(
        name="Sở Tư pháp tỉnh",
        abbreviation="STP",
        kind=OrganizationKind.BLOC_AGENCY,
        level=Level.PROVINCE,
        superior=w.agencies,
    )
    bloc_cv = UserFactory(organization=w.agencies, role=Role.SPECIALIST)
    bloc_leader = UserFactory(organization=w.agencies, role=Role.LEADER)
    agency_leader = UserFactory(organization=agency, role=Role.LEADER)
    official = Official.objects.create(
        full_name="Đinh Văn Nhân",
        name_key=fold("Đinh Văn Nhân"),
        birth_year=1979,
        position=f"Bí thư Đảng ủy Sở {PERSONNEL_MARK}",
        workplace=agency,
        managing_body=agency,
        is_party_member=True,
    )
    with time_machine.travel(at("2027-03-01", 8), tick=False):
        request = actions.create_request(
            bloc_cv,
            regulation=regulation,
            kind=RequestKind.PERSONNEL,
            subject=f"Xin ý kiến nhân sự bí thư {PERSONNEL_MARK}",
            body=f"Nội dung {PERSONNEL_MARK}",
            recipients=[agency],
            official=official,
            personnel_procedure=PersonnelProcedure.REAPPOINTMENT,
        )
        actions.submit_for_approval(bloc_cv, request)
        actions.approve_and_send(bloc_leader, request)
    w.extra["personnel_request"] = request
    w.extra["personnel_official"] = official
    w.extra["bloc_agency"] = agency
    w.extra["bloc_agency_leader"] = agency_leader
