"""Importing officials from .xlsx (issue 12, point 1): the acceptance's 500 rows, the preview writing nothing, the
confirmation in one transaction, a second import writing nothing new, who may import, whose preview."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.common.errors import DomainError
from phoihop.officials.domain import importing
from phoihop.officials.models import Official, OfficialPosition

from .workbooks import (
    BAD_DATE_ROW,
    DUPLICATE_ROW,
    MISSING_ROW,
    TCVN3_NAME,
    TCVN3_ROW,
    UNKNOWN_ROW,
    acceptance_rows,
    name,
    official_row,
    xlsx,
)

pytestmark = pytest.mark.django_db

FIVE = [
    f"Dòng {TCVN3_ROW}: văn bản gõ theo bảng mã TCVN3 (ABC), hãy chuyển sang Unicode "
    f"(cột Họ và tên: “{TCVN3_NAME}” có lẽ là “Trần Văn Tuấn”)",
    f"Dòng {MISSING_ROW}: thiếu Chức vụ",
    f"Dòng {UNKNOWN_ROW}: không tìm thấy cơ quan, tổ chức “Phòng Không Tồn Tại”",
    f"Dòng {DUPLICATE_ROW}: trùng với dòng {DUPLICATE_ROW - 1} (cùng họ tên, năm sinh, nơi công tác)",
    f"Dòng {BAD_DATE_ROW}: Ngày bắt đầu giữ chức vụ “31/02/2025” không phải một ngày (dd/mm/yyyy)",
]


def upload(content: bytes, file_name: str = "can-bo.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(file_name, content, content_type=importing.XLSX_TYPE)


def test_the_acceptance_500_rows(p):
    content = xlsx(acceptance_rows(p))
    events = AuditEvent.objects.count()

    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(content))

    assert len(preview.rows) == 500
    assert preview.messages == FIVE
    assert [r.number for r in preview.rows if r.status == "error"] == [17, 50, 120, 300, 410]
    assert (preview.valid, preview.errors, preview.registered) == (495, 5, 0)
    assert Official.objects.count() == 0  # nothing written by the preview
    assert AuditEvent.objects.count() == events

    outcome = importing.confirm(p.btc_cv, preview.token)

    assert (outcome.created, outcome.registered, outcome.errors) == (495, 0, 5)
    assert Official.objects.count() == 495
    assert OfficialPosition.objects.count() == 495
    first = Official.objects.get(name_key="nguyen van an", birth_year=1970)
    assert (first.full_name, first.position, first.workplace, first.managing_body) == (
        "Nguyễn Văn An",
        "Chuyên viên",
        p.xa1,
        p.btv,
    )
    assert (first.is_party_member, first.party_organization, first.managing_basis) == (
        False,
        None,
        "Quy định 80-QĐ/TW",
    )
    second = Official.objects.get(name_key="tran van an")  # row 3: by code, a date cell, a party member
    assert (second.workplace, second.is_party_member, second.party_organization) == (p.xa2, True, p.xa1)
    assert second.positions.get().started_on.isoformat() == "2025-07-01"
    third = Official.objects.get(name_key="le van an")  # row 4: by a folded name
    assert third.workplace == p.hu
    assert not Official.objects.filter(name_key="tran van tuan").exists()
    assert (
        AuditEvent.objects.filter(action=AuditAction.CREATED, target_type="officials.official").count() == 495
    )
    loaded = AuditEvent.objects.get(action=AuditAction.LOADED)
    assert (loaded.target_id, loaded.actor_id) == (str(p.btc.pk), p.btc_cv.pk)
    assert {k: loaded.data[k] for k in ("import", "file", "rows", "created", "registered", "errors")} == {
        "import": "officials",
        "file": "can-bo.xlsx",
        "rows": 500,
        "created": 495,
        "registered": 0,
        "errors": 5,
    }

    again = importing.preview(p.btc_cv, importing.OFFICIALS, upload(content))

    # every row written is reported as registered, and so is the duplicate of one of them (row 300)
    assert (again.valid, again.errors, again.registered) == (0, 4, 496)
    assert [m for m in again.messages if m not in FIVE] == [
        f"Dòng {r.number}: đã có trong danh sách cán bộ"
        for r in again.rows
        if r.number not in (17, 50, 120, 410)
    ]
    events = AuditEvent.objects.count()
    outcome = importing.confirm(p.btc_cv, again.token)
    assert (outcome.created, outcome.registered, outcome.errors) == (0, 496, 4)
    assert Official.objects.count() == 495
    assert AuditEvent.objects.count() == events + 1  # the import's own event only


def test_a_vni_row_is_detected_and_pure_ascii_is_not(p):
    rows = [official_row(0, p), official_row(1, p), official_row(2, p)]
    rows[0][0] = "Nguyeãn Vaên Tuaán"  # VNI
    rows[1][0] = "John Smith"
    rows[2][2] = "Chuyeân vieân"  # VNI in another column

    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(xlsx(rows)))

    assert preview.messages == [
        "Dòng 2: văn bản gõ theo bảng mã VNI, hãy chuyển sang Unicode "
        "(cột Họ và tên: “Nguyeãn Vaên Tuaán” có lẽ là “Nguyễn Văn Tuấn”)",
        "Dòng 4: văn bản gõ theo bảng mã VNI, hãy chuyển sang Unicode "
        "(cột Chức vụ: “Chuyeân vieân” có lẽ là “Chuyên viên”)",
    ]
    assert [r.status for r in preview.rows] == ["error", "valid", "error"]


def test_row_errors_each_named(p):
    rows = [official_row(k, p) for k in range(5)]
    rows[4][2] = "Chuyên viên " * 30
    rows[0][0] = ""
    rows[0][3] = ""
    rows[1][1] = "một chín bảy"
    rows[2][4] = "có lẽ"
    rows[3][4] = "không"  # not a party member, but a party organisation given

    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(xlsx(rows)))

    assert preview.messages == [
        "Dòng 2: thiếu Họ và tên, Nơi công tác",
        "Dòng 3: Năm sinh “một chín bảy” không phải một năm",
        "Dòng 4: Đảng viên “có lẽ” phải là “có” hoặc “không”",
        "Dòng 5: chỉ đảng viên mới có tổ chức đảng (cột Đảng viên ghi “có”)",
        "Dòng 6: Chức vụ dài quá 255 ký tự",
    ]


@pytest.mark.parametrize(
    ("file_name", "content", "code", "message"),
    [
        (
            "can-bo.csv",
            b"Ho va ten;Nam sinh\n",
            "file_type",
            "Tệp “can-bo.csv” không phải bảng tính .xlsx; hãy lưu danh sách dưới dạng Excel (.xlsx) theo tệp mẫu.",
        ),
        (
            "can-bo.xlsx",
            b"%PDF-1.4 not a workbook",
            "file_content",
            "Nội dung tệp “can-bo.xlsx” không khớp với phần mở rộng .xlsx.",
        ),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_clearly(p, file_name, content, code, message):
    with pytest.raises(DomainError) as caught:
        importing.preview(p.btc_cv, importing.OFFICIALS, upload(content, file_name))
    assert (caught.value.code, caught.value.message, caught.value.field) == (code, message, "file")


def test_a_workbook_without_the_columns_is_refused(p):
    content = xlsx([["Nguyễn Văn An", 1970]], header=["Họ và tên", "Năm sinh"])
    with pytest.raises(DomainError) as caught:
        importing.preview(p.btc_cv, importing.OFFICIALS, upload(content))
    assert caught.value.message == "Dòng 1 (tiêu đề) thiếu cột “Chức vụ”; hãy dùng tệp mẫu."


@pytest.mark.parametrize(
    "who", ["xa1_cv", "xa1_leader", "btc_clerk", "farmers_leader", "front_cv", "ban_leader"]
)
def test_who_may_not_import_officials(p, who):
    with pytest.raises(DomainError) as caught:
        importing.preview(getattr(p, who), importing.OFFICIALS, upload(xlsx([official_row(0, p)])))
    assert (caught.value.status, caught.value.message) == (403, "Bạn không có quyền nhập danh sách này.")


def test_an_org_admin_imports_the_officials_of_their_own_body_only(p):
    rows = [official_row(0, p), official_row(1, p)]  # xã Một, xã Hai

    preview = importing.preview(p.xa1_admin, importing.OFFICIALS, upload(xlsx(rows)))

    assert preview.messages == [f"Dòng 3: bạn không được nhập cán bộ của “{p.xa2.name}”"]
    assert importing.confirm(p.xa1_admin, preview.token).created == 1


def test_a_user_cannot_confirm_another_users_preview(p):
    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(xlsx([official_row(0, p)])))

    with pytest.raises(DomainError) as caught:
        importing.confirm(p.btc_leader, preview.token)

    assert caught.value.status == 404
    assert Official.objects.count() == 0
    assert importing.confirm(p.btc_cv, preview.token).created == 1
    with pytest.raises(DomainError):  # a preview is confirmed once
        importing.confirm(p.btc_cv, preview.token)
    assert Official.objects.count() == 1


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "0" * 32])
def test_a_bad_token_is_not_found(p, token):
    with pytest.raises(DomainError) as caught:
        importing.confirm(p.btc_cv, token)
    assert caught.value.status == 404


def _confirm_queries(p, n: int) -> int:
    rows = [official_row(k, p) for k in range(n)]
    preview = importing.preview(p.btc_cv, importing.OFFICIALS, upload(xlsx(rows)))
    Official.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        assert importing.confirm(p.btc_cv, preview.token).created == n
    Official.objects.all().delete()
    return len(queries)


def test_the_confirmation_costs_the_same_for_1_3_and_50_rows(p):
    """The bodies, the registered lookup, two inserts, the audit chain's head and insert, the import's event:
    constant, except that an INSERT holds at most as many rows as the database takes parameters (SQLite: 999
    parameters, about 80 officials or 160 positions or 100 audit events per statement)."""
    counts = {n: _confirm_queries(p, n) for n in (1, 3, 50, 300)}
    assert counts[1] == counts[3] == counts[50]
    if connection.vendor == "sqlite":
        assert counts[1] == 10
        assert counts[300] == 10 + 3 + 1 + 3  # officials in 4 INSERTs, positions in 2, audit events in 4
    else:
        assert counts[300] == counts[1]


def test_names_are_distinct_in_the_generator():
    assert len({name(k) for k in range(500)}) == 500
