"""Error pages (issue 11, part 4): 400, 403, 404, a refused form token and 500 are Vietnamese pages inside the
site's layout, never Django's debug or English pages; an outsider opening a request gets the Vietnamese 404; the
500 page needs neither a request context nor the database.

The views below raise each error through the real stack (middleware, handlers): this module is also the URLconf
of its tests (`pytest.mark.urls`), the site's routes plus four that fail on purpose.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.views import defaults
from lxml import html as lxml_html

from phoihop.urls import urlpatterns as site_urlpatterns
from tests.consultations.conftest import bodies, regulation  # noqa: F401 (fixtures)
from tests.consultations.test_pages import sent
from tests.web.test_security import _parse

handler404 = "phoihop.api.exceptions.not_found_handler"  # the site's own (phoihop/urls.py)


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a forged header")


urlpatterns = [
    path("thu-loi/500/", _boom),
    path("thu-loi/403/", _forbidden),
    path("thu-loi/400/", _bad),
    *site_urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def _tree(response: HttpResponse) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(response.content.decode())


def _text(tree: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def _assert_site_page(response: HttpResponse, status: int, heading: str, *, signed_in: bool) -> None:
    """The status, the Vietnamese heading and code, inside the layout (top bar, brand, stylesheet, footer; the
    navigation for a signed-in user), no debug page, no English, no inline script."""
    html = response.content.decode()
    tree = _tree(response)
    assert response.status_code == status
    assert tree.xpath("/html/@lang") == ["vi"]
    assert _text(tree, "//section[@class='error-page']/h1") == [heading]
    assert _text(tree, "//section[@class='error-page']/p[@class='code']") == [f"Mã lỗi: {status}"]
    assert _text(tree, "//header[@class='topbar']/a[@class='brand']") == ["PhốiHợp"]
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["/static/phoihop/app.css"]
    assert len(tree.xpath("//footer[@class='footer']")) == 1
    assert len(tree.xpath("//nav[@id='main-nav']")) == (1 if signed_in else 0)
    for english in ("Page not found", "Forbidden", "Bad Request", "Server Error", "Traceback", "DEBUG"):
        assert english not in html
    assert _parse(html).inline == []


def test_debug_is_off():
    assert settings.DEBUG is False


def test_404_for_an_unknown_address(client):
    response = client.get("/khong-co-trang-nay/")
    _assert_site_page(response, 404, "Không tìm thấy trang", signed_in=False)


def test_404_signed_in_keeps_the_navigation(client, user):
    client.force_login(user)
    response = client.get("/khong-co-trang-nay/")
    _assert_site_page(response, 404, "Không tìm thấy trang", signed_in=True)


def test_an_outsider_opening_a_request_gets_the_vietnamese_404(client, bodies, regulation):  # noqa: F811
    req = sent(bodies, regulation)
    client.force_login(bodies.outsider_user)
    response = client.get(reverse("consult-detail", args=[req.pk]))
    _assert_site_page(response, 404, "Không tìm thấy trang", signed_in=True)
    assert req.subject not in response.content.decode()


def test_an_outsider_opening_an_action_address_gets_the_404_too(client, bodies, regulation):  # noqa: F811
    req = sent(bodies, regulation)
    client.force_login(bodies.outsider_user)
    response = client.get(reverse("consult-withdraw", args=[req.pk]))
    _assert_site_page(response, 404, "Không tìm thấy trang", signed_in=True)


def test_403(client, user):
    client.force_login(user)
    response = client.get("/thu-loi/403/")
    _assert_site_page(response, 403, "Không được phép", signed_in=True)


def test_400(client, user):
    client.force_login(user)
    response = client.get("/thu-loi/400/")
    _assert_site_page(response, 400, "Yêu cầu không hợp lệ", signed_in=True)


def test_a_refused_form_token_is_the_vietnamese_403_page(user, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    _assert_site_page(response, 403, "Phiên làm việc đã hết hạn", signed_in=False)


def test_a_view_that_fails_gives_the_500_page(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    response = client.get("/thu-loi/500/")
    tree = _tree(response)
    assert response.status_code == 500
    assert tree.xpath("/html/@lang") == ["vi"]
    assert _text(tree, "//section[@class='error-page']/h1") == ["Lỗi máy chủ"]
    assert _text(tree, "//section[@class='error-page']/p[@class='code']") == ["Mã lỗi: 500"]
    assert _text(tree, "//header[@class='topbar']/a[@class='brand']") == ["PhốiHợp"]
    assert tree.xpath("//link[@rel='stylesheet']/@href") == ["/static/phoihop/app.css"]
    html = response.content.decode()
    assert [word for word in ("a bug", "Traceback", "RuntimeError") if word in html] == []


def test_the_500_page_renders_without_a_request_context_or_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = defaults.server_error(HttpRequest())
    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()


def test_the_api_keeps_its_json_404(client, user):
    client.force_login(user)
    response = client.get("/api/v1/khong-co/")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
