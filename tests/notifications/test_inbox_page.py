"""The notification list (issue 11, point 3): the page /thong-bao/ and the API, newest first by key, unread in bold,
mark read one by one or all, open through /thong-bao/<id>/mo/ (marks read, never an open redirect), the bell's
count; a user only ever sees and marks their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.notifications import queries
from phoihop.notifications.models import Notification

from .conftest import tell

pytestmark = pytest.mark.django_db

LIST = reverse("notification-list")
API = "/api/v1/notifications/"
SECRET = "Bí mật của đồng nghiệp"


def _count(client, url: str, **extra) -> tuple[int, int, object]:
    """All the queries of a request, and those that read notifications."""
    client.get(url, **extra)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    assert response.status_code == 200
    ours = [q for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    return len(ctx.captured_queries), len(ours), response


def bell(response) -> str:
    """The bell's number as shown in the header ("" when none is unread)."""
    html = response.content.decode()
    start = html.index('id="notification-count"')
    return html[html.index(">", start) + 1 : html.index("</span>", start)]


# --- query counts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # the page's rows (one query on notification_list_idx), the bell's COUNT; besides them the session, the
        # user and what the header shows of other areas, the same whatever the number of notifications
        (LIST, 2),
        # the page's rows (and the session and the user)
        (API, 1),
    ],
)
def test_the_list_makes_the_same_queries_at_1_3_and_50_items(client, reader, url, expected):
    client.force_login(reader)
    made, counts = 0, set()
    for n in (1, 3, 50):
        for i in range(made, n):
            tell(reader, i)
        made = n
        total, ours, response = _count(client, url)
        counts.add(total)
        shown = (
            len(response.json()["results"])
            if url == API
            else response.content.decode().count("Thông báo số ")
        )
        assert (n, ours, shown) == (n, expected, n)
    assert len(counts) == 1  # the same number of queries in all at 1, 3 and 50
    if url == API:
        assert counts == {3}  # session, user, the page's rows


def test_the_unread_count_is_one_query(client, reader):
    for i in range(3):
        tell(reader, i)
    client.force_login(reader)
    total, ours, response = _count(client, f"{API}unread-count/")
    assert (total, ours, response.json()) == (3, 1, {"unread": 3})  # session, user, the COUNT


