"""The yearly evaluation as a spreadsheet (sheet "Đánh giá"): what the lead body attaches to its review.

Layout: A1 the title (regulation, year), A2 the regulation's full title, A3 the evaluation duty with its article
(or a note that the data names none), A4 the period covered and the day the open items are judged on, A5 the
versions counted; row 6 the groups, row 7 the headers (A body, B role, then one column per metric), one body per
row from row 8, then the totals row. Every figure is a number (int), never text.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..enums import Scope
from .evaluation import Evaluation

SHEET = "Đánh giá"
GROUP_ROW = 6
HEADER_ROW = 7
FIRST_ROW = 8
FIRST_METRIC_COLUMN = 3
TOTAL_LABEL = "Tổng cộng"


def duty_line(ev: Evaluation) -> str:
    duty = ev.duty
    if duty is None:
        return "Căn cứ: dữ liệu quy chế chưa nêu nghĩa vụ đánh giá của cơ quan chủ trì."
    subject = duty.subject.rstrip().rstrip(".")
    return f"Căn cứ: {duty.article} — {subject} (gửi {duty.receiver_name})."


def title_line(ev: Evaluation) -> str:
    return f"Đánh giá việc thực hiện {ev.regulation.display_name} — năm {ev.year}"


def filename(ev: Evaluation) -> str:
    return f"danh-gia-{ev.code}-{ev.year}.xlsx"


def evaluation_xlsx(ev: Evaluation) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = title_line(ev)
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = ev.regulation.title
    ws["A3"] = duty_line(ev)
    ws["A4"] = (
        f"Số liệu từ {ev.first_day:%d/%m/%Y} đến {ev.last_day:%d/%m/%Y}, từ dữ liệu của hệ thống; "
        f"việc còn mở tính đến ngày {ev.today:%d/%m/%Y}."
    )
    versions = ", ".join(str(v.version) for v in sorted(ev.versions, key=lambda v: v.version))
    ws["A5"] = f"Gồm các phiên bản: {versions}." + (
        " Chỉ gồm số liệu của cơ quan mình." if ev.scope == Scope.OWN else ""
    )

    column = FIRST_METRIC_COLUMN
    for label, width in ev.groups:
        ws.cell(row=GROUP_ROW, column=column, value=str(label)).font = Font(bold=True)
        if width > 1:
            ws.merge_cells(
                start_row=GROUP_ROW, start_column=column, end_row=GROUP_ROW, end_column=column + width - 1
            )
        column += width

    headers: list[Any] = ["Cơ quan", "Vai trò", *[str(m.label) for m in ev.metrics]]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    row_no = FIRST_ROW
    for row in ev.rows:
        ws.cell(row=row_no, column=1, value=row.organization.name)
        ws.cell(row=row_no, column=2, value=row.role_label)
        for i, value in enumerate(row.values):
            ws.cell(row=row_no, column=FIRST_METRIC_COLUMN + i, value=int(value))
        row_no += 1
    ws.cell(row=row_no, column=1, value=TOTAL_LABEL).font = Font(bold=True)
    for i, value in enumerate(ev.total_values):
        cell = ws.cell(row=row_no, column=FIRST_METRIC_COLUMN + i, value=int(value))
        cell.font = Font(bold=True)

    ws.column_dimensions["A"].width = 42
    ws.column_dimensions["B"].width = 18
    for i in range(len(ev.metrics)):
        ws.column_dimensions[get_column_letter(FIRST_METRIC_COLUMN + i)].width = 13
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=FIRST_METRIC_COLUMN)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
