"""The supervision list as an .xlsx workbook (002 III.1–2): one row per official, dates as dd/mm/yyyy, and its
file name in Vietnamese words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import SupervisionAssignment

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def supervision_filename(day: dt.date) -> str:
    return f"danh-sach-can-bo-duoc-giam-sat-{day.strftime('%d-%m-%Y')}.xlsx"


def supervision_xlsx(rows: Iterable[SupervisionAssignment]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Danh sách giám sát")
    sheet.append(
        [
            _("STT"),
            _("Họ và tên"),
            _("Năm sinh"),
            _("Chức vụ"),
            _("Nơi công tác"),
            _("Tổ chức giám sát"),
            _("Cùng lập danh sách"),
            _("Căn cứ"),
            _("Từ ngày"),
        ]
    )
    for number, a in enumerate(rows, start=1):
        sheet.append(
            [
                number,
                a.official.full_name,
                a.official.birth_year,
                a.official.position,
                str(a.official.workplace or ""),
                str(a.supervisor),
                str(a.listed_with or ""),
                a.basis,
                a.started_on.strftime("%d/%m/%Y"),
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
