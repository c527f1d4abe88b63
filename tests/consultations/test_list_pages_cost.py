"""Inbox and outbox pages (web and API) read by key (issue 10): the same number of queries at 1, 3 and 50 rows;
each row exactly once across the pages, in the list's order (ties on the deadline, copies without a deadline,
handled copies, ties on created_at), backwards as forwards; an edited cursor gets the first page on the web and
a 400 with a Vietnamese message in the API, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.consultations import queries
from phoihop.consultations.enums import OPEN_DELIVERY_STATES, DeliveryState
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.web.views import consultations as views
from tests.consultations.conftest import at
from tests.consultations.test_pages import draft, sent
from tests.layout import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"
NOW = at("2025-02-03", 9)


def _sent_to_xa1(bodies, regulation, n: int) -> list[CoordinationRequest]:
    return [sent(bodies, regulation, subject=f"Đề nghị số {i}", recipients=[bodies.xa1]) for i in range(n)]


def _count(client, url: str) -> tuple[int, object]:
    client.get(url)  # warm the session and any per-process cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


# --- query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "who", "expected"),
    [
        # session, user, calendar overrides, open copies with a deadline, those without, handled copies, the
        # user's organisation (the menu); the layout's counts
        (reverse("consult-inbox"), "xa1_cv", 7 + LAYOUT_QUERIES),
        # session, user, the page's requests with their counts (one query), the user's organisation; the layout's
        (reverse("consult-outbox"), "specialist", 4 + LAYOUT_QUERIES),
        # session, user, open copies with a deadline, those without, handled copies, their live answer drafts
        (f"{API}/inbox/", "xa1_cv", 6),
        # session, user, the page's requests, kind rules, copies, files, meetings
        (f"{API}/outbox/", "specialist", 7),
    ],
)
def test_list_pages_make_the_same_queries_at_1_3_and_50_rows(client, bodies, regulation, url, who, expected):
    client.force_login(getattr(bodies, who))
    made = 0
    for n in (1, 3, 50):
        _sent_to_xa1(bodies, regulation, n - made)
        made = n
        with time_machine.travel(NOW, tick=False):
            count, response = _count(client, url)
        shown = (
            len(response.json()["results"])
            if url.startswith(API)
            else response.content.decode().count("Đề nghị số")
        )
        assert (n, count) == (min(n, 50), expected)
        assert shown == n


def test_outbox_counts_each_requests_copies_in_the_pages_one_query(client, bodies, regulation):
    req = sent(bodies, regulation, subject="Đề nghị số 1")
    Delivery.objects.filter(request=req, recipient=bodies.xa1).update(
        state=DeliveryState.ANSWERED, position="disagree"
    )
    Delivery.objects.filter(request=req, recipient=bodies.xa2).update(state=DeliveryState.DEEMED_CONSENT)
    draft(bodies, regulation, subject="Dự thảo chưa gửi", recipients=[bodies.xa1])
    client.force_login(bodies.specialist)
    response = client.get(reverse("consult-outbox"))
    rows = [
        [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in lxml_html.fromstring(response.content.decode()).xpath("//table[@id='outbox']/tbody/tr")
    ]
    assert [(r[1], r[4:]) for r in rows] == [
        ("Dự thảo chưa gửi", ["1", "0", "0", "0"]),
        ("Đề nghị số 1", ["2", "1", "1", "1"]),
    ]
    # the regulation by its number (or its short title when it has none), never its code
    assert {r[2] for r in rows} == {"T03-QC/TU"}
    regulation.number = ""
    regulation.save(update_fields=["number"])
    body = client.get(reverse("consult-outbox")).content.decode()
    assert set(lxml_html.fromstring(body).xpath("//table[@id='outbox']/tbody/tr/td[3]/text()")) == {
        "Quy chế thử T03"
    }


# --- keyset order: each row once, in order, both ways --------------------------------------------------------


def _mixed_inbox(bodies, regulation) -> list[int]:
    """Copies to xa1 with tied deadlines, no deadline and handled states; returns the ids in the inbox's order."""
    reqs = _sent_to_xa1(bodies, regulation, 12)
    copies = [Delivery.objects.get(request=r, recipient=bodies.xa1) for r in reqs]
    plan = [
        (DeliveryState.RECEIVED, dt.date(2025, 2, 10)),
        (DeliveryState.RECEIVED, dt.date(2025, 2, 5)),
        (DeliveryState.EXTENSION_NOTIFIED, dt.date(2025, 2, 5)),  # a tie on the deadline
        (DeliveryState.SENT, None),  # a paper copy not registered: no deadline
        (DeliveryState.RECEIVED, dt.date(2025, 2, 5)),
        (DeliveryState.ANSWERED, dt.date(2025, 2, 1)),
        (DeliveryState.SENT, None),
        (DeliveryState.DEEMED_CONSENT, dt.date(2025, 1, 30)),
        (DeliveryState.RECEIVED, dt.date(2025, 2, 10)),
        (DeliveryState.WITHDRAWN, None),
        (DeliveryState.RECEIVED, dt.date(2025, 1, 31)),
        (DeliveryState.ANSWERED, None),
    ]
    for d, (state, deadline) in zip(copies, plan, strict=True):
        Delivery.objects.filter(pk=d.pk).update(state=state, deadline=deadline)
    rows = list(Delivery.objects.filter(pk__in=[d.pk for d in copies]))
    dated = sorted(
        (d for d in rows if d.state in OPEN_DELIVERY_STATES and d.deadline), key=lambda d: (d.deadline, d.pk)
    )
    undated = sorted(
        (d for d in rows if d.state in OPEN_DELIVERY_STATES and not d.deadline), key=lambda d: d.pk
    )
    done = sorted((d for d in rows if d.state not in OPEN_DELIVERY_STATES), key=lambda d: -d.pk)
    return [d.pk for d in dated + undated + done]


