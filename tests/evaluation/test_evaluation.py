"""Yearly evaluation of each regulation (000 7.1, 001 17.3, 002 IV.2, 003 6.3, 004 6.2): exact figures per body
and totals from a year of work made with the domain actions; work under another regulation or in another year
is not counted; the .xlsx holds the same numbers; who sees which rows (with data that could leak); bad input;
a fixed number of queries whatever the number of bodies; the API schema."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from phoihop.accounts.enums import Role
from phoihop.common.errors import PolicyViolation
from phoihop.common.files import XLSX_TYPE
from phoihop.consultations.domain import actions as consult
from phoihop.consultations.enums import DeliveryState, Position, RequestKind
from phoihop.consultations.models import Delivery
from phoihop.evaluation.domain.evaluation import (
    EvaluationNotFound,
    InvalidYear,
    evaluate,
    evaluation_duty,
    parse_year,
)
from phoihop.evaluation.domain.xlsx import FIRST_ROW, HEADER_ROW, evaluation_xlsx
from phoihop.evaluation.enums import Access
from phoihop.evaluation.queries import evaluable_regulations, evaluation_for, rows_visible_to
from phoihop.evaluation.rules import access_for
from phoihop.evaluation.sources import METRICS, SOURCES, Metric, Source, register_source
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.models import Regulation
from phoihop.reports.domain import actions as report_actions
from phoihop.reports.enums import SlotOrigin
from tests.consultations.conftest import make_regulation
from tests.factories import OrganizationFactory, UserFactory
from tests.layout import LAYOUT_QUERIES, page_queries

from .conftest import at
from .evaluation_fixtures import Year2027, build_year, delivery, send_request

pytestmark = pytest.mark.django_db

TODAY = at("2027-03-15", 10)
KEYS = [m.key for m in METRICS]
API = "/api/v1/evaluation"


def fig(**values: int) -> dict[str, int]:
    """A full row of figures: every metric 0 unless given."""
    unknown = set(values) - set(KEYS)
    assert not unknown, unknown
    return {k: values.get(k, 0) for k in KEYS}


BAN = fig(requests_sent=7, requests_withdrawn=1, escalations=1, requests_received=1, open_in_time=1)
XA2 = fig(
    requests_sent=1,
    requests_received=4,
    answered_on_time=2,
    extensions=1,
    open_overdue=1,
    reports_due=18,
    reports_missing=2,
    reports_pending=16,
)
XA1 = fig(
    requests_received=4,
    answered_on_time=1,
    deemed_consents=2,
    reports_due=18,
    reports_on_time=1,
    reports_late=1,
    reports_pending=16,
)
TOTALS = {k: BAN[k] + XA1[k] + XA2[k] for k in KEYS}
# rows in page order: the lead body first, then the partners by name
EXPECTED = [
    ("BNCTU", "Ban Nội chính Tỉnh ủy", "lead", BAN),
    ("DUX2", "Đảng ủy xã An Hai", "partner", XA2),
    ("DUX1", "Đảng ủy xã An Một", "partner", XA1),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The province has twenty users and these tests sign in with force_login: hash their passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def year(regs, province, tmp_path) -> Year2027:
    return build_year(province, tmp_path)


def rows_of(ev: Any) -> list[tuple[str, str, str, dict[str, int]]]:
    return [(r.organization.abbreviation, r.organization.name, r.role, r.figures) for r in ev.rows]


def login(client: Any, user: Any, when: dt.datetime = TODAY) -> Any:
    """Signed in at `when`, so that the session is still valid on the day the test travels to."""
    with time_machine.travel(when, tick=False):
        client.force_login(user)
    return client


def urls(code: str = "003", year: int | str = 2027) -> dict[str, str]:
    return {
        "page": reverse("evaluation-detail", args=[code, str(year)]),
        "xlsx": reverse("evaluation-xlsx", args=[code, str(year)]),
        "api": f"{API}/{code}/{year}/",
    }


def table_rows(response: Any) -> list[list[str]]:
    doc = lxml_html.fromstring(response.content.decode())
    return [
        [" ".join(c.text_content().split()) for c in tr.xpath("./th|./td")]
        for tr in doc.xpath("//table[@id='evaluation']/tbody/tr|//table[@id='evaluation']/tfoot/tr")
    ]


def page_row(name: str, role: str, figures: dict[str, int]) -> list[str]:
    return [name, role, *[str(figures[k]) for k in KEYS]]


ROLE_LABELS = {"lead": "Cơ quan chủ trì", "partner": "Cơ quan phối hợp"}


# --- the figures -------------------------------------------------------------------------------------------


def test_every_body_row_and_the_totals_are_exact(year):
    ev = evaluate("003", 2027, today=TODAY.date())
    assert rows_of(ev) == EXPECTED
    assert ev.totals == TOTALS
    assert (ev.year, ev.code, [v.version for v in ev.versions], ev.regulation.version) == (
        2027,
        "003",
        [4, 3],
        4,
    )
    assert (ev.first_day, ev.last_day, ev.today) == (dt.date(2027, 1, 1), dt.date(2027, 12, 31), TODAY.date())


def test_the_story_behind_the_figures(year):
    """What answer() allows: up to 24:00 of the (extended) deadline day, never after it."""
    assert year.late_answer_refused is True
    r1_xa2 = delivery(year.r1, year.p.xa2)
    assert (r1_xa2.state, r1_xa2.original_deadline, r1_xa2.deadline) == (
        DeliveryState.ANSWERED,
        dt.date(2027, 3, 8),
        dt.date(2027, 3, 12),
    )
    assert r1_xa2.answered_at == at("2027-03-12", 23, 59)
    r3_xa2 = delivery(year.r3, year.p.xa2)
    assert (r3_xa2.state, r3_xa2.deadline, r3_xa2.answered_at) == (
        DeliveryState.RECEIVED,
        dt.date(2027, 3, 9),
        None,
    )
    r2_xa1 = delivery(year.r2, year.p.xa1)
    assert (r2_xa1.state, r2_xa1.deemed_at) == (DeliveryState.DEEMED_CONSENT, at("2027-03-09", 0, 0))
    assert year.r1.escalation.authority == year.p.btv


def test_an_answer_recorded_after_the_deadline_counts_as_late(year):
    """answer() refuses after the deadline, so only data entered outside it (e.g. imported) can be late; the
    evaluation classifies it all the same, by the local date of the answer."""
    with pytest.raises(PolicyViolation):
        with time_machine.travel(at("2027-03-16", 9), tick=False):
            consult.answer(year.p.xa2_leader, delivery(year.r3, year.p.xa2), position=Position.AGREE)
    Delivery.objects.filter(pk=delivery(year.r3, year.p.xa2).pk).update(
        state=DeliveryState.ANSWERED, position=Position.AGREE, answered_at=at("2027-03-10", 0, 0)
    )
    ev = evaluate("003", 2027, today=TODAY.date())
    assert ev.row_for(year.p.xa2.pk).figures == {**XA2, "answered_late": 1, "open_overdue": 0}
    assert ev.totals["answered_late"] == 1


def test_open_items_are_judged_on_the_day_given(year):
    """On 9/3 (before R3's deadline ended) R3 is still in time; on 18/3 R4 (deadline 17/3) is overdue."""
    on_9 = evaluate("003", 2027, today=dt.date(2027, 3, 9))
    assert on_9.row_for(year.p.xa2.pk).figures["open_in_time"] == 1
    assert on_9.row_for(year.p.xa2.pk).figures["open_overdue"] == 0
    on_18 = evaluate("003", 2027, today=dt.date(2027, 3, 18))
    assert (
        on_18.row_for(year.p.ban.pk).figures["open_in_time"],
        on_18.row_for(year.p.ban.pk).figures["open_overdue"],
    ) == (0, 1)


def test_another_year_counts_only_its_own_work(year):
    ev = evaluate("003", 2026, today=TODAY.date())
    assert rows_of(ev) == [
        ("BNCTU", "Ban Nội chính Tỉnh ủy", "lead", fig(requests_sent=1)),
        ("DUX2", "Đảng ủy xã An Hai", "partner", fig(reports_due=18, reports_missing=18)),
        (
            "DUX1",
            "Đảng ủy xã An Một",
            "partner",
            fig(requests_received=1, deemed_consents=1, reports_due=18, reports_missing=18),
        ),
    ]
    empty = evaluate("003", 2028, today=TODAY.date())
    assert [r.figures for r in empty.rows] == [fig(), fig(), fig()]


def test_another_regulation_counts_only_its_own_work(year):
    ev = evaluate("004", 2027, today=TODAY.date())
    counted = {r.organization.abbreviation: r.figures for r in ev.rows if any(r.figures.values())}
    assert counted == {
        "BNCTU": fig(requests_sent=1),
        "HU": fig(requests_received=1, deemed_consents=1),
    }


def test_a_regulation_object_of_any_version_evaluates_the_whole_code(year):
    assert rows_of(evaluate(year.v1, 2027, today=TODAY.date())) == EXPECTED
    assert rows_of(evaluate(year.v2, 2027, today=TODAY.date())) == EXPECTED


def test_the_evaluation_duty_of_each_regulation(regs):
    found = {
        reg.code: evaluation_duty(reg).article
        for reg in Regulation.objects.prefetch_related("parties", "evaluation_duties").order_by("code")
    }
    assert found == {
        "000": "Điều 7 khoản 1",
        "001": "Điều 17 khoản 3",
        "002": "Mục IV.2",
        "003": "Điều 6 khoản 3",
        "004": "Điều 6 khoản 2",
    }


def test_another_capability_adds_its_figures_with_register_source(year):
    ban_id = year.p.ban.pk
    extra = Source(
        "meetings",
        "Họp, hội nghị",
        (Metric("meetings_hosted", "Cuộc họp đã chủ trì", "meetings"),),
        lambda bounds: {ban_id: {"meetings_hosted": bounds.year - 2024}},
    )
    register_source(extra)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_source(extra)
        ev = evaluate("003", 2027, today=TODAY.date())
        ws = load_workbook(io.BytesIO(evaluation_xlsx(ev))).active
    finally:
        SOURCES.remove(extra)
    assert [m.key for m in ev.metrics] == [*KEYS, "meetings_hosted"]
    assert [r.figures for r in ev.rows] == [
        {**BAN, "meetings_hosted": 3},
        {**XA2, "meetings_hosted": 0},
        {**XA1, "meetings_hosted": 0},
    ]
    assert ev.groups[-1] == ("Họp, hội nghị", 1)
    assert (
        ws.cell(row=HEADER_ROW, column=3 + len(KEYS)).value,
        ws.cell(row=FIRST_ROW, column=3 + len(KEYS)).value,
    ) == (
        "Cuộc họp đã chủ trì",
        3,
    )
    assert [m.key for m in evaluate("003", 2027, today=TODAY.date()).metrics] == KEYS


# --- the .xlsx -----------------------------------------------------------------------------------------------


def test_the_xlsx_holds_the_same_numbers(year):
    ev = evaluate("003", 2027, today=TODAY.date())
    ws = load_workbook(io.BytesIO(evaluation_xlsx(ev))).active
    assert [ws[f"A{i}"].value for i in range(1, 6)] == [
        "Đánh giá việc thực hiện Ban Nội chính Tỉnh ủy – các đảng ủy xã, phường (Hưng Yên) — năm 2027",
        ev.regulation.title,
        "Căn cứ: Điều 6 khoản 3 — Hằng năm hoặc khi cần thiết đánh giá kết quả thực hiện Quy chế, báo cáo Ban "
        "Thường vụ Tỉnh ủy xem xét, chỉ đạo (gửi Ban Thường vụ Tỉnh ủy).",
        "Số liệu từ 01/01/2027 đến 31/12/2027, từ dữ liệu của hệ thống; việc còn mở tính đến ngày 15/03/2027.",
        "Gồm các phiên bản: 3, 4.",
    ]
    header = [c.value for c in ws[HEADER_ROW]]
    assert header == ["Cơ quan", "Vai trò", *[str(m.label) for m in METRICS]]
    body = [list(r) for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)]
    assert body == [
        ["Ban Nội chính Tỉnh ủy", "Cơ quan chủ trì", *[BAN[k] for k in KEYS]],
        ["Đảng ủy xã An Hai", "Cơ quan phối hợp", *[XA2[k] for k in KEYS]],
        ["Đảng ủy xã An Một", "Cơ quan phối hợp", *[XA1[k] for k in KEYS]],
        ["Tổng cộng", None, *[TOTALS[k] for k in KEYS]],
    ]
    assert all(isinstance(v, int) for row in body for v in row[2:])


