"""Bodies and expected outcomes for the per-regulation scenarios of coordination requests (000, 001, 003, 004).

The bodies are built with the factories, by the kinds and levels the regulation data names for its lead,
partners and authority, with `superior` links so that find_authority has to pick the nearest authority:
every scenario also holds a decoy authority of the same kind and level in another district or province.
`scenario_bodies(code)` is the single place to switch to the demo province (`manage.py load_demo`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.models import Regulation
from tests.consultations.conftest import at
from tests.factories import OrganizationFactory, UserFactory

K = OrganizationKind
D = dt.date

SEND_DAY = "2025-01-22"  # Wednesday before Tết; Tết off 25/01–02/02/2025
CODES = ("000", "001", "003", "004")


@dataclass(frozen=True)
class Spec:
    """What each regulation's data must produce for a request sent on Wed 22/01/2025 at 08:00."""

    code: str
    working_days: int
    deadline: dt.date
    article: str
    authority_name: str
    # An extension notice accepted (moment, new date) and one refused (moment, new date, exact message).
    accept_at: dt.datetime
    accept_new: dt.date
    refuse_at: dt.datetime
    refuse_new: dt.date
    refuse_message: str
    allows_stated_deadline: bool = False


SPECS: dict[str, Spec] = {
    "000": Spec(
        code="000",
        working_days=7,
        deadline=D(2025, 2, 7),
        article="Điều 5 khoản 1",
        authority_name="Ban Thường vụ Huyện ủy Tây Sơn",
        # A notice before the deadline states a new date (no cap); the last minute of the deadline day counts.
        accept_at=at("2025-02-07", 23, 59),
        accept_new=D(2025, 2, 14),
        refuse_at=at("2025-02-08", 0, 0),
        refuse_new=D(2025, 2, 14),
        refuse_message=(
            "Đã quá hạn trả lời (07/02/2025); thông báo gia hạn phải gửi trước khi hết hạn — Điều 5 khoản 1."
        ),
    ),
    "001": Spec(
        code="001",
        working_days=7,
        deadline=D(2025, 2, 7),
        article="Điều 3 khoản 1",
        authority_name="Thường trực Tỉnh ủy Bình Định",
        # The recipient sets its own reply date, by a notice before the deadline.
        accept_at=at("2025-02-06", 15),
        accept_new=D(2025, 2, 14),
        refuse_at=at("2025-02-10", 8),
        refuse_new=D(2025, 2, 14),
        refuse_message=(
            "Đã quá hạn trả lời (07/02/2025); thông báo gia hạn phải gửi trước khi hết hạn — Điều 3 khoản 1."
        ),
    ),
    "003": Spec(
        code="003",
        working_days=5,
        deadline=D(2025, 2, 5),
        article="Điều 5 khoản 1 điểm c",
        authority_name="Ban Thường vụ Tỉnh ủy Hưng Yên",
        # At least 1 working day before the deadline: 04/02 is the latest day, 05/02 (the deadline) is late.
        accept_at=at("2025-02-04", 16),
        accept_new=D(2025, 2, 12),
        refuse_at=at("2025-02-05", 9),
        refuse_new=D(2025, 2, 12),
        refuse_message=(
            "Phải báo gia hạn chậm nhất 01 ngày làm việc trước hạn, tức ngày 04/02/2025 — Điều 5 khoản 1 điểm c."
        ),
        allows_stated_deadline=True,
    ),
    "004": Spec(
        code="004",
        working_days=5,
        deadline=D(2025, 2, 5),
        article="Điều 5 khoản 3",
        authority_name="Ban Thường vụ Tỉnh ủy Bình Định",
        # Up to 7 working days in total from receipt 22/01: 23, 24/01, 03, 04, 05, 06, 07/02 -> 07/02/2025.
        accept_at=at("2025-02-04", 10),
        accept_new=D(2025, 2, 7),
        refuse_at=at("2025-02-04", 10),
        refuse_new=D(2025, 2, 10),
        refuse_message=(
            "Tổng thời gian không quá 07 ngày làm việc kể từ ngày nhận, tức hạn muộn nhất 07/02/2025 — "
            "Điều 5 khoản 3."
        ),
    ),
}


