"""Issue 11 in a real browser: an outsider who opens a request of other bodies (a forwarded link) gets the
Vietnamese 404 page inside the site's layout — the menu still there, nothing of the request shown."""

from __future__ import annotations

import pytest

from tests.consultations.conftest import Bodies, make_regulation
from tests.consultations.test_pages import sent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_outsider_gets_the_vietnamese_404_page_in_the_layout(page, live_server, login):
    bodies = Bodies()
    req = sent(bodies, make_regulation(), subject="Về nhân sự đang xác minh")
    login(bodies.outsider_user.username, PASSWORD)
    response = page.goto(f"{live_server.url}/phoi-hop/{req.pk}/")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert "không thuộc phạm vi tài khoản của bạn được xem" in page.locator("main").inner_text()
    assert page.locator("nav.mainnav a", has_text="Việc cần làm").count() == 1  # inside the layout
    assert "Về nhân sự đang xác minh" not in page.content()
    assert "Traceback" not in page.content()
