"""The pages and the API of protected identities: the custodian sees the body's identities (handles only) and
their protection requests; everyone else gets 404 on an identity (page and API alike), the lists stay empty for
them; anonymous visitors go to the login page (401 in the API); list query counts do not grow (1 and 3 items)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from phoihop.audit.models import AuditEvent
from phoihop.identities.domain import actions
from phoihop.identities.domain.protect import Person, protect
from phoihop.identities.models import Custodian, ProtectionRequest
from tests.layout import LAYOUT_QUERIES, page_queries

from .conftest import ADDRESS, CONTACT, DENOUNCER, at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        yield


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _identity(p, name: str = DENOUNCER):
    return protect(organization_id=p.ban.pk, person=Person(name, ADDRESS, CONTACT), actor=p.ban_clerk)


def test_anonymous_goes_to_the_login_page(p, client):
    identity = _identity(p)
    for url in (reverse("identity-list"), reverse("identity-detail", args=[identity.pk])):
        r = client.get(url)
        assert (r.status_code, r["Location"].split("?")[0]) == (302, reverse("login"))
    assert client.get(reverse("api-identity-detail", args=[identity.pk])).status_code == 401


def test_the_custodian_sees_handles_never_the_identity_until_reading(p):
    identity = _identity(p)
    c = _client(p.ban_cv)
    page = c.get(reverse("identity-list")).content.decode()
    assert identity.handle in page
    assert DENOUNCER not in page
    detail = c.get(reverse("identity-detail", args=[identity.pk]))
    assert detail.status_code == 200
    assert "no-store" in detail["Cache-Control"]
    assert DENOUNCER not in detail.content.decode()
    assert 'id="identity-read-form"' in detail.content.decode()
    api = c.get(reverse("api-identity-detail", args=[identity.pk])).json()
    assert api == {
        "id": identity.pk,
        "handle": identity.handle,
        "metadata_only": False,
        "created_at": api["created_at"],
        "protection_requests": [],
    }
    assert c.get(reverse("api-identity-list")).json()["results"][0]["handle"] == identity.handle


@pytest.mark.parametrize("who", ["ban_leader", "ban_clerk", "xa1_cv", "outsider"])
def test_everyone_else_gets_404_and_empty_lists(p, who):
    identity = _identity(p)
    protection = actions.open_protection(
        p.ban_cv, identity, requested_on=dt.date(2027, 3, 9), measures_requested="Giữ bí mật nơi ở"
    )
    c = _client(getattr(p, who))
    for name, pk in (
        ("identity-detail", identity.pk),
        ("api-identity-detail", identity.pk),
    ):
        assert c.get(reverse(name, args=[pk])).status_code == 404
    for name, pk in (("identity-read", identity.pk), ("api-identity-read", identity.pk)):
        assert c.post(reverse(name, args=[pk]), {"reason": "Xác minh nội dung đơn"}).status_code == 404
    assert (
        c.post(reverse("identity-protection-end", args=[protection.pk]), {"reason": "X"}).status_code == 404
    )
    assert c.get(reverse("identity-protection-end", args=[protection.pk])).status_code == 404
    page = c.get(reverse("identity-list")).content.decode()
    assert identity.handle not in page
    assert 'id="identity-not-custodian"' in page
    assert c.get(reverse("api-identity-list")).json()["results"] == []
    assert c.get(reverse("api-identity-protection-list")).json()["results"] == []
    assert "Giữ bí mật" not in c.get(reverse("identity-protection-list")).content.decode()


def test_a_short_reason_goes_back_to_the_form(p):
    identity = _identity(p)
    before = AuditEvent.objects.count()
    c = _client(p.ban_cv)
    r = c.post(reverse("identity-read", args=[identity.pk]), {"reason": "ngắn"})
    assert r.status_code == 200
    assert "Hãy nêu lý do cần đọc danh tính (ít nhất 10 ký tự)." in r.content.decode()
    assert DENOUNCER not in r.content.decode()
    r = c.post(reverse("api-identity-read", args=[identity.pk]), {"reason": "ngắn"})
    assert r.status_code == 400
    assert "reason" in r.json()["fields"]
    assert AuditEvent.objects.count() == before
    # a GET of the reading goes to the identity's page, reads nothing
    r = c.get(reverse("identity-read", args=[identity.pk]))
    assert (r.status_code, r["Location"]) == (302, reverse("identity-detail", args=[identity.pk]))


def test_metadata_only_page_says_the_paper_register(p, settings):
    settings.PHOIHOP_IDENTITY_MODE = "metadata_only"
    identity = _identity(p)
    page = _client(p.ban_cv).get(reverse("identity-detail", args=[identity.pk])).content.decode()
    assert 'id="identity-paper"' in page
    assert "sổ đăng ký giấy" in page
    assert 'id="identity-read-form"' not in page


def test_protection_through_the_pages_and_the_api(p):
    identity = _identity(p)
    c = _client(p.ban_cv)
    r = c.post(
        reverse("identity-protection-open", args=[identity.pk]),
        {"requested_on": "09/03/2027", "measures_requested": "Giữ bí mật nơi ở", "follow_up_on": ""},
    )
    assert (r.status_code, r["Location"]) == (302, reverse("identity-detail", args=[identity.pk]))
    row = ProtectionRequest.objects.get()
    r = c.post(
        reverse("identity-protection-apply", args=[row.pk]), {"measures_taken": "X", "follow_up_on": "x"}
    )
    assert r.status_code == 200
    assert "Ngày không hợp lệ" in r.content.decode()
    r = c.post(
        reverse("api-identity-protection-apply", args=[row.pk]),
        {"measures_taken": "Công an xã bảo vệ", "follow_up_on": "2027-04-01"},
    )
    assert (r.status_code, r.json()["state"], r.json()["follow_up_on"]) == (200, "in_force", "2027-04-01")
    r = c.post(
        reverse("api-identity-protection-apply", args=[row.pk]),
        {"measures_taken": "X", "follow_up_on": "2027-04-01"},
    )
    assert r.status_code == 409
    r = c.post(reverse("identity-protection-end", args=[row.pk]), {"reason": "Hết nguy cơ"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.state == "ended"


def test_custodians_page_and_api(p):
    leader = _client(p.ban_leader)
    page = leader.get(reverse("custodian-list"))
    assert page.status_code == 200
    assert str(p.ban_cv) in page.content.decode()
    assert _client(p.ban_cv).get(reverse("custodian-list")).status_code == 403
    r = leader.post(reverse("custodian-designate"), {"user": p.ban_clerk.pk})
    assert (r.status_code, r["Location"]) == (302, reverse("custodian-list"))
    r = leader.post(reverse("custodian-designate"), {"user": p.xa1_cv.pk})
    assert r.status_code == 200
    assert "Hãy chọn một người trong danh sách." in r.content.decode()
    clerk = Custodian.objects.get(user=p.ban_clerk)
    r = leader.post(reverse("api-custodian-end", args=[clerk.pk]))
    assert (r.status_code, r.json()["ended_on"]) == (200, "2027-03-10")
    r = leader.post(reverse("api-custodian-end", args=[clerk.pk]))
    assert r.status_code == 400
    r = _client(p.xa1_leader).post(reverse("api-custodian-end", args=[p.custodian.pk]))
    assert r.status_code == 404
    r = leader.post(reverse("api-custodian-list"), {"user": p.ban_clerk.pk})
    assert r.status_code == 201
    assert _client(p.ban_cv).post(reverse("api-custodian-list"), {"user": p.ban_clerk.pk}).status_code == 403
    names = [c["user"] for c in leader.get(reverse("api-custodian-list")).json()]
    assert sorted(names) == sorted([p.ban_cv.pk, p.ban_clerk.pk, p.ban_clerk.pk])


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        # session, user, is_custodian, the page's rows (+ the user's organisation for the menu, and the layout)
        ("identity-list", 5 + LAYOUT_QUERIES),
        ("identity-protection-list", 5 + LAYOUT_QUERIES),
        ("api-identity-list", 4),
        ("api-identity-protection-list", 4),
    ],
)
def test_list_query_counts_do_not_grow(p, route, expected):
    c = _client(p.ban_cv)

    def add() -> None:
        identity = _identity(p)
        actions.open_protection(p.ban_cv, identity, requested_on=dt.date(2027, 3, 9), measures_requested="X")

    add()
    one = page_queries(c, reverse(route))
    add()
    add()
    assert page_queries(c, reverse(route)) == one == expected


def test_custodian_list_query_count_does_not_grow(p):
    c = _client(p.ban_leader)
    one = page_queries(c, reverse("custodian-list"))
    actions.designate_custodian(p.ban_leader, p.ban_clerk)
    actions.designate_custodian(p.ban_leader, p.ban_leader)
    assert page_queries(c, reverse("custodian-list")) == one