def test_the_xlsx_download(client, year):
    login(client, year.p.ban_leader)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(urls()["xlsx"])
    assert (response.status_code, response["Content-Type"]) == (200, XLSX_TYPE)
    assert response["Content-Disposition"] == 'attachment; filename="danh-gia-003-2027.xlsx"'
    ws = load_workbook(io.BytesIO(response.content)).active
    names = [r[0] for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)]
    assert names == ["Ban Nội chính Tỉnh ủy", "Đảng ủy xã An Hai", "Đảng ủy xã An Một", "Tổng cộng"]


# --- pages and API for the lead body ----------------------------------------------------------------------------


def test_the_lead_body_sees_every_row_on_the_page(client, year):
    login(client, year.p.ban_cv)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(urls()["page"])
    assert response.status_code == 200
    assert table_rows(response) == [
        page_row(name, ROLE_LABELS[role], figures) for _, name, role, figures in EXPECTED
    ] + [["Tổng cộng", "", *[str(TOTALS[k]) for k in KEYS]]]
    doc = lxml_html.fromstring(response.content.decode())
    assert " ".join(doc.xpath("//p[@id='duty']")[0].text_content().split()).startswith(
        "Căn cứ: Điều 6 khoản 3 — "
    )
    assert " ".join(doc.xpath("//p[@id='period']")[0].text_content().split()) == (
        "Số liệu từ 01/01/2027 đến 31/12/2027, từ dữ liệu của hệ thống; việc còn mở tính đến ngày 15/03/2027. "
        "Gồm các phiên bản: 3, 4."
    )
    assert doc.xpath("//a[@id='xlsx-link']/@href") == [urls()["xlsx"]]
    assert doc.xpath("//a[@id='previous-year']/@href") == [urls(year=2026)["page"]]


