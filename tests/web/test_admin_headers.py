"""The admin speaks Vietnamese (issue 11 part 8): every section header and model name, ours and the third-party
apps' (renamed in web/apps.py), exactly as listed here."""

from __future__ import annotations

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_section_and_model_is_named_in_vietnamese(client):
    client.force_login(UserFactory(username="sieuquantri", is_superuser=True, is_staff=True))
    html = client.get("/admin/").content.decode()
    headers = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    models = re.findall(r'<th scope="row" id="([a-z_-]+)">\s*<a href="[^"]+">([^<]+)</a>', html)
    assert headers == [
        "Cán bộ, đảng viên",
        "Cơ quan, tổ chức",
        "Danh tính được bảo vệ",
        "Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh",
        "Khóa đăng nhập sai nhiều lần",
        "Khóa truy cập API",
        "Lịch ngày làm việc",
        "Người dùng và vai trò",
        "Nhật ký kiểm tra",
        "Quy chế phối hợp",
        "Thông báo",
        "Thông tin về cán bộ",
        "Tiếp công dân",
        "Vụ án, vụ việc",
        "Xác thực hai lớp: mã dự phòng",
        "Xác thực hai lớp: ứng dụng tạo mã",
        "Xác thực và ủy quyền",
    ]
    # sections and the models in each in Vietnamese alphabetical order (Đ after D), not in code-point order
    assert [name for _, name in models][:9] == [
        "Cán bộ được phân công giám sát",
        "Cán bộ, đảng viên",
        "Tổ chức",
        "Danh tính được bảo vệ",
        "Người quản lý danh tính",
        "Yêu cầu bảo vệ",
        "Đơn thư",
        "Vụ việc chung",
        "Các lần đăng nhập sai",
    ]
    assert dict(models) == {
        "officials-supervisionassignment": "Cán bộ được phân công giám sát",
        "officials-official": "Cán bộ, đảng viên",
        "organizations-organization": "Tổ chức",
        "identities-identity": "Danh tính được bảo vệ",
        "identities-custodian": "Người quản lý danh tính",
        "identities-protectionrequest": "Yêu cầu bảo vệ",
        "petitions-petition": "Đơn thư",
        "petitions-matter": "Vụ việc chung",
        "authtoken-tokenproxy": "Khóa truy cập API",
        "axes-accessattempt": "Các lần đăng nhập sai",
        "axes-accessfailurelog": "Nhật ký đăng nhập sai",
        "axes-accesslog": "Nhật ký đăng nhập",
        "workdays-calendaroverride": "Điều chỉnh lịch",
        "accounts-user": "Người dùng",
        "audit-auditevent": "Nhật ký",
        "regulations-regulation": "Quy chế",
        "notifications-outboundemail": "Hộp thư đi",
        "information-informationcopy": "Nơi nhận thông tin",
        "information-officialinformation": "Thông tin về cán bộ",
        "reception-receptionsession": "Buổi tiếp dân",
        "reception-plannedday": "Lịch tiếp dân",
        "reception-followup": "Việc sau buổi tiếp dân",
        "cases-case": "Vụ án, vụ việc",
        "cases-progressrequest": "Yêu cầu báo cáo tiến độ",
        "otp_static-staticdevice": "Bộ mã dự phòng",
        "otp_totp-totpdevice": "Ứng dụng tạo mã",
        "auth-group": "Các nhóm",
    }
