"""Need-to-know on every page, list and API route of cases, with data that could leak; the page and the API
agree; query counts at 1 and 3 items for every list (the page's own queries + the layout's)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from phoihop.cases.domain import actions
from phoihop.cases.models import Case
from tests.layout import LAYOUT_QUERIES, page_queries

from .conftest import at, new_official, open_case_at

pytestmark = pytest.mark.django_db

MARK = "MAT-VU-VIEC-THU-7Q"


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def cases(p):
    """A steering-level case of xã Một with an official, a body involved (UBKT) and a progress request; a Ban
    Nội chính case of xã Hai; a local case of the district."""
    steering = open_case_at(p, "2027-01-29", level="steering", title=f"Vụ {MARK}", summary=f"Tóm tắt {MARK}")
    with time_machine.travel(at("2027-02-01", 9), tick=False):
        actions.add_official(p.ban_cv, steering, new_official(f"Cán bộ {MARK}", workplace=p.xa1), "subject")
        actions.add_organization(p.ban_cv, steering, p.ubkt)
        progress = actions.request_progress(p.ban_cv, steering, f"Hỏi {MARK}")
    xa2 = open_case_at(p, "2027-01-29", locality=p.xa2, title="Vụ xã Hai")
    district = open_case_at(p, "2027-01-29", level="local", locality=p.hu, title="Vụ huyện")
    return {"steering": steering, "xa2": xa2, "district": district, "progress": progress}


def _titles(client: Client) -> set[str]:
    data = client.get(reverse("api-case-list")).json()
    return {r["title"] for r in data["results"]}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("ban_cv", {"steering", "xa2", "district"}),
        ("xa1_cv", {"steering"}),
        ("xa2_cv", {"xa2"}),
        ("hu_cv", {"district"}),
        ("bcd_cv", {"steering"}),  # the steering committee: the cases of the level it monitors
        ("ubkt_cv", {"steering"}),  # a body involved
        ("outsider_cv", set()),
        ("btv_leader", set()),
    ],
)
def test_who_sees_what_on_every_route(p, cases, who: str, sees: set[str]) -> None:
    c = _client(getattr(p, who))
    titles = {name: cases[name].title for name in ("steering", "xa2", "district")}
    assert _titles(c) == {titles[n] for n in sees}
    page = c.get(reverse("case-list")).content.decode()
    for name, title in titles.items():
        assert (title in page) == (name in sees), (name, who)
        case = cases[name]
        expected = 200 if name in sees else 404
        assert c.get(reverse("case-detail", args=[case.pk])).status_code == expected
        assert c.get(reverse("api-case-detail", args=[case.pk])).status_code == expected
    if "steering" not in sees:
        assert MARK not in page
        answer = c.post(reverse("api-case-answer", args=[cases["progress"].pk]), {"answer": "x"})
        assert answer.status_code == 404
        for route in ("case-move", "case-close", "case-official", "case-organization", "case-progress"):
            assert (
                c.post(reverse(route, args=[cases["steering"].pk]), {"stage": "verification"}).status_code
                == 404
            )
        assert c.post(reverse("case-answer", args=[cases["progress"].pk]), {"answer": "x"}).status_code == 404


def test_anonymous_goes_to_the_login_page(cases) -> None:
    c = Client()
    assert c.get(reverse("case-list")).status_code == 302
    assert c.get(reverse("case-detail", args=[cases["steering"].pk])).status_code == 302
    assert c.get(reverse("api-case-list")).status_code in (401, 403)


def test_filters_per_level_and_locality(p, cases) -> None:
    c = _client(p.ban_cv)
    url = reverse("api-case-list")
    assert {r["title"] for r in c.get(url, {"level": "local"}).json()["results"]} == {"Vụ huyện"}
    assert {r["title"] for r in c.get(url, {"locality": p.xa2.pk}).json()["results"]} == {"Vụ xã Hai"}
    page = c.get(reverse("case-list"), {"level": "steering"}).content.decode()
    assert cases["steering"].title in page
    assert "Vụ xã Hai" not in page


def test_the_page_and_the_api_act_alike(p, cases) -> None:
    case = cases["xa2"]
    ban = _client(p.ban_cv)
    r = ban.post(
        reverse("api-case-move", args=[case.pk]), {"stage": "trial"}, content_type="application/json"
    )
    assert r.status_code == 409
    assert r.json()["detail"] == "Không thể chuyển vụ án, vụ việc từ giai đoạn “Tiếp nhận” sang “Xét xử”."
    r = ban.post(reverse("case-move", args=[case.pk]), {"stage": "verification", "note": "Xác minh"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.stage == "verification"
    xa2 = _client(p.xa2_cv)
    r = xa2.post(
        reverse("api-case-move", args=[case.pk]), {"stage": "prosecution"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert xa2.post(reverse("case-move", args=[case.pk]), {"stage": "prosecution"}).status_code == 403
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        r = _client(p.ban_cv).post(
            reverse("api-case-progress", args=[case.pk]),
            {"question": "Tiến độ?"},
            content_type="application/json",
        )
    assert (r.status_code, r.json()["due_on"]) == (201, "2027-03-08")
    r = xa2.post(
        reverse("api-case-answer", args=[r.json()["id"]]),
        {"answer": "Đang làm"},
        content_type="application/json",
    )
    assert (r.status_code, r.json()["state"]) == (200, "answered")


def test_open_through_the_api_and_the_page(p) -> None:
    ban = _client(p.ban_cv)
    body = {"title": "Vụ mới", "category": "complex", "level": "local", "locality": p.xa1.pk}
    r = ban.post(reverse("api-case-list"), body, content_type="application/json")
    assert (r.status_code, r.json()["stage"]) == (201, "received")
    r = ban.post(reverse("api-case-list"), {**body, "level": "steering"}, content_type="application/json")
    assert (r.status_code, r.json()["detail"]) == (
        400,
        "Vụ án, vụ việc thuộc diện Ban Chỉ đạo tỉnh theo dõi, chỉ đạo: hãy chọn Ban Chỉ đạo.",
    )
    assert "monitor" in r.json()["fields"]
    r = _client(p.xa1_cv).post(reverse("api-case-list"), body, content_type="application/json")
    assert r.status_code == 403
    assert _client(p.xa1_cv).get(reverse("case-open")).status_code == 403
    r = ban.post(reverse("case-open"), {**body, "title": "Vụ trang"})
    assert r.status_code == 302
    assert ban.get(r.url).status_code == 200


@pytest.mark.parametrize("route", ["case-list", "api-case-list"])
def test_list_query_count_does_not_grow(p, route: str) -> None:
    c = _client(p.xa1_cv)
    open_case_at(p, "2027-01-29", title="V0")
    one = page_queries(c, reverse(route))
    for i in (1, 2):
        open_case_at(p, "2027-01-29", title=f"V{i}")
    three = page_queries(c, reverse(route))
    assert one == three
    if route == "case-list":
        # session + user + organisation (for "may open") + the page's rows + the localities filter + layout
        assert one == 5 + LAYOUT_QUERIES
    else:
        assert one == 3  # session, user, the page's rows


def test_keyset_pages_and_a_bad_cursor(p) -> None:
    from phoihop.cases import queries
    from phoihop.common.keyset import BadCursor

    for i in range(3):
        open_case_at(p, f"2027-01-2{5 + i}", title=f"V{i}")
    first = queries.case_page(p.ban_cv, {}, None, 2)
    assert [c.title for c in first.rows] == ["V2", "V1"]
    second = queries.case_page(p.ban_cv, {}, first.next, 2)
    assert ([c.title for c in second.rows], second.next) == (["V0"], None)
    with pytest.raises(BadCursor):
        queries.case_page(p.ban_cv, {}, "xxx", 2)
    r = _client(p.ban_cv).get(reverse("api-case-list"), {"cursor": "xxx"})
    assert (r.status_code, r.json()["error"]) == (400, "bad_cursor")
    assert _client(p.ban_cv).get(reverse("case-list"), {"cursor": "xxx"}).status_code == 200


def test_the_detail_page_costs_the_same_at_1_and_3_rows(p) -> None:
    case = open_case_at(p, "2027-01-29", level="steering")

    def grow(n: int) -> None:
        with time_machine.travel(at("2027-02-01", 9), tick=False):
            for i in range(n):
                actions.add_official(p.ban_cv, case, new_official(f"Cán bộ {n}-{i}"), "related")
                actions.add_organization(
                    p.ban_cv, case, [p.ubkt, p.ubkt2, p.dan_van][case.organizations.count()]
                )
                actions.request_progress(p.ban_cv, case, f"Hỏi {n}-{i}")

    grow(1)
    c = _client(p.ban_cv)
    url = reverse("case-detail", args=[case.pk])
    one = page_queries(c, url)
    grow(2)
    assert page_queries(c, url) == one


def test_every_action_through_its_page(p) -> None:
    ban, leader, xa1 = _client(p.ban_cv), _client(p.ban_leader), _client(p.xa1_cv)
    r = ban.post(
        reverse("case-open"),
        {
            "title": "Vụ trang",
            "category": "complaint",
            "level": "steering",
            "locality": p.xa1.pk,
            "monitor": p.bcd.pk,
        },
    )
    case = Case.objects.get(title="Vụ trang")
    url = reverse("case-detail", args=[case.pk])
    assert r.url == url
    official = new_official("Đỗ Văn Em", workplace=p.xa1)
    assert (
        ban.post(reverse("case-official", args=[case.pk]), {"official": official.pk, "role": "subject"}).url
        == url
    )
    assert ban.post(reverse("case-organization", args=[case.pk]), {"organization": p.ubkt.pk}).url == url
    assert ban.post(reverse("case-move", args=[case.pk]), {"stage": "verification"}).url == url
    # a move the data does not allow: the form says so (only the allowed stages are offered)
    page = ban.post(reverse("case-move", args=[case.pk]), {"stage": "trial"}).content.decode()
    assert "Xét xử" not in page.split('id="case-move-form"')[1].split("</form>")[0]
    assert ban.post(reverse("case-progress", args=[case.pk]), {"question": "Tiến độ?"}).url == url
    progress = case.progress_requests.get()
    page = xa1.get(url).content.decode()
    assert 'class="case-answer-form"' in page
    assert 'id="case-move-form"' not in page
    assert xa1.post(reverse("case-answer", args=[progress.pk]), {"answer": "Đã xác minh xong"}).url == url
    page = leader.get(url).content.decode()
    assert 'data-confirm="Kết thúc vụ án, vụ việc này?' in page
    assert "Đã xác minh xong" in page
    assert "Đỗ Văn Em" in page
    assert "Ủy ban Kiểm tra Huyện ủy" in page
    assert "Cách hiểu của hệ thống" in page
    assert leader.post(reverse("case-close", args=[case.pk]), {"note": "Xong"}).url == url
    case.refresh_from_db()
    assert (case.stage, case.closed) == ("closed", True)
    # GET of an action goes to the case's page (never 405)
    assert ban.get(reverse("case-move", args=[case.pk])).url == url
