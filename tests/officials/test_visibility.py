"""Who sees an official (issue 12, 1): the workplace, the managing body, a supervising body and the bodies a
registered Involvement names; anyone else gets nothing — 404 on the record (page and API), absent from the list,
the search, the supervision list and its export. Search without diacritics; Vietnamese order."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.formats.vi.collation import sorted_vi
from phoihop.officials import queries
from phoihop.officials.domain import assign_supervision
from phoihop.officials.involvement import Involvement, involvement
from phoihop.officials.models import Official

pytestmark = pytest.mark.django_db

SECRET = "MAT-HO-SO-9Z"


@pytest.fixture
def cases_of():
    """A test Involvement: the bodies in `pairs` work on a case about the official."""
    pairs: set[tuple[int, int]] = set()
    entry = Involvement(
        officials_of=lambda org: Official.objects.filter(pk__in=[o for o, b in pairs if b == org]).values(
            "pk"
        ),
        involves=lambda official, org: (official, org) in pairs,
    )
    involvement.add("test-cases", entry)
    yield pairs
    involvement.unregister("test-cases")


@pytest.fixture
def official(p):
    return p.make("Nguyễn Văn An", birth_year=1970, position=f"Chủ tịch {SECRET}", workplace=p.xa1)


def _sees(client, user, official) -> tuple[int, int, bool, bool]:
    client.force_login(user)
    page = client.get(reverse("official-detail", args=[official.pk]))
    api = client.get(f"/api/v1/officials/{official.pk}/")
    listed = client.get(reverse("official-list"))
    api_listed = client.get("/api/v1/officials/?q=nguyen")
    return (
        page.status_code,
        api.status_code,
        SECRET in listed.content.decode(),
        any(r["id"] == official.pk for r in api_listed.json()["results"]),
    )


def test_the_workplace_and_the_managing_body_see_the_official(client, p, official):
    assert _sees(client, p.xa1_cv, official) == (200, 200, True, True)  # workplace
    assert _sees(client, p.ban_leader, official) == (200, 200, True, True)  # managing body


def test_an_unrelated_body_gets_404_and_an_empty_list(client, p, official):
    assert _sees(client, p.farmers_leader, official) == (404, 404, False, False)
    assert _sees(client, p.xa2_cv, official) == (404, 404, False, False)
    client.force_login(p.farmers_leader)
    assert client.get(reverse("official-edit", args=[official.pk])).status_code == 404
    assert (
        client.patch(
            f"/api/v1/officials/{official.pk}/", {"full_name": "X"}, content_type="application/json"
        ).status_code
        == 404
    )
    official.refresh_from_db()
    assert official.full_name == "Nguyễn Văn An"


def test_a_body_working_on_a_case_about_the_official_sees_them(client, p, official, cases_of):
    assert _sees(client, p.ubkt_cv, official) == (404, 404, False, False)
    cases_of.add((official.pk, p.ubkt.pk))
    assert _sees(client, p.ubkt_cv, official) == (200, 200, True, True)
    assert _sees(client, p.ubkt2_cv, official) == (404, 404, False, False)  # another district's committee


def test_a_supervising_body_sees_the_official_while_it_supervises(client, p, official):
    assert _sees(client, p.women_cv, official) == (404, 404, False, False)
    a = assign_supervision(p.board_cv, official, p.women, started_on=dt.date(2026, 1, 5))
    assert _sees(client, p.women_cv, official) == (200, 200, True, True)
    from phoihop.officials.domain import end_supervision

    end_supervision(p.board_cv, a, dt.date(2026, 6, 30))
    assert _sees(client, p.women_cv, official) == (404, 404, False, False)


def test_only_the_managing_bodys_editors_get_the_edit_page(client, p, official):
    for user, status in ((p.ban_cv, 200), (p.ban_admin, 200), (p.ban_clerk, 404), (p.xa1_leader, 404)):
        client.force_login(user)
        assert (user.username, client.get(reverse("official-edit", args=[official.pk])).status_code) == (
            user.username,
            status,
        )


def test_search_without_diacritics_by_words_and_prefixes(p):
    an = p.make("Nguyễn Văn An", workplace=p.xa1)
    binh = p.make("An Thị Bình", workplace=p.xa1)
    lan = p.make("Hoàng Lan", workplace=p.xa1)
    p.make(
        "Nguyễn Văn Anh", workplace=p.xa2, by=p.xa2_cv
    )  # another body's official: never found by the Ban's

    def found(q: str) -> list[int]:
        return [o.pk for o in queries.official_page(p.ban_cv, q).rows]

    assert found("nguyen van") == [an.pk]
    assert found("NGUYỄN   an") == [an.pk]
    assert found("an") == [binh.pk, an.pk]
    assert found("lan") == [lan.pk]
    assert found("hoang la") == [lan.pk]
    assert found("van b") == []
    assert found("") == [binh.pk, lan.pk, an.pk]


def test_the_list_is_in_vietnamese_order_across_pages(p):
    names = [
        "Đỗ Văn Hùng",
        "Dương Thị Lan",
        "Bùi Văn Nam",
        "Bạch Thị Mai",
        "Âu Văn Tú",
        "An Văn Tâm",
        "Ân Thị Hà",
    ]
    for name in names:
        p.make(name, workplace=p.xa1)
    expected = [
        "An Văn Tâm",
        "Ân Thị Hà",
        "Âu Văn Tú",
        "Bạch Thị Mai",
        "Bùi Văn Nam",
        "Dương Thị Lan",
        "Đỗ Văn Hùng",
    ]
    seen, cursor = [], None
    while True:
        page = queries.official_page(p.ban_cv, "", cursor, size=3)
        seen += [o.full_name for o in page.rows]
        if page.next is None:
            break
        cursor = page.next
    assert seen == expected == sorted_vi(names)
    back = queries.official_page(p.ban_cv, "", page.previous, size=3)
    assert [o.full_name for o in back.rows] == expected[3:6]


def test_a_bad_cursor_gets_the_first_page_on_the_web_and_a_400_in_the_api(client, p, official):
    client.force_login(p.ban_cv)
    assert client.get(reverse("official-list") + "?cursor=zz").status_code == 200
    response = client.get("/api/v1/officials/?cursor=a.xx.0")
    assert response.status_code == 400
    assert response.json()["error"] == "bad_cursor"


# --- supervision lists (002 III.1–2, IV.3) --------------------------------------------------------------------


@pytest.fixture
def lists(p):
    """Women's union supervises An (xã Một), the youth union supervises Bình (xã Hai), the district's Front
    supervises Cúc (xã Hai)."""
    an = p.make("Nguyễn Văn An", position=f"Chủ tịch {SECRET}", workplace=p.xa1)
    binh = p.make("Trần Thị Bình", position="Phó Chủ tịch", workplace=p.xa2)
    cuc = p.make("Lê Thị Cúc", position="Bí thư", workplace=p.xa2)
    day = dt.date(2026, 1, 5)
    assign_supervision(p.board_cv, an, p.women, started_on=day, listed_with=p.front)
    assign_supervision(p.board_cv, binh, p.youth, started_on=day, listed_with=p.front)
    assign_supervision(p.front_cv, cuc, p.front_hu, started_on=day)
    return an, binh, cuc


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("women_cv", ["Nguyễn Văn An"]),  # its own list
        ("front_cv", ["Nguyễn Văn An", "Trần Thị Bình"]),  # the lists of its organisations
        ("board_cv", ["Lê Thị Cúc", "Nguyễn Văn An", "Trần Thị Bình"]),  # every list of the province
        ("farmers_leader", []),  # a Front organisation with no list of its own
        ("xa1_cv", []),
    ],
)
def test_each_body_sees_its_supervision_lists(client, p, lists, who, expected):
    user = getattr(p, who)
    assert [a.official.full_name for a in queries.supervision_page(user).rows] == expected
    client.force_login(user)
    page = client.get(reverse("official-supervision")).content.decode()
    assert [name for name in ("Lê Thị Cúc", "Nguyễn Văn An", "Trần Thị Bình") if name in page] == expected
    assert (SECRET in page) == ("Nguyễn Văn An" in expected)
    api = client.get("/api/v1/officials/supervision/").json()
    assert [r["official"]["full_name"] for r in api["results"]] == expected
    export = client.get(reverse("official-supervision") + "?format=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == expected
    assert (SECRET in repr(rows)) == ("Nguyễn Văn An" in expected)


def test_the_export_is_named_in_vietnamese_words_with_dd_mm_yyyy_dates(client, p, lists):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 3, 9, 3, tzinfo=dt.UTC), tick=False):
        client.force_login(p.women_cv)
        export = client.get(reverse("official-supervision") + "?format=xlsx&q=nguyen")
    assert (
        export["Content-Disposition"]
        == 'attachment; filename="danh-sach-can-bo-duoc-giam-sat-09-03-2026.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert list(sheet.iter_rows(min_row=2, values_only=True))[0][8] == "05/01/2026"


def test_supervised_by_lists_what_the_002_reports_need(p, lists):
    an = lists[0]
    assert [
        a.official for a in queries.supervised_by(p.women.pk, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    ] == [an]
    assert list(queries.supervised_by(p.women.pk, dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_personnel_requests_a_body_took_part_in_are_read_on_their_partial_index(p):
    """The registry's involvement through personnel consultations reads the few requests naming an official
    (request_personnel_idx), never every request of the province (8.7× its template at 500,000 requests)."""
    sql, params = queries.visible_to(p.ban_cv).order_by("sort_name", "pk")[:51].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = [str(row[-1]) for row in cursor.fetchall()]
    assert any("request_personnel_idx" in line for line in plan), plan
    assert not [line for line in plan if line.startswith("SCAN") and "INDEX" not in line], plan