@dataclass
class ScenarioBodies:
    regulation: Regulation
    sender: Any
    recipients: list[Any]  # exactly two, both covered by the regulation
    authority: Any
    decoy_authority: Any  # same kind and level as the authority, but in another district/province
    outsider: Any  # not covered by the regulation
    bystanders: list[Any]  # other organisations (superiors) whose users must not be notified
    users: dict[str, Any] = field(default_factory=dict)

    @property
    def specialist(self) -> Any:
        return self.users["sender_specialist"]

    @property
    def leader(self) -> Any:
        return self.users["sender_leader"]

    def recipient_user(self, index: int) -> Any:
        """Who answers for recipient `index` directly: its leader (issue 11: a specialist answers through an
        answer draft the leader approves)."""
        return self.users[f"recipient{index}_leader"]

    @property
    def authority_leader(self) -> Any:
        return self.users["authority_leader"]

    @property
    def decoy_leader(self) -> Any:
        return self.users["decoy_leader"]

    def usernames_of(self, *orgs: Any) -> set[str]:
        pks = {o.pk for o in orgs}
        return {u.username for u in self.users.values() if u.organization_id in pks}


_counter = 0


def _org(name: str, abbreviation: str, kind: str, level: str, superior: Any = None) -> Any:
    global _counter
    _counter += 1
    return OrganizationFactory(
        code=f"sc-{_counter}", name=name, abbreviation=abbreviation, kind=kind, level=level, superior=superior
    )


def _province(name: str, abbr: str) -> Any:
    return _org(f"Tỉnh ủy {name}", f"TU{abbr}", K.PARTY_COMMITTEE, Level.PROVINCE)


def _bodies_000() -> dict[str, Any]:
    tinh_uy = _province("Bình Định", "BD")
    huyen_uy = _org("Huyện ủy Tây Sơn", "HUTS", K.PARTY_COMMITTEE, Level.DISTRICT, tinh_uy)
    other_huyen = _org("Huyện ủy Phù Cát", "HUPC", K.PARTY_COMMITTEE, Level.DISTRICT, tinh_uy)
    district = Level.DISTRICT
    return {
        "sender": _org(
            "Ủy ban Kiểm tra Huyện ủy Tây Sơn", "UBKTHU", K.INSPECTION_COMMITTEE, district, huyen_uy
        ),
        "recipients": [
            _org("Ban Dân vận Huyện ủy Tây Sơn", "BDVHU", K.MASS_MOBILIZATION_BOARD, district, huyen_uy),
            _org("Ủy ban MTTQ Việt Nam huyện Tây Sơn", "MTTQH", K.FATHERLAND_FRONT, district, huyen_uy),
        ],
        "authority": _org(
            "Ban Thường vụ Huyện ủy Tây Sơn", "BTVHUTS", K.STANDING_COMMITTEE, district, huyen_uy
        ),
        "decoy_authority": _org(
            "Ban Thường vụ Huyện ủy Phù Cát", "BTVHUPC", K.STANDING_COMMITTEE, district, other_huyen
        ),
        "outsider": _org(
            "Hội Nông dân tỉnh Bình Định", "HNDT", K.FARMERS_ASSOCIATION, Level.PROVINCE, tinh_uy
        ),
        "bystanders": [tinh_uy, huyen_uy, other_huyen],
    }


def _bodies_001() -> dict[str, Any]:
    tinh_uy = _province("Bình Định", "BD")
    other = _province("Gia Lai", "GL")
    btv = _org("Ban Thường vụ Tỉnh ủy Bình Định", "BTVTU", K.STANDING_COMMITTEE, Level.PROVINCE, tinh_uy)
    province = Level.PROVINCE
    return {
        "sender": _org(
            "Đảng ủy Khối các cơ quan tỉnh", "DUKCQ", K.AGENCIES_BLOC_COMMITTEE, province, tinh_uy
        ),
        "recipients": [
            _org("Ban Tổ chức Tỉnh ủy Bình Định", "BTCTU", K.ORGANIZATION_BOARD, province, tinh_uy),
            _org("Huyện ủy Tây Sơn", "HUTS", K.PARTY_COMMITTEE, Level.DISTRICT, tinh_uy),
        ],
        # The data names Thường trực Tỉnh ủy first, then Ban Thường vụ Tỉnh ủy (Điều 2 khoản 2).
        "authority": _org("Thường trực Tỉnh ủy Bình Định", "TTTU", K.STANDING_BOARD, province, btv),
        "decoy_authority": _org("Thường trực Tỉnh ủy Gia Lai", "TTTUGL", K.STANDING_BOARD, province, other),
        "outsider": _org("Hội Nông dân tỉnh Bình Định", "HNDT", K.FARMERS_ASSOCIATION, province, tinh_uy),
        "bystanders": [tinh_uy, other, btv],
    }


