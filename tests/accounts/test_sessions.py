"""Sessions end a working day (9 hours) after the login and after 30 minutes without a request; disabling a
user or changing their role or organisation ends their sessions (and revokes their API tokens)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from rest_framework.authtoken.models import Token

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

T = dt.datetime(2026, 3, 2, 7, 30, tzinfo=dt.UTC)
HOME = reverse("home")
TO_LOGIN = f"{reverse('login')}?next=/"


def _at(delta: dt.timedelta):
    return time_machine.travel(T + delta, tick=False)


def _login(client, user):
    with _at(dt.timedelta(0)):
        client.force_login(user)
    return client


def test_idle_for_thirty_minutes_ends_the_session(client, user):
    _login(client, user)
    with _at(dt.timedelta(minutes=30, seconds=-1)):
        assert client.get(HOME).status_code == 200
    other = _login(client.__class__(), user)
    with _at(dt.timedelta(minutes=30)):
        response = other.get(HOME, follow=True)
    assert response.redirect_chain == [(TO_LOGIN, 302)]
    assert "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại." in response.content.decode()
    assert other.get(HOME)["Location"] == TO_LOGIN  # and it stays ended


def test_each_request_restarts_the_idle_time(client, user):
    _login(client, user)
    almost = dt.timedelta(minutes=30, seconds=-1)
    moment = dt.timedelta(minutes=20)
    for _ in range(3):  # 20:00, then 29:59 after each recorded request
        with _at(moment):
            assert client.get(HOME).status_code == 200, moment
        moment += almost
    with _at(moment - almost + dt.timedelta(minutes=30)):
        assert client.get(HOME)["Location"] == TO_LOGIN


def test_activity_is_recorded_to_the_minute(client, user):
    """A request less than a minute after the recorded activity does not write the session: the idle time
    still counts from the recorded one."""
    _login(client, user)
    with _at(dt.timedelta(seconds=59)):
        assert client.get(HOME).status_code == 200
    with _at(dt.timedelta(minutes=30)):
        assert client.get(HOME)["Location"] == TO_LOGIN


def test_a_working_day_after_the_login_the_session_ends_even_when_active(client, user):
    _login(client, user)
    step = dt.timedelta(minutes=20)
    moment = step
    while moment < dt.timedelta(hours=9):
        with _at(moment):
            assert client.get(HOME).status_code == 200, moment
        moment += step
    with _at(dt.timedelta(hours=9, seconds=-1)):
        assert client.get(HOME).status_code == 200
    with _at(dt.timedelta(hours=9)):
        assert client.get(HOME)["Location"] == TO_LOGIN


def test_the_session_store_itself_expires_the_session_after_the_working_day(client, user):
    _login(client, user)
    session = Session.objects.get()
    assert session.expire_date == T + dt.timedelta(hours=9)
    with _at(dt.timedelta(minutes=20)):  # a later request writes the session, without pushing the date back
        assert client.get(HOME).status_code == 200
    assert Session.objects.get().expire_date == T + dt.timedelta(hours=9)


def test_login_form_starts_the_working_day(client, user):
    with _at(dt.timedelta(0)):
        client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    with _at(dt.timedelta(minutes=29)):
        assert client.get(HOME).status_code == 200
    assert Session.objects.get().expire_date == T + dt.timedelta(hours=9)


def _change_role(u: User) -> None:
    u.role = Role.LEADER
    u.save()


def _change_organization(u: User) -> None:
    u.organization = OrganizationFactory()
    u.save()


def _disable(u: User) -> None:
    u.is_active = False
    u.save()


def _update_role(u: User) -> None:
    User.objects.filter(pk=u.pk).update(role=Role.CLERK)


@pytest.mark.parametrize("change", [_change_role, _change_organization, _disable, _update_role])
def test_disabling_or_changing_role_or_organisation_ends_the_sessions(client, user, change):
    client.force_login(user)
    second = client.__class__()
    second.force_login(user)
    assert client.get(HOME).status_code == 200
    change(User.objects.get(pk=user.pk))
    assert client.get(HOME)["Location"] == TO_LOGIN
    assert second.get("/api/v1/me/").status_code == 401


def test_other_changes_keep_the_sessions(client, user):
    client.force_login(user)
    key = client.session.session_key
    user.full_name = "Tên mới"
    user.email = "moi@example.vn"
    user.save()
    response = client.get(HOME)
    assert response.status_code == 200
    # still the same session, of the same user, who sees the new name
    assert response.wsgi_request.user.pk == user.pk
    assert client.session.session_key == key
    assert Session.objects.filter(session_key=key).exists()
    assert "Tên mới" in response.content.decode()


def test_the_changed_user_can_log_in_again(client, user):
    client.force_login(user)
    _change_organization(user)
    assert client.get(HOME).status_code == 302
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response["Location"] == HOME
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("change", [_change_role, _change_organization, _disable])
def test_disabling_or_changing_role_or_organisation_revokes_api_tokens(client, user, change):
    token = Token.objects.create(user=user)
    kept = Token.objects.create(user=UserFactory(organization=user.organization))
    change(User.objects.get(pk=user.pk))
    assert list(Token.objects.values_list("key", flat=True)) == [kept.key]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401


def test_other_changes_keep_api_tokens(user):
    token = Token.objects.create(user=user)
    user.full_name = "Tên mới"
    user.save()
    user.set_password("Mat-khau-moi-456")
    user.save()
    assert list(Token.objects.values_list("key", flat=True)) == [token.key]


def test_force_login_passes_the_totp_step_for_leaders(client):
    """The suite's force_login (tests/conftest.py) stands for a completed login, two-factor step included."""
    leader = UserFactory(role=Role.LEADER)
    client.force_login(leader)
    assert DEVICE_ID_SESSION_KEY in client.session
    assert client.get(HOME).status_code == 200


@pytest.mark.no_auto_otp
def test_without_the_fixture_force_login_stops_at_the_totp_step(client):
    client.force_login(UserFactory(role=Role.LEADER))
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(HOME).status_code == 302
