"""Spreadsheets: the figures template of an obligation and its upload, the period table, the evaluation.

Template layout (sheet "Số liệu"): A1 title, B2 the template code "<regulation>/<obligation>/v<version>",
row 3 headers (A code, B indicator, C figure), one indicator per row from row 4.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from unidecode import unidecode

from .figures import FiguresError, to_count

SHEET = "Số liệu"
FIRST_ROW = 4
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_code(obligation: Any) -> str:
    return f"{obligation.regulation.code}/{obligation.code}/v{obligation.regulation.version}"


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template(obligation: Any, indicators: Sequence[Any], *, reporter: str = "", period: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    ws["A1"] = " — ".join(x for x in (obligation.title, period, reporter) if x)
    ws["A1"].font = Font(bold=True)
    ws["A2"] = "Mã mẫu (không sửa)"
    ws["B2"] = template_code(obligation)
    for col, text in zip("ABC", ("Mã chỉ tiêu", "Chỉ tiêu", "Số liệu"), strict=True):
        ws[f"{col}3"] = text
        ws[f"{col}3"].font = Font(bold=True)
    for i, ind in enumerate(indicators):
        ws.cell(row=FIRST_ROW + i, column=1, value=ind.code)
        ws.cell(row=FIRST_ROW + i, column=2, value=ind.label)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 14
    return _bytes(wb)


def parse_upload(obligation: Any, indicators: Sequence[Any], data: bytes) -> dict[str, int]:
    """Figures from a filled template; every problem named by its row and column. Raises FiguresError."""
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken or foreign file
        raise FiguresError(["Tệp không phải bảng tính .xlsx đọc được"], field="xlsx") from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    expected = template_code(obligation)
    if str(ws["B2"].value or "").strip() != expected:
        raise FiguresError(
            [
                f"Tệp không đúng mẫu của báo cáo này (dòng 2, cột B phải là “{expected}”); hãy tải mẫu trên trang báo cáo"
            ],
            field="xlsx",
        )
    errors: list[str] = []
    figures: dict[str, int] = {}
    for i, ind in enumerate(indicators):
        row = FIRST_ROW + i
        code = str(ws.cell(row=row, column=1).value or "").strip()
        if code != ind.code:
            errors.append(f"Dòng {row}, cột A: thiếu chỉ tiêu “{ind.label}” (mã {ind.code})")
            continue
        value = to_count(ws.cell(row=row, column=3).value)
        if value is None:
            errors.append(f"Dòng {row}, cột C: chưa nhập số liệu “{ind.label}”")
        elif isinstance(value, str):
            errors.append(f"Dòng {row}, cột C: {value}")
        else:
            figures[ind.code] = value
    extra = FIRST_ROW + len(indicators)
    for row in range(extra, (ws.max_row or 0) + 1):
        code = str(ws.cell(row=row, column=1).value or "").strip()
        if code:
            errors.append(f"Dòng {row}, cột A: chỉ tiêu “{code}” không có trong mẫu")
    if errors:
        raise FiguresError(errors, field="xlsx")
    return figures


def table_xlsx(table: Any) -> bytes:
    """The period table: one row per reporting body with its status and figures, then the totals."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tổng hợp"
    ws["A1"] = f"{table.title} — {table.period_label}"
    ws["A1"].font = Font(bold=True)
    ws["A2"] = f"Hạn gửi: {table.due_on:%d/%m/%Y}" if table.due_on else ""
    headers = ["Cơ quan báo cáo", "Tình trạng", "Lần gửi", *[i.label for i in table.indicators]]
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in table.rows:
        ws.append(
            [
                row.slot.reporter.name,
                str(row.punctuality.label),
                row.submission.version if row.submission else None,
                *row.values,
            ]
        )
    ws.append(["Tổng cộng", "", "", *table.totals])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 40
    return _bytes(wb)


def rows_xlsx(
    title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], sheet: str = "Đánh giá"
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws["A1"] = title
    ws["A1"].font = Font(bold=True)
    ws.append([])
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(list(r))
    ws.column_dimensions["A"].width = 45
    return _bytes(wb)


def documents_zip(table: Any) -> bytes:
    """Every sent version's document, in one folder per reporting body."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for row in table.rows:
            folder = unidecode(row.slot.reporter.abbreviation or row.slot.reporter.name).replace("/", "-")
            for sub in getattr(row.slot, "sent_versions", []):
                try:
                    with sub.document.open("rb") as fh:
                        content = fh.read()
                except (OSError, ValueError):
                    continue
                name = unidecode(sub.original_name).replace("/", "-") or "bao-cao"
                zf.writestr(f"{folder}/lan-{sub.version}-{name}", content)
    return out.getvalue()