def _walk(read, size: int) -> list[list[int]]:
    pages, cursor = [], None
    while True:
        page = read(cursor, size)
        pages.append([r.pk for r in page.rows])
        if page.next is None:
            return pages
        cursor = page.next


@pytest.mark.parametrize("size", [1, 2, 3, 5, 12, 50])
def test_inbox_pages_show_each_copy_once_in_order_forwards_and_backwards(bodies, regulation, size):
    expected = _mixed_inbox(bodies, regulation)
    user = bodies.xa1_cv
    forward = _walk(lambda cursor, n: queries.inbox_page(user, cursor, n), size)
    assert [pk for page in forward for pk in page] == expected
    assert all(len(p) == size for p in forward[:-1])
    # back from the last page, page by page, to the first
    page = queries.inbox_page(user, None, size)
    while page.next:
        page = queries.inbox_page(user, page.next, size)
    backward = [[r.pk for r in page.rows]]
    while page.previous:
        page = queries.inbox_page(user, page.previous, size)
        backward.append([r.pk for r in page.rows])
    assert backward[::-1] == forward
    # the order the inbox page had before keyset pages (open copies, then handled ones)
    assert [d.pk for d in [*queries.inbox_open(user), *queries.inbox_done(user)]] == expected


def test_inbox_page_reads_only_the_rows_it_shows_plus_one(bodies, regulation):
    _mixed_inbox(bodies, regulation)
    with CaptureQueriesContext(connection) as ctx:
        page = queries.inbox_page(bodies.xa1_cv, None, 2)
    assert len(page.rows) == 2
    assert len(ctx.captured_queries) == 1  # two dated open copies fill the page: nothing else is read
    assert ctx.captured_queries[0]["sql"].endswith("LIMIT 3")


