"""The test personas: one small province with the bodies the five regulations name, and users of each role per
body. `tests/consultations/conftest.py` (`bodies`) and `tests/reports/conftest.py` (`province`) both build it;
the access matrix's world (tests/world.py) adds its planted data on top of it.

Bodies (kind, level; superior):

- `tu` Tỉnh ủy (party committee, province), the top of the tree, with under it at the province level `btv` (Ban
  Thường vụ), `ban` (Ban Nội chính), `front` (Ủy ban MTTQ, with under it `women`, `labour`, `farmers`, `veterans`,
  `youth`), `agencies` and `enterprises` (the two bloc party committees);
- the communes `xa1` and `xa2` (party committees) under the Tỉnh ủy;
- the district `hu` (Huyện ủy Tây Sơn) with `btv_hu`, `ubkt` (inspection), `dan_van` (mass mobilisation) and
  `front_hu`; a second district `hu2` (Huyện ủy Phù Cát) with `ubkt2` and `btv_hu2`. `farmers` is the body
  outside every matter of the tests (the outsider).

Users are named `<body>_<role>` (`ban_cv` a specialist, `ban_leader`, `ban_clerk`; see USERS); a few carry an
e-mail address (the e-mail tests read them).
"""

from __future__ import annotations

from dataclasses import dataclass

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from tests.factories import OrganizationFactory, UserFactory

K = OrganizationKind


@dataclass(frozen=True)
class BodySpec:
    key: str
    name: str
    abbreviation: str
    kind: str
    level: str
    superior: str | None  # the key of a body listed before it


@dataclass(frozen=True)
class UserSpec:
    key: str
    body: str
    role: str
    email: str = ""


P, D, C = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE

BODIES: tuple[BodySpec, ...] = (
    BodySpec("tu", "Tỉnh ủy", "TU", K.PARTY_COMMITTEE, P, None),
    BodySpec("btv", "Ban Thường vụ Tỉnh ủy", "BTVTU", K.STANDING_COMMITTEE, P, "tu"),
    BodySpec("ban", "Ban Nội chính Tỉnh ủy", "BNCTU", K.INTERNAL_AFFAIRS_BOARD, P, "tu"),
    BodySpec("front", "Ủy ban MTTQ tỉnh", "MTTQ", K.FATHERLAND_FRONT, P, "tu"),
    BodySpec("women", "Hội LHPN tỉnh", "HLHPN", K.WOMENS_UNION, P, "front"),
    BodySpec("labour", "LĐLĐ tỉnh", "LDLD", K.LABOUR_FEDERATION, P, "front"),
    BodySpec("farmers", "Hội Nông dân tỉnh", "HND", K.FARMERS_ASSOCIATION, P, "front"),
    BodySpec("veterans", "Hội CCB tỉnh", "HCCB", K.VETERANS_ASSOCIATION, P, "front"),
    BodySpec("youth", "Tỉnh đoàn", "TD", K.YOUTH_UNION, P, "front"),
    BodySpec("agencies", "Đảng ủy Các cơ quan tỉnh", "DUCCQ", K.AGENCIES_BLOC_COMMITTEE, P, "tu"),
    BodySpec("enterprises", "Đảng ủy Khối doanh nghiệp tỉnh", "DUKDN", K.ENTERPRISES_BLOC_COMMITTEE, P, "tu"),
    BodySpec("xa1", "Đảng ủy xã An Một", "DUX1", K.PARTY_COMMITTEE, C, "tu"),
    BodySpec("xa2", "Đảng ủy xã An Hai", "DUX2", K.PARTY_COMMITTEE, C, "tu"),
    BodySpec("hu", "Huyện ủy Tây Sơn", "HU", K.PARTY_COMMITTEE, D, "tu"),
    BodySpec("btv_hu", "Ban Thường vụ Huyện ủy", "BTVHU", K.STANDING_COMMITTEE, D, "hu"),
    BodySpec("ubkt", "Ủy ban Kiểm tra Huyện ủy", "UBKT", K.INSPECTION_COMMITTEE, D, "hu"),
    BodySpec("dan_van", "Ban Dân vận Huyện ủy", "BDV", K.MASS_MOBILIZATION_BOARD, D, "hu"),
    BodySpec("front_hu", "Ủy ban MTTQ huyện", "MTTQH", K.FATHERLAND_FRONT, D, "hu"),
    # A second district: its inspection committee must never receive the first district's reports.
    BodySpec("hu2", "Huyện ủy Phù Cát", "HU2", K.PARTY_COMMITTEE, D, "tu"),
    BodySpec("ubkt2", "Ủy ban Kiểm tra Huyện ủy Phù Cát", "UBKT2", K.INSPECTION_COMMITTEE, D, "hu2"),
    BodySpec("btv_hu2", "Ban Thường vụ Huyện ủy Phù Cát", "BTVHU2", K.STANDING_COMMITTEE, D, "hu2"),
)