def test_the_api_returns_the_same_figures(client, year):
    login(client, year.p.ban_cv)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(urls()["api"])
    assert response.status_code == 200
    data = response.json()
    assert [(r["organization"], r["organization_name"], r["role"], r["figures"]) for r in data["rows"]] == [
        (year.p.ban.code, "Ban Nội chính Tỉnh ủy", "lead", BAN),
        (year.p.xa2.code, "Đảng ủy xã An Hai", "partner", XA2),
        (year.p.xa1.code, "Đảng ủy xã An Một", "partner", XA1),
    ]
    assert data["totals"] == TOTALS
    assert (data["year"], data["versions"], data["scope"], data["as_of"]) == (
        2027,
        [3, 4],
        "all",
        "2027-03-15",
    )
    assert (data["period_start"], data["period_end"]) == ("2027-01-01", "2027-12-31")
    assert (data["regulation"]["code"], data["regulation"]["version"]) == ("003", 4)
    assert (data["duty"]["code"], data["duty"]["article"], data["duty"]["receiver_name"]) == (
        "annual-regulation-evaluation",
        "Điều 6 khoản 3",
        "Ban Thường vụ Tỉnh ủy",
    )
    assert [m["key"] for m in data["metrics"]] == KEYS
    assert [m["group"] for m in data["metrics"]] == (
        ["requests"] * 3
        + ["deliveries"] * 7
        + ["reports"] * 5
        + ["information_sent"]
        + ["cases"] * 10
        + ["information_results"] * 3
        + ["petitions"] * 6
        + ["petition_results"] * 3
        + ["reception"] * 4
    )
    assert data["metrics"][4] == {
        "key": "answered_on_time",
        "label": "Trả lời đúng hạn",
        "group": "deliveries",
        "description": "Trả lời trước 24:00 ngày hết hạn (hạn mới nếu đã báo gia hạn).",
    }