def test_outbox_pages_with_tied_creation_times(bodies, regulation):
    reqs = _sent_to_xa1(bodies, regulation, 7)
    tie = reqs[2].created_at
    CoordinationRequest.objects.filter(pk__in=[r.pk for r in reqs[1:5]]).update(created_at=tie)
    rows = CoordinationRequest.objects.filter(pk__in=[r.pk for r in reqs])
    expected = [r.pk for r in sorted(rows, key=lambda r: (r.created_at, r.pk), reverse=True)]
    user = bodies.specialist
    for size in (1, 2, 3, 7):
        forward = _walk(lambda cursor, n: queries.outbox_page(user, cursor, n), size)
        assert [pk for page in forward for pk in page] == expected
        api = _walk(lambda cursor, n: queries.outbox_in_full_page(user, cursor, n), size)
        assert api == forward


def test_web_pages_follow_the_next_and_previous_links(client, bodies, regulation, monkeypatch):
    expected = _mixed_inbox(bodies, regulation)
    monkeypatch.setattr(views, "INBOX_PAGE_SIZE", 5)
    client.force_login(bodies.xa1_cv)
    url, seen, pages = reverse("consult-inbox"), [], []
    with time_machine.travel(NOW, tick=False):
        while True:
            doc = lxml_html.fromstring(client.get(url).content.decode())
            links = [a.get("href") for a in doc.xpath("//table[@id='inbox']/tbody/tr/td[1]/a")]
            pages.append(links)
            seen += links
            following = doc.xpath("//a[@rel='next']/@href")
            if not following:
                break
            url = reverse("consult-inbox") + following[0]
        previous = doc.xpath("//a[@rel='prev']/@href")
        back = lxml_html.fromstring(client.get(reverse("consult-inbox") + previous[0]).content.decode())
    request_of = dict(Delivery.objects.filter(pk__in=expected).values_list("pk", "request_id"))
    assert seen == [reverse("consult-detail", args=[request_of[pk]]) for pk in expected]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert back.xpath("//table[@id='inbox']/tbody/tr/td[1]/a/@href") == pages[1]


def test_api_pages_follow_next_and_previous(client, bodies, regulation):
    expected = _mixed_inbox(bodies, regulation)
    client.force_login(bodies.xa1_cv)
    url, seen = f"{API}/inbox/?limit=5", []
    while url:
        body = client.get(url).json()
        assert set(body) == {"next", "previous", "results"}
        seen += [r["id"] for r in body["results"]]
        last, url = body, body["next"]
    assert seen == expected
    previous = client.get(last["previous"]).json()
    assert [r["id"] for r in previous["results"]] == expected[5:10]


# --- bad cursors ---------------------------------------------------------------------------------------------

