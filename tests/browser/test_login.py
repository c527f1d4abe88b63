from base64 import b32decode

import pytest
from django_otp.oath import totp

from phoihop.accounts.enums import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_login_shows_vietnamese_home(page, live_server, login):
    user = UserFactory(full_name="Trần Thị Văn Thư")
    login(user.username, PASSWORD)
    assert page.locator("h1").inner_text() == "Việc cần làm"  # the home page is the user's work queue
    assert page.locator("main p.muted").first.inner_text().startswith("Trần Thị Văn Thư")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_wrong_password_shows_vietnamese_error(page, live_server):
    user = UserFactory()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "sai-mat-khau")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator("[role=alert]").inner_text()


def test_leader_enrols_an_authenticator_app_at_first_login(page, live_server, csp_violations):
    leader = UserFactory(role=Role.LEADER, full_name="Lê Văn Lãnh Đạo")
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", leader.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/xac-thuc-hai-lop/thiet-lap/?next=%2F")
    assert page.locator("h1").inner_text() == "Thiết lập xác thực hai lớp"
    assert page.locator("#qr-code svg").is_visible()
    assert page.locator("#qr-code svg").bounding_box()["width"] == 220
    # the person types the secret into their app; the app shows the current code
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_code", f"{totp(key):06d}")
    page.click("button[type=submit].primary")
    assert page.locator("#recovery-codes li").count() == 10
    page.click("#continue")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Việc cần làm"  # the home page is the user's work queue
    assert page.locator("main p.muted").first.inner_text().startswith("Lê Văn Lãnh Đạo")
    page.goto(f"{live_server.url}/xac-thuc-hai-lop/ma-du-phong/")
    assert page.locator("#codes-left").inner_text() == "Bạn còn 10 mã dự phòng chưa dùng."
    page.wait_for_load_state("networkidle")
    assert csp_violations == []  # the QR code (inline SVG) and the pages run under the CSP


def test_leader_with_an_app_enters_the_code(page, live_server, login):
    leader = UserFactory(role=Role.LEADER, full_name="Lê Thị Đã Đăng Ký")
    login(leader.username, PASSWORD)
    assert page.locator("h1").inner_text() == "Việc cần làm"  # the home page is the user's work queue
    assert page.locator("main p.muted").first.inner_text().startswith("Lê Thị Đã Đăng Ký")
