import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_redirected_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/"


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html


def test_login_with_wrong_password_shows_vietnamese_error(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_login_then_home_shows_user_and_organisation(client, user, password):
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    html = client.get(reverse("home")).content.decode()
    assert user.full_name in html
    assert user.organization.name in html


def test_logout_is_post_and_ends_session(client_logged_in):
    response = client_logged_in.get(reverse("logout"))  # a link cannot log anyone out: back to the home page
    assert (response.status_code, response["Location"]) == (302, reverse("home"))
    assert client_logged_in.get(reverse("home")).status_code == 200  # still logged in
    key = client_logged_in.session.session_key
    response = client_logged_in.post(reverse("logout"))
    assert (response.status_code, response["Location"]) == (302, reverse("login"))
    assert not Session.objects.filter(session_key=key).exists()
    home = client_logged_in.get(reverse("home"))
    assert (home.status_code, home["Location"]) == (302, f"{reverse('login')}?next=/")


def test_password_change(client, user, password):
    client.force_login(user)
    new = "Mat-khau-moi-456"
    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_static_assets_are_local(client_logged_in):
    html = client_logged_in.get(reverse("home")).content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
