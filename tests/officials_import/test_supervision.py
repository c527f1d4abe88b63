"""Importing the list of officials an organisation supervises (002 III.1–2; issue 12, point 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError
from phoihop.officials.domain import importing
from phoihop.officials.models import Official, SupervisionAssignment
from phoihop.officials.naming import collation_key, fold

from .workbooks import supervision_xlsx

pytestmark = pytest.mark.django_db


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("giam-sat.xlsx", content, content_type=importing.XLSX_TYPE)


def official(name: str, year: int, workplace) -> Official:
    return Official.objects.create(
        full_name=name,
        name_key=fold(name),
        sort_name=collation_key(name),
        birth_year=year,
        workplace=workplace,
    )


@pytest.fixture
def officials(p):
    return [official("Nguyễn Văn An", 1970, p.xa1), official("Trần Thị Bình", 1980, p.xa2)]


def test_the_ban_to_chuc_imports_a_supervision_list(p, officials):
    rows = [
        ["nguyen van an", 1970, p.xa1.name, p.women.name, "01/01/2027"],
        ["Trần Thị Bình", 1980, p.xa2.code, p.front.code, dt.datetime(2027, 1, 15, tzinfo=None)],  # noqa: DTZ001 (a cell holds a naive datetime),
        ["Lê Văn Cường", 1975, p.xa1.name, p.women.name, "01/01/2027"],  # not registered
        ["Nguyễn Văn An", 1970, p.xa1.name, p.women.name, "02/01/2027"],  # the same pair again
        ["Trần Thị Bình", 1980, p.xa2.code, p.front.code, ""],
    ]

    preview = importing.preview(p.btc_leader, importing.SUPERVISION, upload(supervision_xlsx(rows)))

    assert preview.messages == [
        f"Dòng 4: không có cán bộ “Lê Văn Cường”, sinh năm 1975, công tác tại “{p.xa1.name}” trong danh sách cán bộ",
        "Dòng 5: trùng với dòng 2 (cùng cán bộ, cùng tổ chức giám sát)",
        "Dòng 6: thiếu Từ ngày",
    ]
    assert SupervisionAssignment.objects.count() == 0

    outcome = importing.confirm(p.btc_leader, preview.token)

    assert (outcome.created, outcome.registered, outcome.errors) == (2, 0, 3)
    assigned = SupervisionAssignment.objects.order_by("pk")
    assert [(a.official, a.supervisor, a.listed_with, a.started_on) for a in assigned] == [
        (officials[0], p.women, p.btc, dt.date(2027, 1, 1)),
        (officials[1], p.front, p.btc, dt.date(2027, 1, 15)),
    ]
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.CREATED, target_type="officials.supervisionassignment"
        ).count()
        == 2
    )

    again = importing.preview(p.btc_leader, importing.SUPERVISION, upload(supervision_xlsx(rows[:2])))
    assert again.messages == [
        f"Dòng 2: đã có trong danh sách giám sát của “{p.women.name}”",
        f"Dòng 3: đã có trong danh sách giám sát của “{p.front.name}”",
    ]
    assert importing.confirm(p.btc_leader, again.token).created == 0
    assert SupervisionAssignment.objects.count() == 2


def test_the_front_lists_for_itself_and_the_organisations_under_it(p, officials):
    rows = [
        ["Nguyễn Văn An", 1970, p.xa1.name, p.women.name, "01/01/2027"],
        ["Trần Thị Bình", 1980, p.xa2.name, p.ban.name, "01/01/2027"],
    ]

    preview = importing.preview(p.front_cv, importing.SUPERVISION, upload(supervision_xlsx(rows)))

    assert preview.messages == [f"Dòng 3: bạn không được lập danh sách giám sát cho “{p.ban.name}”"]
    assert importing.confirm(p.front_cv, preview.token).created == 1
    assert SupervisionAssignment.objects.get().listed_with is None


@pytest.mark.parametrize("who", ["xa1_cv", "women_leader", "xa1_admin", "farmers_leader", "btc_clerk"])
def test_who_may_not_import_a_supervision_list(p, officials, who):
    rows = [["Nguyễn Văn An", 1970, p.xa1.name, p.women.name, "01/01/2027"]]
    with pytest.raises(DomainError) as caught:
        importing.preview(getattr(p, who), importing.SUPERVISION, upload(supervision_xlsx(rows)))
    assert caught.value.status == 403
