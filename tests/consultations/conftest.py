"""Fixtures for coordination requests: a small regulation built in the database (unit level: the Ban Nội chính
leads, the commune party committees are partners, the Ban Thường vụ Tỉnh ủy rules) and `bodies`, the shared
personas of tests/personas.py under this suite's names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.regulations.enums import CountedFrom, DocType, ExtensionPolicy, PartyRole
from phoihop.regulations.models import ConsultationRule, Party, Regulation
from tests.personas import Personas

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


class Bodies(Personas):
    """The shared personas (tests/personas.py) under the names the coordination-request tests use: the Ban
    Nội chính's `specialist`, `leader` and `clerk`, and the `outsider` body (Hội Nông dân tỉnh, bound by no test
    regulation) with its leader `outsider_user`."""

    @property
    def specialist(self) -> User:
        return self.ban_cv

    @property
    def leader(self) -> User:
        return self.ban_leader

    @property
    def clerk(self) -> User:
        return self.ban_clerk

    @property
    def outsider(self) -> Organization:
        return self.farmers

    @property
    def outsider_user(self) -> User:
        return self.farmers_leader


@pytest.fixture
def bodies(db: None) -> Bodies:
    return Bodies()


@pytest.fixture
def regulation(db: None) -> Regulation:
    return make_regulation()