def _bodies_003() -> dict[str, Any]:
    tinh_uy = _province("Hưng Yên", "HY")
    other = _province("Thái Bình", "TB")
    province = Level.PROVINCE
    return {
        "sender": _org(
            "Ban Nội chính Tỉnh ủy Hưng Yên", "BNCTU", K.INTERNAL_AFFAIRS_BOARD, province, tinh_uy
        ),
        "recipients": [
            _org("Đảng ủy phường Phố Hiến", "DUPPH", K.PARTY_COMMITTEE, Level.COMMUNE, tinh_uy),
            _org("Đảng ủy xã Tân Hưng", "DUXTH", K.PARTY_COMMITTEE, Level.COMMUNE, tinh_uy),
        ],
        "authority": _org("Ban Thường vụ Tỉnh ủy Hưng Yên", "BTVTU", K.STANDING_COMMITTEE, province, tinh_uy),
        "decoy_authority": _org(
            "Ban Thường vụ Tỉnh ủy Thái Bình", "BTVTUTB", K.STANDING_COMMITTEE, province, other
        ),
        # Bound by 004, not by 003 (which binds commune and ward party committees only).
        "outsider": _org(
            "Đảng ủy Khối doanh nghiệp tỉnh Hưng Yên",
            "DUKDN",
            K.ENTERPRISES_BLOC_COMMITTEE,
            province,
            tinh_uy,
        ),
        "bystanders": [tinh_uy, other],
    }


def _bodies_004() -> dict[str, Any]:
    tinh_uy = _province("Bình Định", "BD")
    other = _province("Gia Lai", "GL")
    province = Level.PROVINCE
    return {
        "sender": _org(
            "Ban Nội chính Tỉnh ủy Bình Định", "BNCTU", K.INTERNAL_AFFAIRS_BOARD, province, tinh_uy
        ),
        "recipients": [
            _org("Huyện ủy Tây Sơn", "HUTS", K.PARTY_COMMITTEE, Level.DISTRICT, tinh_uy),
            _org("Đảng ủy Khối doanh nghiệp tỉnh", "DUKDN", K.ENTERPRISES_BLOC_COMMITTEE, province, tinh_uy),
        ],
        "authority": _org(
            "Ban Thường vụ Tỉnh ủy Bình Định", "BTVTU", K.STANDING_COMMITTEE, province, tinh_uy
        ),
        "decoy_authority": _org(
            "Ban Thường vụ Tỉnh ủy Gia Lai", "BTVTUGL", K.STANDING_COMMITTEE, province, other
        ),
        # Bound by 003, not by 004 (which binds district committees and the two provincial blocs).
        "outsider": _org("Đảng ủy xã Tây Vinh", "DUXTV", K.PARTY_COMMITTEE, Level.COMMUNE, tinh_uy),
        "bystanders": [tinh_uy, other],
    }


_BUILDERS = {"000": _bodies_000, "001": _bodies_001, "003": _bodies_003, "004": _bodies_004}


def scenario_bodies(code: str) -> ScenarioBodies:
    """Load the regulation data, build the bodies of regulation `code` and their users."""
    call_command("load_regulations", verbosity=0)
    regulation = Regulation.objects.get(code=code, superseded_by__isnull=True)
    orgs = _BUILDERS[code]()
    bodies = ScenarioBodies(regulation=regulation, **orgs)
    users = bodies.users

    def user(org: Any, role: str) -> Any:
        # Nobody logs in here: password None gives an unusable password without the slow hashing.
        return UserFactory(organization=org, role=role, password=None)

    for role in (Role.SPECIALIST, Role.LEADER, Role.CLERK):
        users[f"sender_{role.value}"] = user(bodies.sender, role)
    for i, org in enumerate(bodies.recipients):
        users[f"recipient{i}_specialist"] = user(org, Role.SPECIALIST)
        users[f"recipient{i}_leader"] = user(org, Role.LEADER)
        users[f"recipient{i}_clerk"] = user(org, Role.CLERK)
    users["authority_leader"] = user(bodies.authority, Role.LEADER)
    users["authority_specialist"] = user(bodies.authority, Role.SPECIALIST)
    users["decoy_leader"] = user(bodies.decoy_authority, Role.LEADER)
    users["outsider_leader"] = user(bodies.outsider, Role.LEADER)
    for i, org in enumerate(bodies.bystanders):
        users[f"bystander{i}_leader"] = user(org, Role.LEADER)
    return bodies
