"""Issue 9, point 9: the interface is Vietnamese only.

No gettext catalogue translates the pages, messages or e-mails into another language, so none is offered:
no language switch on the pages, no set_language URL, and a browser asking for English still gets Vietnamese.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def test_vietnamese_is_the_only_language():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi"]
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE


def test_there_is_no_language_switch_url(client):
    with pytest.raises(NoReverseMatch):
        reverse("set_language")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 404


def test_a_browser_asking_for_english_gets_the_vietnamese_login_page(client):
    html = client.get(reverse("login"), **ENGLISH).content.decode()

    assert "<title>Đăng nhập — PhốiHợp</title>" in html
    assert '<html lang="vi">' in html
    assert 'name="language"' not in html
    assert "/i18n/" not in html


def test_a_wrong_password_is_refused_in_vietnamese_for_an_english_browser(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "sai"}, **ENGLISH)

    assert response.status_code == 200
    assert (
        "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        in response.content.decode()
    )


def test_a_signed_in_page_offers_no_language_choice_even_with_an_english_cookie(client_logged_in):
    client_logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client_logged_in.get(reverse("home"), **ENGLISH)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Việc cần làm — PhốiHợp</title>" in html
    assert '<html lang="vi">' in html
    assert 'name="language"' not in html
    assert "<select" not in html
