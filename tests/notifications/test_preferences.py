"""E-mail per person (issue 11, point 3): "Gửi ngay" queues an e-mail with each notification, "Tổng hợp hằng ngày"
leaves it for the working day's digest, "Không gửi" queues none; the in-app notification is written in every
case. The user changes it on "Cài đặt thông báo" and in the API."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.accounts.models import EmailNotifications, User
from phoihop.notifications.domain import notify, set_email_notifications
from phoihop.notifications.models import Notification, OutboundEmail

from .conftest import person

pytestmark = pytest.mark.django_db

IMMEDIATE, DIGEST, OFF = EmailNotifications.IMMEDIATE, EmailNotifications.DIGEST, EmailNotifications.OFF
API = "/api/v1/notifications/settings/"


def test_a_new_user_gets_each_notification_at_once():
    assert User().email_notifications == IMMEDIATE
    assert [str(label) for _, label in EmailNotifications.choices] == [
        "Gửi ngay",
        "Tổng hợp hằng ngày (ngày làm việc)",
        "Không gửi",
    ]


def test_each_preference_queues_what_it_says(org):
    now, later, never = (person(n, org, prefers=p) for n, p in (("a", IMMEDIATE), ("b", DIGEST), ("c", OFF)))
    assert notify([now, later, never], kind="k", title="Có việc", url="/x/", dedupe_key="e1") == 3
    assert list(OutboundEmail.objects.values_list("to", "subject", "body", "dedupe_key")) == [
        ("a@phoihop.local", "Có việc", "/x/", f"e1:{now.pk}")
    ]
    rows = Notification.objects.order_by("user__username").values_list("user__username", "digest_due")
    assert list(rows) == [("a", False), ("b", True), ("c", False)]


def test_a_digest_user_without_an_address_waits_for_nothing(org):
    user = person("khong.thu", org, email="", prefers=DIGEST)
    notify([user], kind="k", title="Có việc", dedupe_key="e1")
    assert list(Notification.objects.values_list("digest_due", flat=True)) == [False]
    assert OutboundEmail.objects.count() == 0


def test_a_notice_without_email_is_never_digested(org):
    user = person("b", org, prefers=DIGEST)
    notify([user], kind="k", title="Chỉ trong hệ thống", dedupe_key="e1", email=False)
    assert list(Notification.objects.values_list("digest_due", flat=True)) == [False]


def test_users_loaded_without_the_preference_cost_one_query_not_one_each(org):
    for i, prefers in enumerate([IMMEDIATE, DIGEST, OFF, IMMEDIATE]):
        person(f"u{i}", org, prefers=prefers)
    users = list(User.objects.only("id", "email").order_by("username"))
    with CaptureQueriesContext(connection) as ctx:
        notify(users, kind="k", title="T", dedupe_key="e1")
    # who was notified, the preferences (one query), the notifications, the e-mails, with their savepoint
    assert len([q for q in ctx.captured_queries if "accounts_user" in q["sql"]]) == 1
    assert sorted(OutboundEmail.objects.values_list("to", flat=True)) == [
        "u0@phoihop.local",
        "u3@phoihop.local",
    ]


def test_leaving_the_digest_drops_what_waited_for_it(org):
    user = person("b", org, prefers=DIGEST)
    notify([user], kind="k", title="T", dedupe_key="e1")
    assert set_email_notifications(user, OFF) is True
    assert list(Notification.objects.values_list("digest_due", flat=True)) == [False]
    user.refresh_from_db()
    assert user.email_notifications == OFF
    assert set_email_notifications(user, OFF) is False


# --- the page -----------------------------------------------------------------------------------------


def test_the_settings_page_changes_the_preference(client, reader):
    client.force_login(reader)
    response = client.get(reverse("notification-settings"))
    html = response.content.decode()
    assert "Cài đặt thông báo" in html
    assert "Thư thông báo được gửi tới nguoi.doc@phoihop.local." in html
    assert re.findall(r'value="(\w+)"[^>]*checked', html) == ["immediate"]
    response = client.post(reverse("notification-settings"), {"email_notifications": DIGEST})
    assert (response.status_code, response["Location"]) == (302, reverse("notification-settings"))
    reader.refresh_from_db()
    assert reader.email_notifications == DIGEST
    assert "Đã lưu cài đặt thông báo." in client.get(reverse("notification-settings")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Hãy chọn một cách nhận thư thông báo."),
        ({"email_notifications": "weekly"}, "Hãy chọn một cách nhận thư thông báo trong danh sách."),
    ],
)
def test_bad_input_on_the_page_gets_a_vietnamese_message(client, reader, data, message):
    client.force_login(reader)
    response = client.post(reverse("notification-settings"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    reader.refresh_from_db()
    assert reader.email_notifications == IMMEDIATE


def test_the_settings_page_says_when_there_is_no_address(client, org):
    user = person("khong.thu", org, email="")
    client.force_login(user)
    html = client.get(reverse("notification-settings")).content.decode()
    assert "Tài khoản của anh/chị chưa có địa chỉ thư điện tử" in html


# --- the API -----------------------------------------------------------------------------------------


def test_the_api_reads_and_changes_the_preference(client, reader, other):
    client.force_login(reader)
    assert client.get(API).json() == {"email_notifications": "immediate", "email": "nguoi.doc@phoihop.local"}
    response = client.patch(API, {"email_notifications": "off"}, content_type="application/json")
    assert (response.status_code, response.json()["email_notifications"]) == (200, "off")
    reader.refresh_from_db()
    other.refresh_from_db()
    assert (reader.email_notifications, other.email_notifications) == (OFF, IMMEDIATE)


def test_bad_input_in_the_api_is_a_400_with_the_field(client, reader):
    client.force_login(reader)
    response = client.patch(API, {"email_notifications": "weekly"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"]
    assert body["detail"]
    assert body["fields"] == {
        "email_notifications": ["Hãy chọn một cách nhận thư thông báo trong danh sách."]
    }
    reader.refresh_from_db()
    assert reader.email_notifications == IMMEDIATE


def test_demo_users_have_an_address_on_a_local_domain():
    from phoihop.demo.loader import account_specs

    specs = account_specs()
    assert specs
    assert [s.email for s in specs] == [f"{s.username}@phoihop.local" for s in specs]
