"""Fixtures for coordination requests: a small regulation built in the database (unit level) and bodies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.enums import CountedFrom, DocType, ExtensionPolicy, PartyRole
from phoihop.regulations.models import ConsultationRule, Party, Regulation
from tests.factories import OrganizationFactory, UserFactory

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam time, e.g. at("2025-01-22")."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=VN)


def make_regulation(
    code: str = "T03",
    *,
    working_days: int = 5,
    extension_policy: str = ExtensionPolicy.NOTICE_LEAD_WORKING_DAYS,
    lead_days: int | None = 1,
    cap: int | None = None,
    allow_stated: bool = True,
    deemed_consent: bool = True,
    lead: tuple[str, str] = (OrganizationKind.INTERNAL_AFFAIRS_BOARD, Level.PROVINCE),
    partners: tuple[tuple[str, str], ...] = ((OrganizationKind.PARTY_COMMITTEE, Level.COMMUNE),),
    authority: tuple[str, str] = (OrganizationKind.STANDING_COMMITTEE, Level.PROVINCE),
) -> Regulation:
    reg = Regulation.objects.create(
        code=code,
        version=1,
        number=f"{code}-QC/TU",
        doc_type=DocType.RULES,
        title=f"Quy chế thử {code}",
        short_title=f"Quy chế thử {code}",
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issuer_kind=OrganizationKind.STANDING_COMMITTEE,
        issuer_level=Level.PROVINCE,
        source_file="test",
        full_text="",
        content_hash="x",
        data={},
        loaded_at=timezone.now(),
    )
    Party.objects.create(regulation=reg, role=PartyRole.LEAD, kind=lead[0], level=lead[1], name="Chủ trì")
    for kind, level in partners:
        Party.objects.create(regulation=reg, role=PartyRole.PARTNER, kind=kind, level=level, name="Phối hợp")
    Party.objects.create(
        regulation=reg, role=PartyRole.AUTHORITY, kind=authority[0], level=authority[1], name="BTV Tỉnh ủy"
    )
    ConsultationRule.objects.create(
        regulation=reg,
        working_days=working_days,
        counted_from=CountedFrom.RECEIPT,
        deemed_consent=deemed_consent,
        shared_responsibility=deemed_consent,
        allow_request_stated_period=allow_stated,
        article="Điều 5 khoản 1 điểm c",
        deemed_consent_article="Điều 5 khoản 1 điểm c",
        extension_policy=extension_policy,
        extension_lead_working_days=lead_days,
        extension_total_cap_working_days=cap,
        extension_article="Điều 5 khoản 1 điểm c",
    )
    return reg


class Bodies:
    def __init__(self) -> None:
        self.btv = OrganizationFactory(
            name="Ban Thường vụ Tỉnh ủy",
            abbreviation="BTVTU",
            kind=OrganizationKind.STANDING_COMMITTEE,
            level=Level.PROVINCE,
        )
        self.ban = OrganizationFactory(
            name="Ban Nội chính Tỉnh ủy",
            abbreviation="BNCTU",
            kind=OrganizationKind.INTERNAL_AFFAIRS_BOARD,
            level=Level.PROVINCE,
            superior=self.btv,
        )
        self.xa1 = OrganizationFactory(name="Đảng ủy xã Một", abbreviation="DUX1")
        self.xa2 = OrganizationFactory(name="Đảng ủy xã Hai", abbreviation="DUX2")
        self.outsider = OrganizationFactory(
            name="Hội Nông dân tỉnh",
            abbreviation="HND",
            kind=OrganizationKind.FARMERS_ASSOCIATION,
            level=Level.PROVINCE,
        )
        self.specialist = UserFactory(organization=self.ban, role=Role.SPECIALIST, email="cv@bnc.vn")
        self.leader = UserFactory(organization=self.ban, role=Role.LEADER, email="ld@bnc.vn")
        self.clerk = UserFactory(organization=self.ban, role=Role.CLERK)
        self.xa1_cv = UserFactory(organization=self.xa1, role=Role.SPECIALIST, email="cv@xa1.vn")
        self.xa1_clerk = UserFactory(organization=self.xa1, role=Role.CLERK)
        self.xa2_cv = UserFactory(organization=self.xa2, role=Role.SPECIALIST, email="cv@xa2.vn")
        self.btv_leader = UserFactory(organization=self.btv, role=Role.LEADER)
        self.outsider_user = UserFactory(organization=self.outsider, role=Role.LEADER)


@pytest.fixture
def bodies(db):  # type: ignore[no-untyped-def]
    return Bodies()


@pytest.fixture
def regulation(db):  # type: ignore[no-untyped-def]
    return make_regulation()