# --- permissions ---------------------------------------------------------------------------------------------------


def test_the_receiver_of_the_evaluation_and_a_system_admin_see_every_row(client, year):
    admin = UserFactory(organization=None, role=Role.SYSTEM_ADMIN)
    for user in (year.p.btv_leader, admin):
        login(client, user)
        with time_machine.travel(TODAY, tick=False):
            data = client.get(urls()["api"]).json()
            page = client.get(urls()["page"])
        assert ([r["figures"] for r in data["rows"]], data["totals"], data["scope"]) == (
            [BAN, XA2, XA1],
            TOTALS,
            "all",
        )
        assert [r[0] for r in table_rows(page)] == [
            "Ban Nội chính Tỉnh ủy",
            "Đảng ủy xã An Hai",
            "Đảng ủy xã An Một",
            "Tổng cộng",
        ]


def test_a_partner_sees_only_its_own_row(client, year):
    login(client, year.p.xa1_cv)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(urls()["page"])
        data = client.get(urls()["api"]).json()
        sheet = client.get(urls()["xlsx"])
    assert page.status_code == 200
    assert table_rows(page) == [page_row("Đảng ủy xã An Một", "Cơ quan phối hợp", XA1)]
    body = page.content.decode()
    for other in ("Ban Nội chính Tỉnh ủy</th>", "Đảng ủy xã An Hai", "Tổng cộng</th>"):
        assert other not in body
    assert lxml_html.fromstring(body).xpath("//p[@id='own-only']")
    assert ([r["organization"] for r in data["rows"]], data["totals"], data["scope"]) == (
        [year.p.xa1.code],
        XA1,
        "own",
    )
    ws = load_workbook(io.BytesIO(sheet.content)).active
    assert [list(r) for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)] == [
        ["Đảng ủy xã An Một", "Cơ quan phối hợp", *[XA1[k] for k in KEYS]],
        ["Tổng cộng", None, *[XA1[k] for k in KEYS]],
    ]
    assert ws["A5"].value == "Gồm các phiên bản: 3, 4. Chỉ gồm số liệu của cơ quan mình."


