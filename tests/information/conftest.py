"""The personas' province with the regulations loaded, the bodies the routing articles need that the personas lack
(a police party committee, the bloc's standing committee and one of its party organisations), and officials."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

from phoihop.formats.vi.collation import fold
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.regulations.domain import data_files, load_regulation_files
from tests.factories import OrganizationFactory
from tests.personas import Personas

K = OrganizationKind


def make_official(
    name: str,
    *,
    managing_body: Organization | None = None,
    workplace: Organization | None = None,
    party_organization: Organization | None = None,
) -> Official:
    return Official.objects.create(
        full_name=name,
        name_key=fold(name),
        birth_year=1975,
        position="Trưởng phòng",
        workplace=workplace,
        managing_body=managing_body,
        is_party_member=party_organization is not None,
        party_organization=party_organization,
    )


@dataclass
class Province:
    p: Personas
    police: Organization  # Đảng ủy Công an tỉnh (001 Điều 15)
    btv_agencies: Organization  # Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh
    bloc_cell: Organization  # a party organisation in the bloc (Đảng bộ Sở Tư pháp)
    office: Organization  # a workplace that is no party to any routing (Sở Tư pháp)


def load_regulations() -> None:
    load_regulation_files(data_files(Path(settings.REGULATIONS_DATA_DIR)))


def make_province() -> Province:
    p = Personas()
    load_regulations()
    return Province(
        p=p,
        police=OrganizationFactory(
            name="Đảng ủy Công an tỉnh",
            abbreviation="DUCA",
            kind=K.POLICE_PARTY_COMMITTEE,
            level=Level.PROVINCE,
            superior=p.tu,
        ),
        btv_agencies=OrganizationFactory(
            name="Ban Thường vụ Đảng ủy Các cơ quan tỉnh",
            abbreviation="BTVDUCCQ",
            kind=K.STANDING_COMMITTEE,
            level=Level.PROVINCE,
            superior=p.agencies,
        ),
        bloc_cell=OrganizationFactory(
            name="Đảng bộ Sở Tư pháp",
            abbreviation="DBSTP",
            kind=K.BLOC_AGENCY,
            level=Level.PROVINCE,
            superior=p.agencies,
        ),
        office=OrganizationFactory(
            name="Sở Tư pháp", abbreviation="STP", kind=K.BLOC_AGENCY, level=Level.PROVINCE, superior=None
        ),
    )


@pytest.fixture
def province(db) -> Province:
    return make_province()


VERIFIED = {"verified": True, "conclusion_number": "12-KL/UBKT", "conclusion_date": None}


def draft(user, official, kind="signs_of_violation", **extra):
    """A draft by `user` about `official` (attested, concluded on 05/01/2027 unless told otherwise)."""
    import datetime as dt

    from phoihop.information.domain import actions

    fields = {
        "verified": True,
        "conclusion_number": "12-KL/UBKT",
        "conclusion_date": dt.date(2027, 1, 5),
        **extra,
    }
    return actions.record(
        user,
        official=official,
        kind=kind,
        content=extra.pop("content", "Có dấu hiệu vi phạm trong quản lý đất đai MAT-INFO-7Q"),
        basis="Kết luận kiểm tra số 12-KL/UBKT",
        **{k: v for k, v in fields.items() if k != "content"},
    )
