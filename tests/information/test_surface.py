"""Need-to-know on every page, list and API route of the domain, with data that could leak: the Ban Nội chính
sends xã Một signs of violation about an official xã Một manages (003 Điều 4 khoản 1 điểm g) who works at the
women's union. The sender and the recipient see it; the official's workplace (no recipient) sees the official
but nothing of the information; an unrelated body gets 404 everywhere. A managing body that is no recipient sees
it too (004 Điều 4 khoản 1 điểm 1.6)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from phoihop.information.domain import actions
from phoihop.information.models import InformationCopy
from phoihop.officials.models import SupervisionAssignment

from .conftest import Province, draft, make_official

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MARK = "MAT-INFO-7Q"


@pytest.fixture
def world(province: Province):
    p = province.p
    official = make_official("Nguyễn Thị Lan", managing_body=p.xa1, workplace=p.women)
    SupervisionAssignment.objects.create(official=official, supervisor=p.ban, started_on=dt.date(2027, 1, 1))
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=TZ), tick=False):
        info = draft(p.ban_cv, official, result_due_on=dt.date(2027, 2, 26))
        actions.send(p.ban_cv, info)
    copy = InformationCopy.objects.get(information=info)
    assert copy.recipient_id == p.xa1.pk
    return p, official, info, copy


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _urls(official, info, copy) -> dict[str, str]:
    return {
        "detail": reverse("information-detail", args=[info.pk]),
        "timeline": reverse("information-timeline", args=[official.pk]),
        "inbox": reverse("information-inbox"),
        "outbox": reverse("information-outbox"),
        "result": reverse("information-result", args=[copy.pk]),
        "api-detail": reverse("api-information-detail", args=[info.pk]),
        "api-inbox": reverse("api-information-inbox"),
        "api-outbox": reverse("api-information-outbox"),
    }


def test_the_sender_and_the_recipient_see_it(client, world):
    p, official, info, copy = world
    urls = _urls(official, info, copy)
    for user, lists in ((p.ban_cv, ("outbox", "api-outbox")), (p.xa1_cv, ("inbox", "api-inbox"))):
        for name in ("detail", "timeline", "api-detail", *lists):
            response = _get(client, user, urls[name])
            assert (user.username, name, response.status_code) == (user.username, name, 200)
            body = response.content.decode()
            shown = MARK in body if name in ("detail", "timeline", "api-detail") else f"{info.pk}" in body
            assert shown, (user.username, name)
            if name in ("outbox", "inbox"):
                assert urls["detail"] in body


def test_the_workplace_that_is_no_recipient_sees_nothing_of_it(client, world):
    p, official, info, copy = world
    urls = _urls(official, info, copy)
    statuses = {name: _get(client, p.women_cv, url) for name, url in urls.items()}
    assert {n: r.status_code for n, r in statuses.items()} == {
        "detail": 404,
        "timeline": 200,  # the official's own record is theirs: the timeline is empty
        "inbox": 200,
        "outbox": 200,
        "result": 404,
        "api-detail": 404,
        "api-inbox": 200,
        "api-outbox": 200,
    }
    assert [
        n for n, r in statuses.items() if MARK in r.content.decode() or urls["detail"] in r.content.decode()
    ] == []
    assert 'id="information-empty"' in statuses["timeline"].content.decode()
    assert statuses["api-inbox"].json()["results"] == []


def test_an_unrelated_body_gets_404_and_empty_lists(client, world):
    p, official, info, copy = world
    urls = _urls(official, info, copy)
    statuses = {name: _get(client, p.farmers_leader, url) for name, url in urls.items()}
    assert {n: r.status_code for n, r in statuses.items()} == {
        "detail": 404,
        "timeline": 404,
        "inbox": 200,
        "outbox": 200,
        "result": 404,
        "api-detail": 404,
        "api-inbox": 200,
        "api-outbox": 200,
    }
    assert [
        n for n, r in statuses.items() if MARK in r.content.decode() or urls["detail"] in r.content.decode()
    ] == []
    assert statuses["api-inbox"].json()["results"] == []
    assert statuses["api-outbox"].json()["results"] == []
    client.force_login(p.farmers_leader)
    for name in ("api-information-acknowledge", "api-information-result"):
        assert client.post(reverse(name, args=[copy.pk]), {"text": "X"}).status_code == 404
    assert client.post(reverse("api-information-send", args=[info.pk])).status_code == 404
    copy.refresh_from_db()
    assert copy.state == "sent"


def test_the_managing_body_sees_what_was_sent_to_the_managing_unit(client, province: Province):
    p = province.p
    official = make_official("Trần Văn Quản", managing_body=p.btv_hu, workplace=p.dan_van)
    SupervisionAssignment.objects.create(official=official, supervisor=p.ban, started_on=dt.date(2027, 1, 1))
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=TZ), tick=False):
        info = draft(p.ban_cv, official, kind="denunciation")
        route = actions.send(p.ban_cv, info)
    assert route.recipient_ids == {p.hu.pk}
    url = reverse("information-detail", args=[info.pk])
    assert _get(client, p.btv_hu_leader, url).status_code == 200  # the managing body
    assert _get(client, p.hu_cv, url).status_code == 200  # the recipient
    assert _get(client, p.dan_van_cv, url).status_code == 404  # the workplace
    assert _get(client, p.ubkt_cv, url).status_code == 404  # same district, no part in it


def test_a_draft_is_its_senders_only(client, world):
    p, official, info, copy = world
    with time_machine.travel(dt.datetime(2027, 1, 21, 9, tzinfo=TZ), tick=False):
        second = draft(p.ban_cv, official, content="Chưa gửi MAT-DRAFT-7Q")
    url = reverse("information-detail", args=[second.pk])
    assert _get(client, p.ban_leader, url).status_code == 200
    assert _get(client, p.xa1_cv, url).status_code == 404  # not sent yet: not even the would-be recipient
    assert (
        "MAT-DRAFT-7Q"
        not in _get(client, p.xa1_cv, reverse("information-timeline", args=[official.pk])).content.decode()
    )


@time_machine.travel(dt.datetime(2027, 1, 22, 9, tzinfo=TZ), tick=False)
def test_the_pages_and_the_api_act_the_same(client, world):
    p, official, info, copy = world
    client.force_login(p.xa1_cv)
    response = client.post(reverse("information-acknowledge", args=[copy.pk]))
    assert response.status_code == 302
    response = client.post(
        reverse("api-information-result", args=[copy.pk]),
        {"text": "Đã xử lý", "decision_number": "7-QĐ/DU", "decision_date": "2027-01-19"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["result_number"]) == ("answered", "7-QĐ/DU")
    client.force_login(p.ban_cv)
    timeline = client.get(reverse("information-timeline", args=[official.pk])).content.decode()
    assert "Đã xử lý" in timeline
    assert "7-QĐ/DU" in timeline
