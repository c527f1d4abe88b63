"""Need-to-know on every page and API route of reception, with data that could leak (the person's name, the
matters); the page and the API act alike; query counts at 1 and 3 items for every list."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from phoihop.reception.domain import actions
from phoihop.reception.models import PlannedDay, ReceptionSession
from tests.layout import LAYOUT_QUERIES, page_queries

from .conftest import VISITOR, at, plan_at, record_at

pytestmark = pytest.mark.django_db

MARK = "MAT-TIEP-DAN-THU-7Q"
NOW = at("2027-03-10", 9)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def world(p):
    """xã Một: a planned day held with a session (a protected visitor, a matter and a follow-up carrying MARK);
    xã Hai: a session of its own; the district: a planned day."""
    planned = plan_at(p, "2027-03-01", "2027-03-05", place=f"Hội trường {MARK}")
    session = record_at(p, "2027-03-05", matters=(f"Vụ việc {MARK}",), conclusions=f"Kết luận {MARK}")
    with time_machine.travel(at("2027-03-06"), tick=False):
        followup = actions.add_followup(p.xa1_cv, session, task=f"Việc {MARK}", due_on=dt.date(2027, 3, 20))
    xa2 = record_at(p, "2027-03-04", who=p.xa2_cv, secretary_user=p.xa2_leader, matters=("Xã Hai",))
    district = plan_at(p, "2027-03-01", "2027-03-12", who=p.hu_cv, secretary_user=p.hu_leader)
    return {"planned": planned, "session": session, "followup": followup, "xa2": xa2, "district": district}


SEES = {
    "xa1_cv": {"session"},
    "xa1_clerk": {"session"},
    "tu_cv": {"session", "xa2"},  # the superior party committee, read only
    "xa2_cv": {"xa2"},
    "hu_cv": set(),
    "ban_cv": set(),
    "outsider_cv": set(),
    "farmers_leader": set(),
}


@pytest.mark.parametrize(("who", "sees"), sorted(SEES.items()))
def test_who_sees_what_on_every_route(p, world, who, sees) -> None:
    with time_machine.travel(NOW, tick=False):
        c = _client(getattr(p, who))
        api = {r["id"] for r in c.get(reverse("api-reception-list")).json()["results"]}
        assert api == {world[n].pk for n in sees}
        pages = [
            c.get(reverse("reception-list")).content.decode(),
            c.get(reverse("reception-schedule"), {"thang": "03/2027"}).content.decode(),
            str(c.get(reverse("api-reception-days"), {"month": "2027-03"}).json()),
        ]
        for name in ("session", "xa2"):
            status = 200 if name in sees else 404
            pk = world[name].pk
            for route in ("reception-session", "api-reception-session"):
                r = c.get(reverse(route, args=[pk]))
                assert r.status_code == status, (route, name)
                if status == 200:
                    pages.append(r.content.decode())
        text = " ".join(pages)
        assert (MARK in text) == ("session" in sees)
        assert VISITOR not in text
        assert "Nguyen Thi Hong Nhung" not in text
        if "session" not in sees:
            s, f, d = world["session"], world["followup"], world["planned"]
            for route, pk, data in (
                ("reception-answer", s.pk, {"sent_on": "10/03/2027", "number": "1", "summary": "x"}),
                ("reception-followup", s.pk, {"task": "x", "due_on": "20/03/2027"}),
                ("reception-followup-close", f.pk, {"result": "x"}),
                ("reception-cancel-day", d.pk, {"reason": "x"}),
                ("api-reception-answer", s.pk, {"sent_on": "2027-03-10", "number": "1", "summary": "x"}),
                ("api-reception-followup", s.pk, {"task": "x", "due_on": "2027-03-20"}),
                ("api-reception-followup-close", f.pk, {"result": "x"}),
                ("api-reception-cancel-day", d.pk, {"reason": "x"}),
            ):
                assert c.post(reverse(route, args=[pk]), data).status_code == 404, route


def test_the_superior_reads_but_never_acts(p, world) -> None:
    s = world["session"]
    with time_machine.travel(NOW, tick=False):
        c = _client(p.tu_cv)
        page = c.get(reverse("reception-session", args=[s.pk])).content.decode()
        assert 'id="reception-answer-form"' not in page
        assert (
            c.post(
                reverse("reception-followup", args=[s.pk]), {"task": "x", "due_on": "20/03/2027"}
            ).status_code
            == 403
        )
        r = c.post(
            reverse("api-reception-answer", args=[s.pk]),
            {"sent_on": "2027-03-10", "number": "1", "summary": "x"},
            content_type="application/json",
        )
        assert (r.status_code, r.json()["detail"]) == (
            403,
            "Chỉ văn thư, chuyên viên, lãnh đạo của cấp ủy đã tiếp dân được làm việc này.",
        )


def test_anonymous_goes_to_the_login_page(world) -> None:
    c = Client()
    assert c.get(reverse("reception-list")).status_code == 302
    assert c.get(reverse("reception-session", args=[world["session"].pk])).status_code == 302
    assert c.get(reverse("api-reception-list")).status_code in (401, 403)


def test_every_action_through_its_page(p) -> None:
    with time_machine.travel(at("2027-03-02", 9), tick=False):
        c = _client(p.xa1_cv)
        r = c.post(reverse("reception-plan"), {"day": "05/03/2027", "secretary_user": p.xa1_leader.pk})
        assert r.url == "/tiep-cong-dan/lich/?thang=03/2027"
        page = c.post(reverse("reception-plan"), {"day": "2027-03-05", "secretary_user": p.xa1_leader.pk})
        assert "Ngày không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy" in page.content.decode()
        page = c.get(r.url).content.decode()
        assert "Dưới mức tối thiểu: 1/2 ngày tiếp dân trong tháng." in page
        assert "05/03/2027" in page
        assert c.get(reverse("reception-plan")).url == reverse("reception-schedule")
    with time_machine.travel(at("2027-03-05", 16), tick=False):
        c = _client(p.xa1_cv)
        r = c.post(
            reverse("reception-record"),
            {
                "held_on": "05/03/2027",
                "secretary_user": p.xa1_leader.pk,
                "people_count": "3",
                "visitors": f"{VISITOR}; thôn Một; 0912345678\nPhạm Văn Hai",
                "matters": "Đường thôn xuống cấp\nĐất đai",
                "conclusions": "Giao UBND xã",
            },
        )
        session = ReceptionSession.objects.get()
        assert r.url == reverse("reception-session", args=[session.pk])
        page = c.get(r.url).content.decode()
        assert VISITOR not in page
        handles = list(session.visitors.values_list("identity__handle", flat=True))
        assert len(handles) == 2
        assert all(h in page for h in handles)
        assert "Tiếp dân định kỳ" in page
        assert "hạn 19/03/2027" in page
        assert "Cách hiểu của hệ thống" in page  # the 10 working days are a reading (data/legal)
        r = c.post(
            reverse("reception-followup", args=[session.pk]), {"task": "Kiểm tra", "due_on": "12/03/2027"}
        )
        assert r.url == session.get_absolute_url()
        followup = session.followups.get()
        r = c.post(reverse("reception-followup-close", args=[followup.pk]), {"result": "Xong"})
        assert r.url == session.get_absolute_url()
        r = c.post(
            reverse("reception-answer", args=[session.pk]),
            {"sent_on": "05/03/2027", "number": "7-CV/ĐU", "summary": "Trả lời"},
        )
        assert r.url == session.get_absolute_url()
    session.refresh_from_db()
    followup.refresh_from_db()
    assert (session.answer_state, followup.state, PlannedDay.objects.get().state) == ("sent", "done", "held")
    # refused input comes back with its message
    with time_machine.travel(at("2027-03-06", 9), tick=False):
        c = _client(p.xa1_cv)
        page = c.post(
            reverse("reception-record"),
            {"held_on": "07/03/2027", "secretary_user": p.xa1_leader.pk, "people_count": "1", "matters": "X"},
        ).content.decode()
        assert "Ngày tiếp không được sau hôm nay." in page
        assert _client(p.ban_cv).get(reverse("reception-record")).status_code == 403


def test_the_api_records_and_plans_like_the_pages(p) -> None:
    with time_machine.travel(at("2027-02-05", 16), tick=False):
        c = _client(p.xa1_cv)
        r = c.post(
            reverse("api-reception-list"),
            {
                "held_on": "2027-02-05",
                "people_count": 2,
                "visitors": [{"name": VISITOR, "address": "thôn Một"}],
                "matters": ["Đường thôn"],
                "secretary_user": p.xa1_leader.pk,
            },
            content_type="application/json",
        )
        assert r.status_code == 201
        body = r.json()
        assert (body["answer_due_on"], body["kind"], body["answer_state"]) == (
            "2027-02-24",
            "ad_hoc",
            "pending",
        )
        assert VISITOR not in r.content.decode()
        assert len(body["visitors"]) == 1
        r = c.post(
            reverse("api-reception-list"),
            {"held_on": "2027-02-05", "people_count": 0, "matters": ["x"], "secretary_user": p.xa1_leader.pk},
            content_type="application/json",
        )
        assert r.status_code == 400
        r = c.post(
            reverse("api-reception-days"),
            {"day": "2027-02-10", "secretary_user": p.xa1_leader.pk},
            content_type="application/json",
        )
        assert (r.status_code, r.json()["day"]) == (201, "2027-02-10")
        r = c.post(
            reverse("api-reception-days"),
            {"day": "2027-02-10", "secretary_user": p.xa1_leader.pk},
            content_type="application/json",
        )
        assert (r.status_code, r.json()["detail"]) == (400, "Ngày 10/02/2027 đã có trong lịch tiếp dân.")
        check = c.get(reverse("api-reception-days"), {"month": "2027-02"}).json()["check"]
        assert check == {
            "month": "2027-02",
            "planned": 1,
            "minimum": 2,
            "below": True,
            "article": "Điều 4 khoản 1 điểm b",
        }
        assert c.get(reverse("api-reception-days"), {"month": "02-2027"}).status_code == 400
        r = _client(p.ban_cv).post(
            reverse("api-reception-days"), {"day": "2027-02-11"}, content_type="application/json"
        )
        assert r.status_code == 403


def test_figures_of_a_period(p) -> None:
    from phoihop.reception.queries import figures

    plan_at(p, "2027-02-01", "2027-02-04")
    a = record_at(p, "2027-02-04", people=5, matters=("A", "B"))
    record_at(p, "2027-02-05", people=2, answered_on_spot=True)
    c = record_at(p, "2027-02-11", people=1, matters=("C", "D", "E"))
    record_at(p, "2027-03-01", people=9, who=p.xa2_cv, secretary_user=p.xa2_leader)
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        actions.send_answer(p.xa1_cv, a, sent_on=dt.date(2027, 2, 24), number="1", summary="x")
        actions.send_answer(p.xa1_cv, c, sent_on=dt.date(2027, 2, 26), number="2", summary="x")
    feb = (dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    assert figures(p.xa1, feb) == {
        "sessions": 3,
        "periodic": 1,
        "people": 8,
        "matters": 6,
        "answers_due": 2,
        "answered_on_spot": 1,
        "answers_on_time": 1,
        "answers_late": 1,
        "answers_waiting": 0,
    }
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        period = {"from": "2027-02-01", "to": "2027-02-28"}
        r = _client(p.xa1_cv).get(reverse("api-reception-figures"), period)
        assert r.json()["sessions"] == 3
        assert _client(p.ban_cv).get(reverse("api-reception-figures"), period).status_code == 403
    # the yearly evaluation: communes under 003
    from phoihop.evaluation.sources import Bounds
    from phoihop.reception.evaluation import reception

    assert reception(Bounds("003", 2027, dt.date(2027, 12, 31))) == {
        p.xa1.pk: {
            "reception_sessions": 3,
            "reception_people": 8,
            "reception_matters": 6,
            "reception_answers_on_time": 1,
        },
        p.xa2.pk: {
            "reception_sessions": 1,
            "reception_people": 9,
            "reception_matters": 1,
            "reception_answers_on_time": 0,
        },
    }
    assert reception(Bounds("004", 2027, dt.date(2027, 12, 31))) == {}
    assert reception(Bounds("001", 2027, dt.date(2027, 12, 31))) == {}


# --- query counts at 1 and 3 items ------------------------------------------------------------------------------


LISTS = [
    # (route, params, own queries: session + user + the rows (+ the body for "may record") (+ the month check
    # and the secretaries of the plan form))
    ("reception-list", {}, 4 + LAYOUT_QUERIES),
    ("api-reception-list", {}, 3),
    ("reception-schedule", {"thang": "03/2027"}, 6 + LAYOUT_QUERIES),
    ("api-reception-days", {"month": "2027-03"}, 5),
]


@pytest.mark.parametrize(("route", "params", "expected"), LISTS, ids=[r for r, _p, _e in LISTS])
def test_list_query_count_does_not_grow(p, route, params, expected) -> None:
    days = ["2027-03-05", "2027-03-12", "2027-03-19"]
    plan_at(p, "2027-03-01", days[0])
    record_at(p, days[0], now="2027-03-20")
    with time_machine.travel(at("2027-03-20", 9), tick=False):
        c = _client(p.xa1_cv)
        one = page_queries(c, reverse(route), **params)
    for d in days[1:]:
        plan_at(p, "2027-03-01", d)
        record_at(p, d, now="2027-03-20")
    with time_machine.travel(at("2027-03-20", 9), tick=False):
        three = page_queries(c, reverse(route), **params)
    assert (one, three) == (expected, expected)


def test_the_session_page_costs_the_same_at_1_and_3_rows(p) -> None:

    def grow(n: int):
        from phoihop.identities.domain.protect import Person

        session = record_at(
            p,
            "2027-03-05",
            people=n,
            visitors=tuple(Person(f"Người {i}") for i in range(n)),
            matters=tuple(f"Vụ {i}" for i in range(n)),
        )
        with time_machine.travel(at("2027-03-06"), tick=False):
            for i in range(n):
                actions.add_followup(p.xa1_cv, session, task=f"Việc {i}", due_on=dt.date(2027, 3, 20))
        return session

    one, three = grow(1), grow(3)
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        c = _client(p.xa1_cv)
        counts = {
            (route, n): page_queries(c, reverse(route, args=[s.pk]))
            for route in ("reception-session", "api-reception-session")
            for n, s in ((1, one), (3, three))
        }
    assert counts[("reception-session", 1)] == counts[("reception-session", 3)]
    assert counts[("api-reception-session", 1)] == counts[("api-reception-session", 3)]


def test_keyset_pages_and_a_bad_cursor(p) -> None:
    from phoihop.common.keyset import BadCursor
    from phoihop.reception import queries

    for d in ("2027-03-01", "2027-03-02", "2027-03-03"):
        record_at(p, d, now="2027-03-10", matters=(d,))
    first = queries.session_page(p.xa1_cv, None, 2)
    assert [s.held_on.day for s in first.rows] == [3, 2]
    second = queries.session_page(p.xa1_cv, first.next, 2)
    assert ([s.held_on.day for s in second.rows], second.next) == ([1], None)
    with pytest.raises(BadCursor):
        queries.session_page(p.xa1_cv, "xxx", 2)
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        c = _client(p.xa1_cv)
        r = c.get(reverse("api-reception-list"), {"cursor": "xxx"})
        assert (r.status_code, r.json()["error"]) == (400, "bad_cursor")
        assert c.get(reverse("reception-list"), {"cursor": "xxx"}).status_code == 200
        assert c.get(reverse("reception-schedule"), {"cursor": "xxx"}).status_code == 200