def test_rows_visible_to_filters_a_computed_evaluation(year):
    ev = evaluate("003", 2027, today=TODAY.date())
    assert rows_of(rows_visible_to(year.p.ban_cv, ev)) == EXPECTED
    own = rows_visible_to(year.p.xa2_cv, ev)
    assert (rows_of(own), own.totals) == ([EXPECTED[1]], XA2)
    with pytest.raises(EvaluationNotFound):
        rows_visible_to(year.p.outsider, ev)
    assert [access_for(u, ev.parties) for u in (year.p.btv_leader, year.p.xa1_cv, year.p.hu_cv)] == [
        Access.ALL,
        Access.OWN,
        Access.NONE,
    ]


@pytest.mark.parametrize("who", ["outsider", "hu_cv", "no_org"])
def test_a_body_not_party_to_the_regulation_gets_404_and_no_figure(client, year, who):
    """The farmers' association (a party to 002, not to 003), the district committee (a party to 004 only) and
    a user without an organisation."""
    user = UserFactory(organization=None) if who == "no_org" else getattr(year.p, who)
    login(client, user)
    with time_machine.travel(TODAY, tick=False):
        for name, url in urls().items():
            response = client.get(url)
            assert (name, response.status_code) == (name, 404)
            body = response.content.decode()
            for leak in ("Đảng ủy xã An", "Ban Nội chính Tỉnh ủy", '"figures"'):
                assert leak not in body
        with pytest.raises(EvaluationNotFound):
            evaluation_for(user, "003", 2027)
    assert client.get(urls()["api"]).json()["error"] == "not_found"


