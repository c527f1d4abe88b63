from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_open_a_regulation_page_and_see_its_rules(page, live_server, login):
    call_command("load_regulations", stdout=StringIO())
    user = UserFactory()
    login(user.username, PASSWORD)
    page.click("nav.mainnav a:has-text('Quy chế phối hợp')")
    page.wait_for_url(f"{live_server.url}/quy-che/")
    assert page.locator("body").inner_text().count("Ban Nội chính Tỉnh ủy") >= 1
    page.goto(f"{live_server.url}/quy-che/003/")
    body = page.locator("main").inner_text()
    assert (
        "Trả lời trong 05 ngày làm việc kể từ ngày nhận (hoặc thời hạn nêu trong văn bản đề nghị); "
        "quá hạn coi như đồng ý, cùng chịu trách nhiệm — Điều 5 khoản 1 điểm c"
    ) in body
    assert "01 ngày làm việc" in body  # the extension notice lead time
    page.goto(f"{live_server.url}/quy-che/004/")
    assert "07 ngày làm việc" in page.locator("main").inner_text()
