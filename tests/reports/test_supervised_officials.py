"""002 IV.3: an organisation's periodic report lists the officials it was assigned to supervise in the period
(002 III.1–2), on the report's page (the submission form): its own list only, at a cost that does not grow with
the number of officials listed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook

from phoihop.formats.vi.collation import fold
from phoihop.officials.models import Official, SupervisionAssignment
from phoihop.reports import queries
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.xlsx import FIRST_ROW, parse_upload

from .conftest import slot_of

D = dt.date


@pytest.fixture
def slots(regs, province):
    generate_slots(2027, codes=["002"])
    return province


def _official(name: str, workplace, year: int = 1975) -> Official:
    return Official.objects.create(
        full_name=name, name_key=fold(name), birth_year=year, position="Phó Giám đốc", workplace=workplace
    )


def _assign(official: Official, supervisor, start: dt.date, end: dt.date | None = None) -> None:
    SupervisionAssignment.objects.create(
        official=official, supervisor=supervisor, started_on=start, ended_on=end
    )


def _listed(client, user, slot) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("reports-slot", args=[slot.pk]))
    assert response.status_code == 200
    rows = lxml_html.fromstring(response.content).xpath('//table[@id="supervised-officials"]/tbody/tr')
    return [[td.text_content().strip() for td in row.xpath("td")] for row in rows]


def test_the_quarterly_report_lists_the_officials_supervised_in_the_quarter(client, slots):
    p = slots
    q1 = slot_of(p.women, obligation="quarterly", period="2027-Q1")
    assert (q1.period_start, q1.period_end) == (D(2027, 1, 1), D(2027, 3, 31))
    _assign(_official("Đỗ Văn Ân", p.labour, 1970), p.women, D(2026, 6, 1))  # still supervised
    _assign(_official("Bùi Thị Ánh", p.youth, 1982), p.women, D(2026, 1, 1), D(2027, 1, 1))  # ended on day 1
    _assign(_official("Vũ Văn Dũng", p.labour), p.women, D(2026, 1, 1), D(2026, 12, 31))  # ended before
    _assign(_official("Cao Thị Em", p.labour), p.women, D(2027, 4, 1))  # starts after the quarter
    # another organisation's list: never on the women's union's report
    _assign(_official("Phan Văn Mật", p.women, 1969), p.labour, D(2026, 1, 1))
    expected = [  # Vietnamese order: "Bùi" before "Đỗ" (b < đ)
        ["Bùi Thị Ánh", "1982", "Phó Giám đốc", "Tỉnh đoàn", "01/01/2026 – 01/01/2027"],
        ["Đỗ Văn Ân", "1970", "Phó Giám đốc", "LĐLĐ tỉnh", "01/06/2026 – nay"],
    ]
    assert _listed(client, p.women_cv, q1) == expected
    # the receiving body (Ban Thường trực UBMTTQ) reads the report with its list
    assert _listed(client, p.front_cv, q1) == expected
    # the labour federation's own report lists its own official only
    labour_q1 = slot_of(p.labour, obligation="quarterly", period="2027-Q1")
    assert [row[0] for row in _listed(client, p.women_leader, q1)] == ["Bùi Thị Ánh", "Đỗ Văn Ân"]
    assert [a.official.full_name for a in queries.supervised_in_period(labour_q1)] == ["Phan Văn Mật"]
    # the next quarter: only who was supervised then
    q2 = slot_of(p.women, obligation="quarterly", period="2027-Q2")
    assert [a.official.full_name for a in queries.supervised_in_period(q2)] == ["Cao Thị Em", "Đỗ Văn Ân"]


def test_an_outsider_gets_404_and_no_name_leaks_to_other_reports(client, slots):
    p = slots
    q1 = slot_of(p.women, obligation="quarterly", period="2027-Q1")
    _assign(_official("Đỗ Văn Ân", p.labour), p.women, D(2026, 6, 1))
    client.force_login(p.farmers_leader)
    assert client.get(reverse("reports-slot", args=[q1.pk])).status_code == 404
    own = slot_of(p.farmers, obligation="quarterly", period="2027-Q1")
    body = client.get(reverse("reports-slot", args=[own.pk])).content.decode()
    assert "Đỗ Văn Ân" not in body
    assert 'id="supervised-officials"' not in body  # nothing supervised: no section


def _slot_queries(client, slot) -> tuple[int, int, int]:
    client.get(reverse("reports-slot", args=[slot.pk]))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports-slot", args=[slot.pk]))
    mine = [q["sql"] for q in ctx.captured_queries if "officials_supervisionassignment" in q["sql"]]
    return len(response.context["supervised"]), len(mine), len(ctx.captured_queries)


def test_the_list_costs_one_query_at_1_and_at_3_officials(client, slots):
    p = slots
    q1 = slot_of(p.women, obligation="quarterly", period="2027-Q1")
    client.force_login(p.women_cv)
    _assign(_official("Cán bộ Thử Một", p.labour), p.women, D(2026, 6, 1))
    listed, mine, one = _slot_queries(client, q1)
    assert (listed, mine) == (1, 1)
    for name in ("Cán bộ Thử Hai", "Cán bộ Thử Ba"):
        _assign(_official(name, p.youth), p.women, D(2026, 6, 1))
    listed, mine, three = _slot_queries(client, q1)
    assert (listed, mine, three) == (3, 1, one)


def test_the_xlsx_template_lists_them_on_its_own_sheet_and_still_uploads(client, slots):
    p = slots
    q1 = slot_of(p.women, obligation="quarterly", period="2027-Q1")
    _assign(_official("Đỗ Văn Ân", p.labour, 1970), p.women, D(2026, 6, 1))
    _assign(_official("Phan Văn Mật", p.women, 1969), p.labour, D(2026, 1, 1))
    client.force_login(p.women_cv)
    response = client.get(reverse("reports-xlsx-template", args=[q1.pk]))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Số liệu", "Cán bộ được giám sát"]
    rows = [list(r) for r in wb["Cán bộ được giám sát"].iter_rows(values_only=True)]
    assert rows == [
        ["Cán bộ được phân công giám sát trong kỳ", None, None, None, None, None],
        ["Họ và tên", "Năm sinh", "Chức vụ", "Nơi công tác", "Từ ngày", "Đến ngày"],
        ["Đỗ Văn Ân", 1970, "Phó Giám đốc", "LĐLĐ tỉnh", "01/06/2026", None],
    ]
    # the filled template (figures on its first sheet) is read as before
    ws = wb["Số liệu"]
    for row in range(FIRST_ROW, ws.max_row + 1):
        ws.cell(row=row, column=3, value=1)
    out = io.BytesIO()
    wb.save(out)
    indicators = list(q1.obligation.indicators.all())
    figures = parse_upload(q1.obligation, indicators, out.getvalue())
    assert figures == {ind.code: 1 for ind in indicators}
