"""Issue 12, point 1 in a real browser: a specialist of the Ban Tổ chức uploads a workbook of officials, sees the
preview with the row in TCVN3 named, confirms (the page asks first), and the valid rows are registered."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.officials_import.workbooks import xlsx

pytestmark = pytest.mark.django_db(transaction=True)
K = OrganizationKind


def test_upload_preview_confirm(page, live_server, login, dialogs, tmp_path):
    tu = OrganizationFactory(name="Tỉnh ủy", abbreviation="TU", kind=K.PARTY_COMMITTEE, level=Level.PROVINCE)
    btc = OrganizationFactory(
        name="Ban Tổ chức Tỉnh ủy",
        abbreviation="BTC",
        kind=K.ORGANIZATION_BOARD,
        level=Level.PROVINCE,
        superior=tu,
    )
    xa = OrganizationFactory(code="xa-an-mot", name="Đảng ủy xã An Một", abbreviation="X1", superior=tu)
    user = UserFactory(organization=btc, role=Role.SPECIALIST)
    rows = [
        ["Nguyễn Văn An", 1970, "Chuyên viên", "xa-an-mot", "có", "", "", "", "01/07/2025"],
        ["NguyÔn V¨n B×nh", 1971, "Chuyên viên", "Đảng ủy xã An Một", "", "", "", "", ""],
        ["Trần Thị Cúc", 1972, "Phó Chủ tịch", "dang uy xa an mot", "không", "", "", "", ""],
    ]
    workbook = tmp_path / "can-bo.xlsx"
    workbook.write_bytes(xlsx(rows))

    login(user.username, PASSWORD)
    page.goto(f"{live_server.url}/can-bo/nhap/")
    page.set_input_files("#id_file", str(workbook))
    page.click("#import-form button[type=submit]")

    page.wait_for_selector("#import-messages")
    assert page.inner_text("#import-messages li") == (
        "Dòng 3: văn bản gõ theo bảng mã TCVN3 (ABC), hãy chuyển sang Unicode "
        "(cột Họ và tên: “NguyÔn V¨n B×nh” có lẽ là “Nguyễn Văn Bình”)"
    )
    assert Official.objects.count() == 0

    page.click("#import-confirm button[type=submit]")
    page.wait_for_selector(".messages")
    assert dialogs == ["Ghi các dòng hợp lệ vào danh sách?"]
    assert "Đã nhập 2 cán bộ" in page.inner_text(".messages")
    assert sorted(Official.objects.values_list("full_name", flat=True)) == ["Nguyễn Văn An", "Trần Thị Cúc"]
    assert set(Official.objects.values_list("workplace", flat=True)) == {xa.pk}