CV, LEADER, CLERK = Role.SPECIALIST, Role.LEADER, Role.CLERK

USERS: tuple[UserSpec, ...] = (
    UserSpec("ban_cv", "ban", CV, "cv@bnc.vn"),
    UserSpec("ban_leader", "ban", LEADER, "ld@bnc.vn"),
    UserSpec("ban_clerk", "ban", CLERK),
    UserSpec("xa1_cv", "xa1", CV, "cv@xa1.vn"),
    UserSpec("xa1_clerk", "xa1", CLERK),
    UserSpec("xa1_leader", "xa1", LEADER, "ld@xa1.vn"),
    UserSpec("xa2_cv", "xa2", CV, "cv@xa2.vn"),
    UserSpec("xa2_leader", "xa2", LEADER),
    UserSpec("btv_leader", "btv", LEADER),
    UserSpec("hu_cv", "hu", CV),
    UserSpec("hu_leader", "hu", LEADER),
    UserSpec("front_cv", "front", CV),
    UserSpec("women_cv", "women", CV),
    UserSpec("women_leader", "women", LEADER),
    UserSpec("btv_hu_leader", "btv_hu", LEADER),
    UserSpec("dan_van_cv", "dan_van", CV),
    UserSpec("dan_van_leader", "dan_van", LEADER),
    UserSpec("ubkt_cv", "ubkt", CV),
    UserSpec("ubkt2_cv", "ubkt2", CV),
    UserSpec("farmers_leader", "farmers", LEADER),
)


class Personas:
    """Every body of BODIES and every user of USERS, created in the database, as attributes named by their
    keys (`p.ban`, `p.xa1_cv`). `bodies` and `users` map the keys to them."""

    tu: Organization
    btv: Organization
    ban: Organization
    front: Organization
    women: Organization
    labour: Organization
    farmers: Organization
    veterans: Organization
    youth: Organization
    agencies: Organization
    enterprises: Organization
    xa1: Organization
    xa2: Organization
    hu: Organization
    btv_hu: Organization
    ubkt: Organization
    dan_van: Organization
    front_hu: Organization
    hu2: Organization
    ubkt2: Organization
    btv_hu2: Organization

    ban_cv: User
    ban_leader: User
    ban_clerk: User
    xa1_cv: User
    xa1_clerk: User
    xa1_leader: User
    xa2_cv: User
    xa2_leader: User
    btv_leader: User
    hu_cv: User
    hu_leader: User
    front_cv: User
    women_cv: User
    women_leader: User
    btv_hu_leader: User
    dan_van_cv: User
    dan_van_leader: User
    ubkt_cv: User
    ubkt2_cv: User
    farmers_leader: User

    def __init__(self) -> None:
        self.bodies: dict[str, Organization] = {}
        for b in BODIES:
            self.bodies[b.key] = OrganizationFactory(
                name=b.name,
                abbreviation=b.abbreviation,
                kind=b.kind,
                level=b.level,
                superior=self.bodies[b.superior] if b.superior else None,
            )
            setattr(self, b.key, self.bodies[b.key])
        self.users: dict[str, User] = {}
        for u in USERS:
            extra = {"email": u.email} if u.email else {}
            self.users[u.key] = UserFactory(organization=self.bodies[u.body], role=u.role, **extra)
            setattr(self, u.key, self.users[u.key])

    def users_of(self, body: Organization) -> list[User]:
        """The personas working in `body`, in the order of USERS."""
        return [u for u in self.users.values() if u.organization_id == body.pk]