BAD_CURSORS = [
    "zzz",
    "a",
    "a.0",
    "a.0.abc",
    "a.9.1",
    "c.1.5",
    "a.0.5",  # the deadline is missing
    "a.2.5.2025-01-01",  # handled copies have no date in their key
    "a.0.1.2025-13-45",
    "b.0.99999999999999999999.2025-01-01",
    "a.-1.5",
    "a.1.0",
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_a_bad_cursor_gets_the_first_page_on_the_web(client, bodies, regulation, cursor):
    _sent_to_xa1(bodies, regulation, 2)
    client.force_login(bodies.xa1_cv)
    with time_machine.travel(NOW, tick=False):
        first = client.get(reverse("consult-inbox"))
        response = client.get(reverse("consult-inbox"), {"cursor": cursor})
    assert response.status_code == 200
    assert "Liên kết trang không hợp lệ: đang hiện trang đầu." in response.content.decode()
    doc, first_doc = (lxml_html.fromstring(r.content.decode()) for r in (response, first))
    assert doc.xpath("//table[@id='inbox']//a/@href") == first_doc.xpath("//table[@id='inbox']//a/@href")


@pytest.mark.parametrize("cursor", [*BAD_CURSORS, "a.0.5.2025-01-01T00:00:00"])
def test_a_bad_cursor_is_a_400_in_the_api(client, bodies, regulation, cursor):
    client.force_login(bodies.specialist)
    for path in ("inbox/", "outbox/"):
        response = client.get(f"{API}/{path}", {"cursor": cursor})
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "bad_cursor"
        assert body["detail"].startswith("Tham số cursor không hợp lệ")


def test_an_outbox_cursor_without_a_time_zone_is_refused(bodies):
    with pytest.raises(queries.BadCursor):
        queries.outbox_page(bodies.specialist, "a.0.5.2025-01-01T00:00:00")


def test_a_cursor_past_the_end_gets_the_first_page(bodies, regulation):
    _sent_to_xa1(bodies, regulation, 2)
    page = queries.inbox_page(bodies.xa1_cv, "a.2.1", 10)  # after the oldest possible handled copy: nothing
    assert len(page.rows) == 2
    assert page.previous is None


def test_api_and_web_outbox_pages_carry_the_creation_time_through_the_url(
    client, bodies, regulation, monkeypatch
):
    reqs = _sent_to_xa1(bodies, regulation, 5)
    expected = [r.pk for r in sorted(reqs, key=lambda r: (r.created_at, r.pk), reverse=True)]
    client.force_login(bodies.specialist)
    url, seen = f"{API}/outbox/?limit=2", []
    while url:
        body = client.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
    assert seen == expected
    monkeypatch.setattr(views, "LIST_LIMIT", 2)
    url, links = reverse("consult-outbox"), []
    while True:
        doc = lxml_html.fromstring(client.get(url).content.decode())
        links += doc.xpath("//table[@id='outbox']/tbody/tr/td[1]/a/@href")
        following = doc.xpath("//a[@rel='next']/@href")
        if not following:
            break
        url = reverse("consult-outbox") + following[0]
    assert links == [reverse("consult-detail", args=[pk]) for pk in expected]


# --- the indexes the pages read ------------------------------------------------------------------------------


def test_the_partial_indexes_hold_the_states_the_pages_ask_for():
    indexes = {i.name: i for i in Delivery._meta.indexes}
    assert indexes["delivery_inbox_open_idx"].condition == Q(state__in=queries.INBOX_OPEN_STATES)
    assert indexes["delivery_inbox_done_idx"].condition == Q(state__in=queries.INBOX_DONE_STATES)
    assert sorted(queries.INBOX_OPEN_STATES + queries.INBOX_DONE_STATES) == sorted(DeliveryState.values)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_each_inbox_part_is_read_on_its_partial_index_in_order(bodies, regulation):
    _mixed_inbox(bodies, regulation)
    plans = []
    for section in queries._inbox_sections(bodies.xa1.pk, full=False):
        sql, params = section.rows()[:201].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plans.append(" / ".join(row[-1] for row in cursor.fetchall()))
    for plan, index in zip(
        plans, ["delivery_inbox_open_idx", "delivery_inbox_open_idx", "delivery_inbox_done_idx"], strict=True
    ):
        assert f"USING INDEX {index}" in plan
        assert "TEMP B-TREE" not in plan  # no sort: the index's order is the page's


def test_the_inbox_shows_its_50_most_urgent_copies_and_the_rest_a_page_further(client, bodies, regulation):
    reqs = _sent_to_xa1(bodies, regulation, 51)
    # deadlines 1..51 days ahead, the newest request the most urgent: the page's order is the deadline's
    for i, req in enumerate(reversed(reqs)):
        Delivery.objects.filter(request=req).update(deadline=dt.date(2025, 3, 1) + dt.timedelta(days=i))
    client.force_login(bodies.xa1_cv)
    with time_machine.travel(NOW, tick=False):
        first = lxml_html.fromstring(client.get(reverse("consult-inbox")).content.decode())
        rows = first.xpath("//table[@id='inbox']/tbody/tr/td[3]/text()")
        assert views.INBOX_PAGE_SIZE == 50
        assert rows == [f"Đề nghị số {i}" for i in range(50, 0, -1)]
        (following,) = first.xpath("//a[@rel='next']/@href")
        second = lxml_html.fromstring(client.get(reverse("consult-inbox") + following).content.decode())
    assert second.xpath("//table[@id='inbox']/tbody/tr/td[3]/text()") == ["Đề nghị số 0"]
