"""Issue 12 point 5 in a real browser: the Ban Nội chính opens a case of xã Một and asks it for progress; xã Một
finds the request in its work queue ("Việc cần làm") and answers; the Ban's leader closes the case (asked to
confirm first)."""

from __future__ import annotations

import pytest

from phoihop.cases.models import Case
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_the_ban_asks_progress_and_xa_mot_answers(page, live_server, login, dialogs):
    p = Personas()
    login(p.ban_cv.username, PASSWORD)
    page.click("nav a:has-text('Vụ án, vụ việc')")
    page.click("#case-open")
    page.fill("#id_title", "Vụ sai phạm đất đai xã An Một")
    page.select_option("#id_category", "corruption")
    page.select_option("#id_level", "internal_affairs")
    page.select_option("#id_locality", str(p.xa1.pk))
    page.click("#case-open-form button[type=submit]")
    case = Case.objects.get()
    page.wait_for_url(f"{live_server.url}/vu-viec/{case.pk}/")
    assert page.inner_text("#case-stage") == "Tiếp nhận"
    page.select_option("#id_stage", "verification")
    page.click("#case-move-form button[type=submit]")
    page.wait_for_selector("#case-stage:has-text('Xác minh')")
    page.fill("#id_question", "Đề nghị báo cáo kết quả xác minh")
    page.click("#case-progress-form button[type=submit]")
    page.wait_for_selector("#case-progress")
    logout(page, live_server)

    login(p.xa1_cv.username, PASSWORD)
    item = page.locator("tr.work-item", has_text="Vụ sai phạm đất đai xã An Một")
    assert item.count() == 1
    item.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/vu-viec/{case.pk}/")
    page.fill(".case-answer-form textarea", "Đã xác minh, chuyển Công an")
    page.click(".case-answer-form button[type=submit]")
    page.wait_for_selector("#case-progress:has-text('Đã xác minh, chuyển Công an')")
    logout(page, live_server)

    login(p.ban_leader.username, PASSWORD)
    page.goto(f"{live_server.url}/vu-viec/{case.pk}/")
    page.click("#case-close-form button[type=submit]")
    page.wait_for_selector("#case-stage:has-text('Kết thúc')")
    assert dialogs == ["Kết thúc vụ án, vụ việc này? Sau khi kết thúc không thay đổi được nữa."]
    case.refresh_from_db()
    assert case.closed
