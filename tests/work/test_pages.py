"""The home page "Việc cần làm", GET /api/v1/work/ and the count beside "Việc cần làm" in the menu."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.consultations.conftest import at
from tests.consultations.test_pages import texts
from tests.work.conftest import audited, copy_row, slot

pytestmark = pytest.mark.django_db

WED = dt.date(2025, 3, 12)


def test_anonymous_is_sent_to_login_and_the_api_answers_401(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.get(reverse("api-work"))
    assert response.status_code == 401
    assert response.json()["error"]


def test_the_login_page_counts_no_work(client):
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("login")).content.decode()
    assert "work-count" not in body
    assert not [q for q in ctx.captured_queries if "consultations_" in q["sql"] or "reports_" in q["sql"]]


def test_an_empty_queue_says_so_in_words(client, bodies):
    client.force_login(bodies.outsider_user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert texts(response, "//p[@id='work-empty']") == [
        "Không có việc nào đang chờ bạn hoặc cơ quan của bạn."
    ]
    assert texts(response, "//span[@id='work-count']") == []
    assert texts(response, "//a[@id='nav-work']") == ["Việc cần làm"]
    assert client.get(reverse("api-work")).json() == {"total": 0, "sources": [], "items": []}


def test_items_grouped_by_source_nearest_deadline_first(client, bodies, regulation):
    later = copy_row(bodies, regulation, bodies.xa1, deadline=dt.date(2025, 3, 14), subject="Hạn thứ Sáu")
    sooner = copy_row(bodies, regulation, bodies.xa1, deadline=WED, subject="Hạn thứ Tư")
    s = slot(bodies.xa1, bodies.ban, due_on=dt.date(2025, 3, 11), title="Báo cáo tháng")
    with time_machine.travel(at("2025-03-10", 9), tick=False):
        client.force_login(bodies.xa1_leader)
        response = client.get(reverse("home"))
        data = client.get(reverse("api-work")).json()
    assert texts(response, "//section/h2") == ["Văn bản đến cần xử lý (2)", "Báo cáo phải gửi (1)"]
    assert texts(response, "//tr[@class='work-item']") == [
        f"Cần giao xử lý {sooner.request.document_number}: Hạn thứ Tư Ban Nội chính Tỉnh ủy Đảng ủy xã An Một "
        "12/03/2025 (còn 2 ngày làm việc)",
        f"Cần giao xử lý {later.request.document_number}: Hạn thứ Sáu Ban Nội chính Tỉnh ủy Đảng ủy xã An Một "
        "14/03/2025 (còn 4 ngày làm việc)",
        "Báo cáo đến kỳ phải gửi Báo cáo tháng — Tháng 01/2025 Đảng ủy xã An Một Ban Nội chính Tỉnh ủy "
        "11/03/2025 (còn 1 ngày làm việc)",
    ]
    assert texts(response, "//span[@id='work-count']") == ["3"]
    assert data["total"] == 3
    assert data["sources"] == [
        {"source": "consultations.incoming", "label": "Văn bản đến cần xử lý", "count": 2, "more": 0},
        {"source": "reports.to_send", "label": "Báo cáo phải gửi", "count": 1, "more": 0},
    ]
    assert data["items"][0] == {
        "what": "Cần giao xử lý",
        "title": "Hạn thứ Tư",
        "from_body": "Ban Nội chính Tỉnh ủy",
        "to_body": "Đảng ủy xã An Một",
        "number": sooner.request.document_number,
        "deadline": "2025-03-12",
        "days": "còn 2 ngày làm việc",
        "url": f"/phoi-hop/{sooner.request_id}/",
        "source": "consultations.incoming",
    }
    assert data["items"][2]["url"] == f"/bao-cao/{s.pk}/"


def test_the_menu_count_follows_the_queue_on_every_page(client, bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    client.force_login(bodies.xa1_clerk)
    assert texts(client.get(reverse("consult-inbox")), "//span[@id='work-count']") == ["1"]
    audited(copy_row(bodies, regulation, bodies.xa1, deadline=WED))  # as an action writes it
    assert texts(client.get(reverse("regulation-list")), "//span[@id='work-count']") == ["2"]
    # another body's user: no count (their queue is empty)
    client.force_login(bodies.xa2_leader)
    assert texts(client.get(reverse("consult-inbox")), "//span[@id='work-count']") == []


def test_the_home_page_counts_once_for_the_page_and_the_menu(client, bodies, regulation):
    copy_row(bodies, regulation, bodies.xa1, deadline=WED)
    client.force_login(bodies.xa1_clerk)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("home"))
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("SELECT (SELECT COUNT(*)")]) == 1


def test_a_failing_count_leaves_the_menu_without_a_badge(client, bodies, regulation, monkeypatch):
    from django.db import DatabaseError

    from phoihop.web import context_processors

    copy_row(bodies, regulation, bodies.xa1, deadline=WED)

    def broken(user):
        raise DatabaseError("the database is gone")

    monkeypatch.setattr(context_processors, "menu_total", broken)
    client.force_login(bodies.xa1_clerk)
    response = client.get(reverse("regulation-list"))
    assert response.status_code == 200
    assert texts(response, "//a[@id='nav-work']") == ["Việc cần làm"]