def test_an_anonymous_page_makes_no_bell_query(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "notification-count" not in response.content.decode()
    assert not [q for q in ctx.captured_queries if "notifications_notification" in q["sql"]]


# --- the page ---------------------------------------------------------------------------------------


def test_newest_first_unread_in_bold_each_linked_through_open(client, reader):
    first, second = tell(reader, 1), tell(reader, 2)
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    client.force_login(reader)
    html = client.get(LIST).content.decode()
    assert html.index("Thông báo số 2") < html.index("Thông báo số 1")
    assert f'<a href="/thong-bao/{second.pk}/mo/"><strong>Thông báo số 2</strong></a>' in html
    assert f'<a href="/thong-bao/{first.pk}/mo/">Thông báo số 1</a>' in html
    assert html.count("Đánh dấu đã đọc") == 1  # only the unread one
    assert "Đánh dấu tất cả đã đọc" in html


def test_pages_by_key_forwards_and_backwards(client, reader, monkeypatch):
    monkeypatch.setattr("phoihop.web.views.notifications.PAGE_SIZE", 2)
    made = [tell(reader, i) for i in range(5)]  # newest: 4, 3 | 2, 1 | 0
    client.force_login(reader)
    response = client.get(LIST)
    page = response.context["page"]
    assert [n.title for n in response.context["notifications"]] == ["Thông báo số 4", "Thông báo số 3"]
    assert (page.next, page.previous) == (f"a.{made[3].pk}", None)
    response = client.get(LIST, {"cursor": page.next})
    page = response.context["page"]
    assert [n.title for n in response.context["notifications"]] == ["Thông báo số 2", "Thông báo số 1"]
    response = client.get(LIST, {"cursor": page.next})
    assert [n.title for n in response.context["notifications"]] == ["Thông báo số 0"]
    assert response.context["page"].next is None
    back = client.get(LIST, {"cursor": response.context["page"].previous})
    assert [n.title for n in back.context["notifications"]] == ["Thông báo số 2", "Thông báo số 1"]


@pytest.mark.parametrize("cursor", ["x.1", "a.", "a.abc", "a.-3", "a.01", "b.0"])
def test_a_bad_cursor_gets_the_first_page_on_the_web_and_a_400_in_the_api(client, reader, cursor):
    tell(reader, 1)
    client.force_login(reader)
    response = client.get(LIST, {"cursor": cursor})
    assert response.status_code == 200
    assert "Liên kết trang không hợp lệ: đang hiện trang đầu." in response.content.decode()
    assert "Thông báo số 1" in response.content.decode()
    response = client.get(API, {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_cursor"
    assert "cursor" in response.json()["fields"]


def test_mark_one_read_without_javascript_redirects_back(client, reader):
    n1, n2 = tell(reader, 1), tell(reader, 2)
    client.force_login(reader)
    assert bell(client.get(LIST)) == "2"
    response = client.post(reverse("notification-read", args=[n1.pk]), {"cursor": f"a.{n2.pk}"})
    assert (response.status_code, response["Location"]) == (302, f"{LIST}?cursor=a.{n2.pk}")
    n1.refresh_from_db()
    n2.refresh_from_db()
    assert n1.read_at is not None
    assert n2.read_at is None
    assert bell(client.get(LIST)) == "1"


def test_mark_one_read_with_htmx_swaps_the_row_and_the_bell(client, reader):
    n1, _ = tell(reader, 1), tell(reader, 2)
    client.force_login(reader)
    response = client.post(reverse("notification-read", args=[n1.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<li id="notification-{n1.pk}" class="notification">')
    assert "<strong>" not in html
    assert "Đánh dấu đã đọc" not in html
    assert (
        '<span id="notification-count" class="bell-count" aria-live="polite" hx-swap-oob="true" data-count="1">1</span>'
        in html
    )


def test_mark_all_read_with_htmx_and_without(client, reader):
    for i in range(3):
        tell(reader, i)
    client.force_login(reader)
    response = client.post(reverse("notification-read-all"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<ul id="notification-items"')
    assert html.count("Thông báo số") == 3
    assert "<strong>" not in html
    assert 'hx-swap-oob="true" data-count="0"></span>' in html
    assert Notification.objects.filter(user=reader, read_at__isnull=True).count() == 0
    tell(reader, 9)
    response = client.post(reverse("notification-read-all"))
    assert (response.status_code, response["Location"]) == (302, LIST)
    assert bell(client.get(LIST)) == ""


def test_marking_read_keeps_the_first_reading_time(client, reader):
    n = tell(reader, 1)
    client.force_login(reader)
    client.post(reverse("notification-read", args=[n.pk]))
    n.refresh_from_db()
    first = n.read_at
    client.post(reverse("notification-read", args=[n.pk]))
    client.post(reverse("notification-read-all"))
    n.refresh_from_db()
    assert n.read_at == first


def test_open_marks_read_and_goes_to_the_object(client, reader):
    n = tell(reader, 1, url="/phoi-hop/42/")
    client.force_login(reader)
    response = client.get(reverse("notification-open", args=[n.pk]))
    assert (response.status_code, response["Location"]) == (302, "/phoi-hop/42/")
    n.refresh_from_db()
    assert n.read_at is not None


@pytest.mark.parametrize(
    "url",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "", "bao-cao/"],
)
def test_open_never_redirects_off_the_site(client, reader, url):
    n = tell(reader, 1, url=url)
    client.force_login(reader)
    response = client.get(reverse("notification-open", args=[n.pk]))
    assert (response.status_code, response["Location"]) == (302, LIST)
    api = client.get(API).json()["results"][0]
    assert api["url"] == ""


def test_get_of_an_action_goes_back_to_the_list(client, reader):
    n = tell(reader, 1)
    client.force_login(reader)
    for url in (reverse("notification-read", args=[n.pk]), reverse("notification-read-all")):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, LIST)
    n.refresh_from_db()
    assert n.read_at is None


# --- permissions, with data that could leak -----------------------------------------------------------


def test_a_user_never_sees_or_marks_another_users_notification(client, reader, other):
    theirs = tell(other, 1, body=SECRET)
    mine = tell(reader, 2)
    client.force_login(reader)
    html = client.get(LIST).content.decode()
    assert SECRET not in html
    assert "Thông báo số 1" not in html
    assert "Thông báo số 2" in html
    assert [r["id"] for r in client.get(API).json()["results"]] == [mine.pk]
    assert client.get(f"{API}unread-count/").json() == {"unread": 1}
    for response in (
        client.get(reverse("notification-open", args=[theirs.pk])),
        client.get(reverse("notification-read", args=[theirs.pk])),
        client.post(reverse("notification-read", args=[theirs.pk])),
        client.post(reverse("notification-read", args=[theirs.pk]), HTTP_HX_REQUEST="true"),
        client.post(f"{API}{theirs.pk}/read/"),
    ):
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    client.post(reverse("notification-read-all"))
    client.post(f"{API}read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None  # marking all read is only ever the user's own


def test_anonymous_visitors_are_sent_to_log_in(client, reader):
    n = tell(reader, 1)
    for url in (LIST, reverse("notification-open", args=[n.pk]), reverse("notification-settings")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    for url in (API, f"{API}unread-count/", f"{API}settings/"):
        assert client.get(url).status_code == 401
    assert client.post(f"{API}{n.pk}/read/").status_code == 401


# --- the API -----------------------------------------------------------------------------------------


def test_api_list_read_and_read_all(client, reader):
    n1, n2, n3 = tell(reader, 1), tell(reader, 2, url="/bao-cao/7/", body="Nội dung"), tell(reader, 3)
    client.force_login(reader)
    body = client.get(API, {"limit": 2}).json()
    assert [r["id"] for r in body["results"]] == [n3.pk, n2.pk]
    assert body["previous"] is None
    assert body["next"] == f"http://testserver/api/v1/notifications/?cursor=a.{n2.pk}&limit=2"
    row = body["results"][1]
    assert {k: row[k] for k in ("kind", "title", "body", "url", "read_at", "read")} == {
        "kind": "test.event",
        "title": "Thông báo số 2",
        "body": "Nội dung",
        "url": "/bao-cao/7/",
        "read_at": None,
        "read": False,
    }
    assert [r["id"] for r in client.get(body["next"]).json()["results"]] == [n1.pk]
    response = client.post(f"{API}{n2.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read"] is True
    assert client.get(f"{API}unread-count/").json() == {"unread": 2}
    assert client.post(f"{API}read-all/").json() == {"marked": 2, "unread": 0}
    assert client.post(f"{API}read-all/").json() == {"marked": 0, "unread": 0}


def test_the_query_reads_only_the_page_plus_one(reader):
    for i in range(5):
        tell(reader, i)
    with CaptureQueriesContext(connection) as ctx:
        page = queries.notification_page(reader, None, 2)
    assert len(ctx.captured_queries) == 1
    assert "LIMIT 3" in ctx.captured_queries[0]["sql"]
    assert len(page.rows) == 2


def test_an_id_out_of_range_is_a_404(client, reader):
    client.force_login(reader)
    huge = 2**70
    assert client.get(f"/thong-bao/{huge}/mo/").status_code == 404
    assert client.post(f"/thong-bao/{huge}/da-doc/").status_code == 404
    assert client.post(f"{API}{huge}/read/").status_code == 404
