"""Lockout after repeated failed logins (django-axes): 5 failures for one username from one address lock
that pair for 15 minutes; the address is taken the way TRUSTED_PROXY_COUNT says."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.http import HttpRequest
from django.urls import reverse

from phoihop.common.client_ip import client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
LOCKED = "Đăng nhập bằng tên này từ địa chỉ của bạn đã sai mật khẩu 5 lần liên tiếp nên bị tạm khóa."
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng"


def _post(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _fail(client, username, times, **meta):
    return [_post(client, username, "sai-mat-khau", **meta) for _ in range(times)]


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_five_failures_lock_the_username_then_the_right_password_is_refused(client):
    user = UserFactory()
    with time_machine.travel(T, tick=False):
        responses = _fail(client, user.username, 5)
        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
        assert all(WRONG in r.content.decode() for r in responses[:4])
        response = _post(client, user.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "Vui lòng chờ 15 phút rồi thử lại; mỗi lần thử trong lúc bị khóa sẽ tính lại 15 phút" in html
    assert '<html lang="vi">' in html
    assert client.get(reverse("home")).status_code == 302  # not logged in


def test_four_failures_do_not_lock_and_a_success_resets_the_count(client):
    user = UserFactory()
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 4)
        assert _logged_in(_post(client, user.username, PASSWORD))
        client.post(reverse("logout"))
        assert [r.status_code for r in _fail(client, user.username, 4)] == [200] * 4
        assert _logged_in(_post(client, user.username, PASSWORD))


def test_lockout_is_per_username_and_address(client):
    user, other = UserFactory(), UserFactory()
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 5, REMOTE_ADDR="198.51.100.7")
        assert _post(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429
        # the same user from another address, another user from the same address: not locked
        assert _logged_in(_post(client, user.username, PASSWORD, REMOTE_ADDR="198.51.100.8"))
        client.post(reverse("logout"))
        assert _logged_in(_post(client, other.username, PASSWORD, REMOTE_ADDR="198.51.100.7"))


def test_lockout_lasts_fifteen_minutes(client):
    user = UserFactory()
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 5)
    with time_machine.travel(T + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _logged_in(_post(client, user.username, PASSWORD))


def test_an_attempt_during_the_lockout_starts_the_fifteen_minutes_again(client):
    user = UserFactory()
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 5)
    with time_machine.travel(T + dt.timedelta(minutes=15, seconds=-1), tick=False):
        assert _post(client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(T + dt.timedelta(minutes=15, seconds=1), tick=False):
        assert _post(client, user.username, PASSWORD).status_code == 429
    with time_machine.travel(T + dt.timedelta(minutes=30, seconds=2), tick=False):
        assert _logged_in(_post(client, user.username, PASSWORD))


def test_behind_one_proxy_the_address_comes_from_x_forwarded_for(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 5, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
        # the client cannot escape by writing its own X-Forwarded-For: the proxy appends the real address
        spoofed = _post(
            client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.5", **proxy
        )
        assert spoofed.status_code == 429
        # another client behind the same proxy is not locked
        assert _logged_in(_post(client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy))


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    with time_machine.travel(T, tick=False):
        _fail(client, user.username, 5, HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="198.51.100.7")
        response = _post(
            client, user.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7"
        )
        # the pair locked is (username, REMOTE_ADDR): another direct address with the same forwarded one logs in
        elsewhere = _post(
            client.__class__(),
            user.username,
            PASSWORD,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
            REMOTE_ADDR="198.51.100.8",
        )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in
    assert _logged_in(elsewhere)


def test_admin_login_is_locked_too(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    with time_machine.travel(T, tick=False):
        for _ in range(5):
            client.post("/admin/login/", {"username": admin.username, "password": "sai"})
        response = client.post("/admin/login/", {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.parametrize(
    ("count", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "", "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.5", "198.51.100.7"),
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "10.0.0.2", "192.0.2.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "203.0.113.5", "10.0.0.2"),  # fewer addresses than proxies: not through them
        (1, "10.0.0.1", "khong-phai-dia-chi", "10.0.0.1"),
        (1, "10.0.0.1", " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip(settings, count, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(request) == expected
