"""Consolidation totals, the .xlsx export and the document archive; the .xlsx template and its upload."""

from __future__ import annotations

import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from phoihop.reports.domain import actions
from phoihop.reports.domain.consolidation import build_table, upward_slot, with_sent_versions
from phoihop.reports.domain.figures import FiguresError
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.xlsx import XLSX_TYPE, documents_zip, table_xlsx, template
from phoihop.reports.models import ReportSlot, ReportSubmission

from .conftest import FIGURES_003, at, pdf, send, slot_of

FIG2 = {k: v * 2 + 1 for k, v in FIGURES_003.items()}


@pytest.fixture
def sent(regs, province):
    generate_slots(2027, codes=["003", "002"])
    with time_machine.travel(at("2027-01-20", 9), tick=False):
        send(slot_of(province.xa1), province.xa1_cv, province.xa1_leader, name="xa1.pdf")
        send(slot_of(province.xa2), province.xa2_cv, province.xa2_leader, figures=FIG2, name="xa2.pdf")
    return province


def _table():
    slots = list(
        with_sent_versions(ReportSlot.objects.filter(obligation__code="monthly", period_key="2027-01"))
    )
    return build_table(slots, list(slots[0].obligation.indicators.all()), slots[0].due_on)


def test_totals_equal_the_sum_and_the_xlsx_holds_the_same_numbers(sent):
    table = _table()
    codes = [i.code for i in table.indicators]
    assert table.totals == [FIGURES_003[c] + FIG2[c] for c in codes]
    assert [r.values for r in table.rows] == [[FIG2[c] for c in codes], [FIGURES_003[c] for c in codes]]
    ws = load_workbook(io.BytesIO(table_xlsx(table))).active
    rows = [list(r) for r in ws.iter_rows(min_row=5, values_only=True)]
    assert rows == [
        ["Đảng ủy xã An Hai", "Đúng hạn", 1, *[FIG2[c] for c in codes]],
        ["Đảng ủy xã An Một", "Đúng hạn", 1, *[FIGURES_003[c] for c in codes]],
        ["Tổng cộng", None, None, *table.totals],
    ]


def test_archive_holds_every_sent_document(sent):
    with zipfile.ZipFile(io.BytesIO(documents_zip(_table()))) as zf:
        # one folder per body under its name (not its abbreviation or code), in UTF-8
        assert sorted(zf.namelist()) == ["Đảng ủy xã An Hai/lan-1-xa2.pdf", "Đảng ủy xã An Một/lan-1-xa1.pdf"]
        assert zf.read("Đảng ủy xã An Một/lan-1-xa1.pdf") == b"%PDF-1.4 bao cao"
        assert all(info.flag_bits & 0x800 for info in zf.infolist())


def test_upward_slot_of_the_front(regs, province):
    generate_slots(2027, codes=["002"])
    slot = ReportSlot.objects.get(reporter=province.women, obligation__code="quarterly", period_key="2027-Q2")
    up = upward_slot(province.front.pk, slot.regulation_id, "2027-Q2")
    assert up is not None
    assert (up.obligation.code, up.receiver.abbreviation, str(up.due_on)) == (
        "consolidated-quarterly",
        "BTVTU",
        "2027-06-30",
    )


def _filled(slot, edit=None) -> SimpleUploadedFile:
    indicators = list(slot.obligation.indicators.all())
    wb = load_workbook(io.BytesIO(template(slot.obligation, indicators, period=slot.period_label)))
    ws = wb.active
    for i, ind in enumerate(indicators):
        ws.cell(row=4 + i, column=3, value=FIGURES_003[ind.code])
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue(), content_type=XLSX_TYPE)


def test_upload_of_a_filled_template(regs, province):
    generate_slots(2027, codes=["003"])
    slot = slot_of(province.xa1)
    draft = actions.upload_figures(province.xa1_cv, slot, _filled(slot), document=pdf())
    assert draft.figures == FIGURES_003


def _text(ws):
    ws["C4"] = "mười hai"


def _missing(ws):
    ws.delete_rows(9)


def _wrong(ws):
    ws["B2"] = "003/quarterly/v2"


def _negative(ws):
    ws["C5"] = -1
    ws["C6"] = None


@pytest.mark.parametrize(
    ("edit", "errors"),
    [
        (_text, ["Dòng 4, cột C: phải là số"]),
        (
            _missing,
            [
                "Dòng 9, cột A: thiếu chỉ tiêu “Số cán bộ, đảng viên bị xem xét, xử lý” (mã officials_handled)",
                "Dòng 10, cột A: thiếu chỉ tiêu “Số buổi làm việc với chuyên viên theo dõi địa bàn” (mã specialist_visits)",
            ],
        ),
        (
            _wrong,
            [
                "Tệp không đúng mẫu của báo cáo này (dòng 2, cột B phải là “003/monthly/v3”); "
                "hãy tải mẫu trên trang báo cáo"
            ],
        ),
        (
            _negative,
            [
                "Dòng 5, cột C: phải là số nguyên không âm",
                "Dòng 6, cột C: chưa nhập số liệu “Số đơn do Ban Nội chính Tỉnh ủy chuyển về đã giải quyết”",
            ],
        ),
    ],
)
def test_bad_upload_is_refused_with_row_and_column(regs, province, edit, errors):
    generate_slots(2027, codes=["003"])
    slot = slot_of(province.xa1)
    with pytest.raises(FiguresError) as exc:
        actions.upload_figures(province.xa1_cv, slot, _filled(slot, edit), document=pdf())
    assert exc.value.errors == errors
    assert ReportSubmission.objects.count() == 0


def test_not_a_spreadsheet(regs, province):
    generate_slots(2027, codes=["003"])
    with pytest.raises(FiguresError) as exc:
        actions.upload_figures(
            province.xa1_cv, slot_of(province.xa1), SimpleUploadedFile("x.xlsx", b"PK\x03\x04junk")
        )
    assert exc.value.errors == ["Tệp không phải bảng tính .xlsx đọc được"]
    assert ReportSubmission.objects.count() == 0