def test_anonymous_users_are_sent_to_login_or_get_401(client, year):
    for name in ("page", "xlsx"):
        url = urls()[name]
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"{reverse('login')}?next={url}")
    response = client.get(reverse("evaluation-index"))
    assert response.status_code == 302
    api = client.get(urls()["api"])
    assert (api.status_code, api.json()["error"]) == (401, "not_authenticated")


def test_the_index_lists_what_each_user_may_evaluate(client, year):
    cases = {
        year.p.ban_cv: [("001", "own"), ("003", "all"), ("004", "all")],  # a partner of 001
        year.p.xa1_cv: [("003", "own")],
        year.p.btv_leader: [("001", "all"), ("002", "all"), ("003", "all"), ("004", "all")],
        year.p.outsider: [("002", "own")],
        year.p.ubkt_cv: [("000", "all")],
        year.p.btv_hu_leader: [("000", "all")],  # the receiver of 000's review (Art. 7.1)
        year.p.hu_cv: [("001", "own"), ("004", "own")],
    }
    for user, expected in cases.items():
        assert [(e.regulation.code, e.access.value) for e in evaluable_regulations(user)] == expected
    login(client, year.p.xa1_cv)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(reverse("evaluation-index"), {"nam": "2026"})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content.decode())
    assert doc.xpath("//table[@id='evaluable']//a/@href") == [
        urls(year=2026)["page"],
        urls(year=2026)["xlsx"],
    ]
    assert doc.xpath("//input[@name='nam']/@value") == ["2026"]
    login(
        client,
        UserFactory(
            organization=OrganizationFactory(
                kind=OrganizationKind.INTERNAL_AFFAIRS_BOARD, level=Level.CENTRAL
            )
        ),
    )
    response = client.get(reverse("evaluation-index"))
    assert (
        response.status_code,
        lxml_html.fromstring(response.content.decode()).xpath("//p[@id='none']/text()"),
    ) == (
        200,
        ["Cơ quan của bạn không tham gia quy chế nào để đánh giá."],
    )


# --- bad input --------------------------------------------------------------------------------------------------------

YEAR_MESSAGE = "Năm không hợp lệ: hãy nhập năm gồm 4 chữ số, từ 2000 đến 2100."


@pytest.mark.parametrize("bad", ["abc", "1800", "20270", "2101", "-2027", "٢٠٢٧"])
def test_a_bad_year_gets_a_vietnamese_message(client, year, bad):
    login(client, year.p.ban_cv)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(urls(year=bad)["page"])
        sheet = client.get(urls(year=bad)["xlsx"])
        api = client.get(urls(year=bad)["api"])
        index = client.get(reverse("evaluation-index"), {"nam": bad})
    for response in (page, sheet, index):
        assert response.status_code == 400
        doc = lxml_html.fromstring(response.content.decode())
        assert doc.xpath("//ul[@id='year-error']/li/text()") == [YEAR_MESSAGE]
    assert (api.status_code, api.json()) == (
        400,
        {"error": "invalid_year", "detail": YEAR_MESSAGE, "fields": {"year": [YEAR_MESSAGE]}},
    )
    with pytest.raises(InvalidYear, match="Năm không hợp lệ"):
        parse_year(bad)


