"""The calendar page /lich-lam-viec/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from phoihop.workdays.domain import set_override
from tests.layout import LAYOUT_QUERIES

from .conftest import OFFICIAL_DAYS_OFF, OFFICIAL_MAKEUP_DAYS, d, dates

pytestmark = pytest.mark.django_db

URL = "/lich-lam-viec/"


def _cells(response, css: str) -> set[dt.date]:
    return {
        cell.day
        for month in response.context["months"]
        for week in month["weeks"]
        for cell in week
        if cell and css in cell.css.split()
    }


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/dang-nhap/?next=/lich-lam-viec/"


def test_2026_grid_and_table(client_logged_in, loaded):
    response = client_logged_in.get(URL, {"year": "2026"})
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert _cells(response, "off") == OFFICIAL_DAYS_OFF[2026] | dates("26/04/2026")  # Giỗ Tổ on a Sunday
    assert _cells(response, "makeup") == OFFICIAL_MAKEUP_DAYS[2026]
    assert len(_cells(response, "weekend")) == 104 - 2 - 1  # Saturdays and Sundays, minus 2 worked and 26/04
    html = response.content.decode()
    assert len(re.findall(r'<div class="month">', html)) == 12
    rows = [(r.day, r.name, r.basis, r.status) for r in response.context["rows"]]
    assert (d("24/11/2026"), "Ngày Văn hóa Việt Nam", "Nghị quyết số 28/2026/QH16", "Chính thức") in rows
    assert (
        d("02/01/2026"),
        "Nghỉ hoán đổi với Thứ Bảy 10/01/2026",
        "Thông báo lịch nghỉ năm 2026 của Bộ Nội vụ",
        "Chính thức",
    ) in rows
    assert [r[0] for r in rows] == sorted(
        OFFICIAL_DAYS_OFF[2026] | OFFICIAL_MAKEUP_DAYS[2026] | dates("26/04/2026")
    )
    assert "Nghị quyết số 28/2026/QH16" in html
    assert "<td>24/11/2026</td>" in html
    assert 'href="?year=2025"' in html
    assert 'href="?year=2027"' in html
    assert "/admin/workdays/calendaroverride/" not in html


def test_default_year_is_the_current_year(client, user):
    # 31/12/2026 20:00 UTC is already 01/01/2027 in Asia/Ho_Chi_Minh
    with time_machine.travel(dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(user)
        response = client.get(URL)
    assert response.context["year"] == 2027


def test_superuser_gets_the_admin_link(admin_client):
    html = admin_client.get(URL, {"year": "2026"}).content.decode()
    assert 'href="/admin/workdays/calendaroverride/?year=2026"' in html


def test_proposed_override_is_shown_but_not_counted(client_logged_in, superuser):
    set_override(
        actor=superuser, day=d("12/03/2026"), kind="day_off", name="Nghỉ dự kiến", legal_basis="Dự thảo tờ trình",
        status="proposed",
    )  # fmt: skip
    response = client_logged_in.get(URL, {"year": "2026"})
    assert d("12/03/2026") not in _cells(response, "off")
    assert _cells(response, "proposed") == {d("12/03/2026")}
    rows = [(r.day, r.name, r.basis, r.status) for r in response.context["rows"]]
    assert (d("12/03/2026"), "Nghỉ dự kiến", "Dự thảo tờ trình", "Dự kiến (chưa tính)") in rows
    assert "Dự kiến (chưa tính)" in response.content.decode()


def test_bad_year(client_logged_in):
    response = client_logged_in.get(URL, {"year": "abc"})
    assert response.status_code == 400
    assert "Năm không hợp lệ: abc. Nhập một năm từ 1900 đến 2200." in response.content.decode()


def test_calculator(client_logged_in, loaded):
    response = client_logged_in.get(URL, {"year": "2025", "tu_ngay": "22/01/2025", "so_ngay": "5"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán)"
        in html
    )
    response = client_logged_in.get(URL, {"tu_ngay": "hôm qua", "so_ngay": "x"})
    assert response.status_code == 400
    assert response.context["calculator"]["errors"] == [
        "Ngày không hợp lệ: 'hôm qua'. Nhập theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2025-01-22.",
        "Số ngày làm việc phải là số nguyên, ví dụ 5 hoặc -5 (nhận được 'x').",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_query_count(client_logged_in, django_assert_num_queries, superuser, count):
    for i in range(count):
        set_override(
            actor=superuser, day=d(f"1{i}/03/2026"), kind="day_off", name=f"Nghỉ {i}", status="official"
        )
    client_logged_in.get(URL, {"year": "2026"})  # warm the per-year holiday cache
    # session, user, the user's organisation (menu), overrides; the layout's counts
    with django_assert_num_queries(4 + LAYOUT_QUERIES):
        response = client_logged_in.get(URL, {"year": "2026"})
    assert response.status_code == 200
    assert len([r for r in response.context["rows"] if r.day.month == 3]) == count
