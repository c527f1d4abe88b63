import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_vietnamese_home(page, live_server, login):
    user = UserFactory(full_name="Trần Thị Văn Thư")
    login(user.username, PASSWORD)
    assert page.locator("h1").inner_text() == "Xin chào, Trần Thị Văn Thư"
    assert page.locator("html").get_attribute("lang") == "vi"


def test_wrong_password_shows_vietnamese_error(page, live_server):
    user = UserFactory()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()
