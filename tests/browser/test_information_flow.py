"""Issue 12 in a real browser: a commune sends information about an official with signs of violation (003 Điều 3
khoản 7: to the Ban Nội chính and the official's managing body); the managing body finds it in its work queue
("Việc cần làm") and reports the handling result; the sender sees it on the official's timeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.information.models import InformationCopy, OfficialInformation
from tests.factories import PASSWORD
from tests.information.conftest import load_regulations, make_official
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_a_commune_informs_the_managing_body_which_reports_the_result(page, live_server, login, dialogs):
    p = Personas()
    load_regulations()
    official = make_official("Đặng Văn Thông", managing_body=p.btv, workplace=p.xa1)
    today = timezone.localdate()

    # xã Một's specialist records the information and sends it
    login(p.xa1_cv.username, PASSWORD)
    page.click("nav a:has-text('Thông tin về cán bộ')")
    page.click("a:has-text('Ghi thông tin mới')")
    page.select_option("#id_official", str(official.pk))
    page.select_option("#id_kind", "signs_of_violation")
    page.fill("#id_content", "Có dấu hiệu vi phạm trong quản lý đất đai")
    page.fill("#id_basis", "Kết luận kiểm tra số 03-KL/DU")
    page.check("#id_verified")
    page.fill("#id_conclusion_number", "03-KL/DU")
    page.fill("#id_conclusion_date", (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.fill("#id_result_due_on", (today + dt.timedelta(days=40)).strftime("%d/%m/%Y"))
    page.click("button:has-text('Ghi dự thảo')")
    info = OfficialInformation.objects.get()
    page.wait_for_url(f"{live_server.url}/thong-tin-can-bo/{info.pk}/")
    assert sorted(page.locator("#route-preview li").all_inner_texts()) == [
        "Ban Nội chính Tỉnh ủy",
        "Ban Thường vụ Tỉnh ủy",
    ]
    page.click("button:has-text('Gửi')")
    page.wait_for_selector("#information-copies")
    assert len(dialogs) == 1
    logout(page, live_server)

    # the managing body's leader finds it in "Việc cần làm" and reports the handling result
    login(p.btv_leader.username, PASSWORD)
    item = page.locator("tr.work-item", has_text="Đặng Văn Thông")
    assert item.count() == 1
    item.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/thong-tin-can-bo/{info.pk}/")
    page.click("a:has-text('Báo cáo kết quả xử lý')")
    page.fill("#id_text", "Đã kiểm điểm, khiển trách")
    page.fill("#id_decision_number", "15-QĐ/TU")
    page.click("button:has-text('Gửi kết quả xử lý')")
    page.wait_for_url(f"{live_server.url}/thong-tin-can-bo/{info.pk}/")
    copy = InformationCopy.objects.get(information=info, recipient=p.btv)
    assert (copy.state, copy.result_number) == ("answered", "15-QĐ/TU")
    page.goto(f"{live_server.url}/")
    assert page.locator("tr.work-item", has_text="Đặng Văn Thông").count() == 0
    logout(page, live_server)

    # the sender reads what came back on the official's timeline
    login(p.xa1_cv.username, PASSWORD)
    page.goto(f"{live_server.url}/thong-tin-can-bo/can-bo/{official.pk}/")
    timeline = page.locator("#information-timeline").inner_text()
    assert "Đã kiểm điểm, khiển trách" in timeline
    assert "15-QĐ/TU" in timeline
    assert "Ban Thường vụ Tỉnh ủy" in timeline
