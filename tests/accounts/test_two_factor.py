"""TOTP two-factor authentication (django-otp) for leaders, organisation admins, system administrators,
superusers and staff: enrolment with a QR code, the code step after the password, recovery codes.

These tests log in without the TOTP step (no_auto_otp): they are about that step."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from phoihop.accounts.enums import Role
from phoihop.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.otp import code_for, confirmed_app

pytestmark = [pytest.mark.django_db, pytest.mark.no_auto_otp]

SETUP = reverse("two-factor-setup")
VERIFY = reverse("two-factor-verify")
RECOVERY = reverse("two-factor-recovery")
HOME = reverse("home")


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.mark.parametrize(
    ("attrs", "must"),
    [
        ({"role": Role.LEADER}, True),
        ({"role": Role.ORG_ADMIN}, True),
        ({"role": Role.SYSTEM_ADMIN}, True),
        ({"role": Role.SPECIALIST, "is_superuser": True}, True),
        ({"role": Role.SPECIALIST, "is_staff": True}, True),
        ({"role": Role.SPECIALIST}, False),
        ({"role": Role.CLERK}, False),
    ],
)
def test_who_must_use_two_factor(client, attrs, must):
    client.force_login(UserFactory(**attrs))
    response = client.get("/quy-che/")
    if must:
        assert response.status_code == 302
        assert response["Location"] == f"{SETUP}?next=%2Fquy-che%2F"
    else:
        assert response.status_code == 200


def test_password_login_of_a_leader_leads_to_enrolment(client):
    leader = UserFactory(role=Role.LEADER)
    response = client.post(reverse("login"), {"username": leader.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [(HOME, 302), (f"{SETUP}?next=%2F", 302)]
    assert "Thiết lập xác thực hai lớp" in response.content.decode()


def test_enrolment_shows_a_qr_code_and_the_secret_then_recovery_codes(client):
    leader = UserFactory(role=Role.LEADER, username="lanhdao.xa")
    client.force_login(leader)
    response = client.get(f"{SETUP}?next=/quy-che/")
    assert response.status_code == 200
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=leader)
    assert device.confirmed is False
    secret = b32encode(device.bin_key).decode().rstrip("=")
    shown = re.search(r'<p class="secret" id="totp-secret">([A-Z2-7 ]+)</p>', html)
    assert shown is not None
    assert shown.group(1).replace(" ", "") == secret
    assert re.search(r'<div class="qr" id="qr-code"[^>]*><svg [^>]*viewBox=', html)
    assert "<script" not in html.split("</head>")[1]  # nothing inline in the body (the CSP forbids it)
    assert device.config_url.startswith("otpauth://totp/Ph%E1%BB%91iH%E1%BB%A3p%3Alanhdao.xa?secret=")
    assert f"secret={secret}" in device.config_url
    # reloading keeps the same secret until it is confirmed
    client.get(SETUP)
    assert list(TOTPDevice.objects.filter(user=leader).values_list("key", flat=True)) == [device.key]

    code = code_for(device)
    response = client.post(SETUP, {"code": _wrong(code), "next": "/quy-che/"})
    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn." in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    device.throttle_reset()  # django-otp slows down a device after a wrong code

    response = client.post(SETUP, {"code": code, "next": "/quy-che/"})
    assert response.status_code == 200
    html = response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert 'href="/quy-che/"' in html
    device.refresh_from_db()
    assert device.confirmed is True
    recovery = StaticDevice.objects.get(user=leader)
    stored = StaticToken.objects.filter(device=recovery).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/quy-che/").status_code == 200
    event = AuditEvent.objects.get(target_type="accounts.user", target_id=str(leader.pk))
    assert (event.actor, event.summary, event.data) == (
        leader,
        "Bật xác thực hai lớp cho lanhdao.xa",
        {"two_factor": "enabled"},
    )


def test_enrolled_leader_enters_a_code_after_the_password(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    response = client.post(reverse("login"), {"username": leader.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain == [(HOME, 302), (f"{VERIFY}?next=%2F", 302)]
    html = response.content.decode()
    assert "Nhập mã 6 chữ số đang hiện trong ứng dụng xác thực" in html
    assert 'autocomplete="one-time-code"' in html

    assert client.get("/bao-cao/")["Location"] == f"{VERIFY}?next=%2Fbao-cao%2F"
    code = code_for(device)
    response = client.post(VERIFY, {"code": _wrong(code), "next": "/bao-cao/"})
    assert response.status_code == 200
    assert "Mã không đúng, đã dùng hoặc đã hết hạn." in response.content.decode()
    device.throttle_reset()

    response = client.post(VERIFY, {"code": code, "next": "/bao-cao/"})
    assert response.status_code == 302
    assert response["Location"] == "/bao-cao/"
    assert client.get("/bao-cao/").status_code == 200
    # the setup page does not let an unverified session replace the app
    other = client.__class__()
    other.force_login(leader)
    assert other.get(SETUP)["Location"] == f"{VERIFY}?next=%2F"


def test_a_code_cannot_be_used_twice(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    code = code_for(device)
    client.force_login(leader)
    assert client.post(VERIFY, {"code": code})["Location"] == HOME
    second = client.__class__()
    second.force_login(leader)
    assert second.post(VERIFY, {"code": code}).status_code == 200
    assert second.get(HOME).status_code == 302


def test_a_recovery_code_works_once(client):
    leader = UserFactory(role=Role.LEADER)
    confirmed_app(leader)
    client.force_login(leader)
    from phoihop.accounts.domain import two_factor

    codes = two_factor.new_recovery_codes(leader)
    response = client.post(VERIFY, {"code": codes[3].upper()[:4] + "-" + codes[3][4:], "next": "/bao-cao/"})
    assert response.status_code == 302
    assert response["Location"] == "/bao-cao/"
    page = client.get("/bao-cao/").content.decode()
    assert "Bạn vừa dùng một mã dự phòng; còn 9 mã." in page
    again = client.__class__()
    again.force_login(leader)
    assert again.post(VERIFY, {"code": codes[3]}).status_code == 200
    assert again.get(HOME).status_code == 302
    assert two_factor.recovery_codes_left(leader) == 9


def test_new_recovery_codes_replace_the_old_ones(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    client.force_login(leader)
    client.post(VERIFY, {"code": code_for(device)})
    from phoihop.accounts.domain import two_factor

    old = two_factor.new_recovery_codes(leader)
    assert "Bạn còn 10 mã dự phòng chưa dùng." in client.get(RECOVERY).content.decode()
    html = client.post(RECOVERY).content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", html)
    assert len(new) == 10
    assert not set(new) & set(old)
    stored = StaticToken.objects.filter(device__user=leader).values_list("token", flat=True)
    assert sorted(stored) == sorted(new)


def test_a_verified_leader_can_move_to_a_new_phone(client):
    leader = UserFactory(role=Role.LEADER)
    old = confirmed_app(leader)
    client.force_login(leader)
    client.post(VERIFY, {"code": code_for(old)})
    assert client.get(SETUP).status_code == 200
    new = TOTPDevice.objects.get(user=leader, confirmed=False)
    response = client.post(SETUP, {"code": code_for(new)})
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=leader).values_list("pk", "confirmed")) == [(new.pk, True)]
    assert client.get(HOME).status_code == 200


def test_next_must_stay_on_the_site(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    client.force_login(leader)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == HOME


def test_logout_is_open_before_the_code(client):
    leader = UserFactory(role=Role.LEADER)
    confirmed_app(leader)
    client.force_login(leader)
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(HOME)["Location"] == f"{reverse('login')}?next=/"


def test_admin_site_needs_the_code(client):
    admin = UserFactory(is_staff=True, is_superuser=True, role=Role.SYSTEM_ADMIN)
    confirmed_app(admin)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_specialist_has_no_enrolment(client):
    client.force_login(UserFactory(role=Role.SPECIALIST))
    assert client.get(SETUP)["Location"] == HOME
    assert client.get(RECOVERY)["Location"] == HOME
    assert not TOTPDevice.objects.exists()


def test_htmx_request_is_told_to_go_to_the_code_page(client):
    leader = UserFactory(role=Role.LEADER)
    confirmed_app(leader)
    client.force_login(leader)
    response = client.get("/quy-che/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{VERIFY}?next=%2Fquy-che%2F"


def test_api_session_of_an_unverified_leader_gets_a_machine_readable_403(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    client.force_login(leader)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "otp_required"
    assert body["detail"].startswith("Tài khoản này phải xác thực hai lớp")
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get("/api/v1/me/").json()["username"] == leader.username


def test_api_token_of_a_leader_works_without_a_code(client):
    """Tokens are issued by a system administrator in the admin site (no endpoint trades a password for one):
    the code step guards the password, not the token."""
    leader = UserFactory(role=Role.LEADER)
    token = Token.objects.create(user=leader)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert response.json()["username"] == leader.username


def test_a_bad_token_is_not_a_way_around_the_code(client):
    leader = UserFactory(role=Role.LEADER)
    confirmed_app(leader)
    client.force_login(leader)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token khong-hop-le")
    assert response.status_code == 401
    assert response.json()["error"] == "authentication_failed"


def test_deleting_the_app_ends_the_verified_state(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    client.force_login(leader)
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(HOME).status_code == 200
    device.delete()  # e.g. a system administrator resets a lost phone in the admin site
    assert client.get(HOME)["Location"] == f"{SETUP}?next=%2F"


def test_the_menu_links_to_the_two_factor_page_only_for_those_who_use_it(client):
    leader = UserFactory(role=Role.LEADER)
    device = confirmed_app(leader)
    client.force_login(leader)
    client.post(VERIFY, {"code": code_for(device)})
    assert f'<a href="{RECOVERY}">Xác thực hai lớp</a>' in client.get(HOME).content.decode()
    specialist = client.__class__()
    specialist.force_login(UserFactory(role=Role.SPECIALIST))
    assert RECOVERY not in specialist.get(HOME).content.decode()
