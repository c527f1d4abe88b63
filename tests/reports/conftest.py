"""Fixtures for reports: the five regulations loaded from data/regulations, and a small province."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory

VN = dt.timezone(dt.timedelta(hours=7))
K = OrganizationKind


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam time, e.g. at("2027-01-22")."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=VN)


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 bao cao", content_type="application/pdf")


class Province:
    """A province with the bodies named by the five regulations (one district, two communes)."""

    def __init__(self) -> None:
        org = OrganizationFactory
        self.tu = org(name="Tỉnh ủy", abbreviation="TU", kind=K.PARTY_COMMITTEE, level=Level.PROVINCE)
        p = {"superior": self.tu, "level": Level.PROVINCE}
        self.btv = org(name="Ban Thường vụ Tỉnh ủy", abbreviation="BTVTU", kind=K.STANDING_COMMITTEE, **p)
        self.ban = org(name="Ban Nội chính Tỉnh ủy", abbreviation="BNCTU", kind=K.INTERNAL_AFFAIRS_BOARD, **p)
        self.front = org(name="Ủy ban MTTQ tỉnh", abbreviation="MTTQ", kind=K.FATHERLAND_FRONT, **p)
        f = {"superior": self.front, "level": Level.PROVINCE}
        self.women = org(name="Hội LHPN tỉnh", abbreviation="HLHPN", kind=K.WOMENS_UNION, **f)
        self.labour = org(name="LĐLĐ tỉnh", abbreviation="LDLD", kind=K.LABOUR_FEDERATION, **f)
        self.farmers = org(name="Hội Nông dân tỉnh", abbreviation="HND", kind=K.FARMERS_ASSOCIATION, **f)
        self.veterans = org(name="Hội CCB tỉnh", abbreviation="HCCB", kind=K.VETERANS_ASSOCIATION, **f)
        self.youth = org(name="Tỉnh đoàn", abbreviation="TD", kind=K.YOUTH_UNION, **f)
        self.agencies = org(
            name="Đảng ủy Các cơ quan tỉnh", abbreviation="DUCCQ", kind=K.AGENCIES_BLOC_COMMITTEE, **p
        )
        self.enterprises = org(
            name="Đảng ủy Khối doanh nghiệp tỉnh",
            abbreviation="DUKDN",
            kind=K.ENTERPRISES_BLOC_COMMITTEE,
            **p,
        )
        c = {"superior": self.tu, "kind": K.PARTY_COMMITTEE, "level": Level.COMMUNE}
        self.xa1 = org(name="Đảng ủy xã An Một", abbreviation="DUX1", **c)
        self.xa2 = org(name="Đảng ủy xã An Hai", abbreviation="DUX2", **c)
        self.hu = org(
            name="Huyện ủy Tây Sơn",
            abbreviation="HU",
            kind=K.PARTY_COMMITTEE,
            level=Level.DISTRICT,
            superior=self.tu,
        )
        d = {"superior": self.hu, "level": Level.DISTRICT}
        self.btv_hu = org(name="Ban Thường vụ Huyện ủy", abbreviation="BTVHU", kind=K.STANDING_COMMITTEE, **d)
        self.ubkt = org(
            name="Ủy ban Kiểm tra Huyện ủy", abbreviation="UBKT", kind=K.INSPECTION_COMMITTEE, **d
        )
        self.dan_van = org(
            name="Ban Dân vận Huyện ủy", abbreviation="BDV", kind=K.MASS_MOBILIZATION_BOARD, **d
        )
        self.front_hu = org(name="Ủy ban MTTQ huyện", abbreviation="MTTQH", kind=K.FATHERLAND_FRONT, **d)
        # A second district: its inspection committee must never receive the first district's reports.
        self.hu2 = org(
            name="Huyện ủy Phù Cát",
            abbreviation="HU2",
            kind=K.PARTY_COMMITTEE,
            level=Level.DISTRICT,
            superior=self.tu,
        )
        self.ubkt2 = org(
            name="Ủy ban Kiểm tra Huyện ủy Phù Cát",
            abbreviation="UBKT2",
            kind=K.INSPECTION_COMMITTEE,
            level=Level.DISTRICT,
            superior=self.hu2,
        )
        self.btv_hu2 = org(
            name="Ban Thường vụ Huyện ủy Phù Cát",
            abbreviation="BTVHU2",
            kind=K.STANDING_COMMITTEE,
            level=Level.DISTRICT,
            superior=self.hu2,
        )
        u = UserFactory
        self.ban_cv = u(organization=self.ban, role=Role.SPECIALIST, email="cv@bnc.vn")
        self.ban_leader = u(organization=self.ban, role=Role.LEADER, email="ld@bnc.vn")
        self.xa1_cv = u(organization=self.xa1, role=Role.SPECIALIST, email="cv@xa1.vn")
        self.xa1_clerk = u(organization=self.xa1, role=Role.CLERK)
        self.xa1_leader = u(organization=self.xa1, role=Role.LEADER, email="ld@xa1.vn")
        self.xa2_cv = u(organization=self.xa2, role=Role.SPECIALIST, email="cv@xa2.vn")
        self.xa2_leader = u(organization=self.xa2, role=Role.LEADER)
        self.btv_leader = u(organization=self.btv, role=Role.LEADER)
        self.hu_cv = u(organization=self.hu, role=Role.SPECIALIST)
        self.hu_leader = u(organization=self.hu, role=Role.LEADER)
        self.front_cv = u(organization=self.front, role=Role.SPECIALIST)
        self.women_cv = u(organization=self.women, role=Role.SPECIALIST)
        self.women_leader = u(organization=self.women, role=Role.LEADER)
        self.btv_hu_leader = u(organization=self.btv_hu, role=Role.LEADER)
        self.dan_van_cv = u(organization=self.dan_van, role=Role.SPECIALIST)
        self.dan_van_leader = u(organization=self.dan_van, role=Role.LEADER)
        self.ubkt_cv = u(organization=self.ubkt, role=Role.SPECIALIST)
        self.ubkt2_cv = u(organization=self.ubkt2, role=Role.SPECIALIST)
        self.outsider = u(organization=self.farmers, role=Role.LEADER)


FIGURES_003 = {
    "petitions_received": 12,
    "petitions_handled": 10,
    "transferred_petitions_resolved": 2,
    "citizens_received": 30,
    "cases_followed": 4,
    "officials_handled": 1,
    "specialist_visits": 1,
}


def slot_of(reporter, obligation="monthly", period="2027-01"):  # type: ignore[no-untyped-def]
    from phoihop.reports.models import ReportSlot

    return ReportSlot.objects.select_related("reporter", "receiver", "obligation").get(
        reporter=reporter, obligation__code=obligation, period_key=period
    )


def send(slot, drafter, leader, figures=None, name="bao-cao.pdf"):  # type: ignore[no-untyped-def]
    """Draft, submit for approval and approve-and-send one version; returns it."""
    from phoihop.reports.domain import actions

    draft = actions.save_draft(
        drafter, slot, document=pdf(name), figures=figures if figures is not None else FIGURES_003
    )
    actions.submit_for_approval(drafter, draft)
    slot.refresh_from_db()
    return actions.approve_and_send(leader, draft)


@pytest.fixture
def regs(db):  # type: ignore[no-untyped-def]
    call_command("load_regulations", stdout=io.StringIO())


@pytest.fixture
def province(db):  # type: ignore[no-untyped-def]
    return Province()