def test_an_unknown_regulation_gets_404(client, year):
    login(client, year.p.ban_cv)
    with time_machine.travel(TODAY, tick=False):
        for code in ("999", "xyz", "00"):
            for name, url in urls(code).items():
                assert (code, name, client.get(url).status_code) == (code, name, 404)
        api = client.get(urls("999")["api"]).json()
    assert api == {"error": "not_found", "detail": "Không có quy chế này."}


# --- queries --------------------------------------------------------------------------------------------------------


def _province_of(n: int, reg: Regulation, ban: Any, ban_cv: Any, ban_leader: Any) -> None:
    """n more communes, each sent a request it answers and asked for an ad hoc report."""
    communes = []
    for _ in range(n):
        commune = OrganizationFactory(kind=OrganizationKind.PARTY_COMMITTEE, level=Level.COMMUNE)
        leader = UserFactory(organization=commune, role=Role.LEADER)
        req = send_request(ban_cv, ban_leader, reg, [commune], at("2025-03-03", 8), RequestKind.CONSULTATION)
        with time_machine.travel(at("2025-03-04", 9), tick=False):
            consult.answer(leader, delivery(req, commune), position=Position.AGREE)
        communes.append(commune)
    with time_machine.travel(at("2025-03-04", 10), tick=False):
        report_actions.create_request(
            ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject="Báo cáo đột xuất",
            reporters=communes,
            due_on=dt.date(2025, 3, 20),
            regulation=reg,
        )


# 10, then one query per source of issue 12 (information: sent and results; cases: by stage) and of issue 13
# (petitions: received, and results of transfers)
PAGE_QUERIES = 15 + LAYOUT_QUERIES
API_QUERIES = 15


def test_page_and_api_queries_do_not_grow_with_the_number_of_bodies(client, db, django_assert_num_queries):
    reg = make_regulation("T03")
    ban = OrganizationFactory(kind=OrganizationKind.INTERNAL_AFFAIRS_BOARD, level=Level.PROVINCE)
    ban_cv = UserFactory(organization=ban, role=Role.SPECIALIST)
    ban_leader = UserFactory(organization=ban, role=Role.LEADER)
    login(client, ban_cv, at("2025-03-10", 9))  # when the requests below run (sessions idle out in 30 min)
    page, api = urls("T03", 2025)["page"], urls("T03", 2025)["api"]
    counts = []
    for added, bodies in ((1, 2), (2, 4)):  # 1 commune, then 3 communes (plus the lead body)
        _province_of(added, reg, ban, ban_cv, ban_leader)
        with time_machine.travel(at("2025-03-10", 9), tick=False):
            counts.append((page_queries(client, page), page_queries(client, api)))
            ev = evaluation_for(ban_cv, "T03", 2025)
        assert len(ev.rows) == bodies
        assert ev.totals["requests_received"] == bodies - 1
        assert ev.totals["answered_on_time"] == bodies - 1
        assert ev.totals["reports_due"] == bodies - 1
    assert counts == [(PAGE_QUERIES, API_QUERIES), (PAGE_QUERIES, API_QUERIES)]
    with time_machine.travel(at("2025-03-10", 9), tick=False):
        with django_assert_num_queries(PAGE_QUERIES):
            client.get(page)
        with django_assert_num_queries(API_QUERIES):
            client.get(api)


# --- schema ----------------------------------------------------------------------------------------------------------


def test_the_api_is_in_the_schema_without_warnings(client, province):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    login(client, province.ban_cv)
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    op = schema["paths"]["/api/v1/evaluation/{code}/{year}/"]["get"]
    assert (op["operationId"], op["tags"]) == ("evaluation_retrieve", ["evaluation"])
    assert [p["name"] for p in op["parameters"]] == ["code", "year"]
    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    messages = list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    assert [m for m in messages if "valuation" in m] == []
