"""Spreadsheets: the figures template of an obligation and its upload, the period table.

Template layout (sheet "Số liệu"): A1 title, B2 the template code "<regulation>/<obligation>/v<version>",
row 3 headers (A code, B indicator, C figure), one indicator per row from row 4.

An upload is read within bounds, whatever the file claims (issue 8, defect 6), so that the worst file costs
about two seconds and some tens of MB of memory (a filled template: a few hundredths of a second):
- the zip is checked first from its central directory alone (phoihop.common.files.check_zip): the workbook's
  parts, at most ZIP_MAX_MEMBERS members, at most MAX_UNPACKED bytes once unpacked — openpyxl parses some parts
  whole when it opens a workbook (shared strings, styles), at 0.5 to 2 MB a second, and zipfile never inflates
  a member past the size the directory declares;
- the package declares at most MAX_SHEETS sheets (openpyxl opens each one);
- openpyxl opens it read-only and the sheet is read row by row to row MAX_ROWS + 1 only, each row as wide as
  its last cell (the dimension the file declares is not trusted); a value on row MAX_ROWS + 1 or beyond column
  MAX_COLS is refused, naming the limit, and what follows row MAX_ROWS + 1 is never read;
- the upload is read from its file (memory or temporary file), never copied whole into memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from django.core.files import File
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from unidecode import unidecode

from phoihop.common.files import XLSX_TYPE as XLSX_TYPE  # the pages and the API of reports name it from here
from phoihop.common.files import ZIP_ERRORS, ZipProblem, check_zip
from phoihop.common.uploads import readable_size
from phoihop.formats.vi.collation import sort_key

from .figures import FiguresError, to_count

SHEET = "Số liệu"
FIRST_ROW = 4
MAX_ROWS = 1_000  # the templates have a few dozen rows
MAX_COLS = 50  # and three columns
MAX_UNPACKED = 1024 * 1024  # a filled template unpacks to some tens of KB; openpyxl parses 0.5 to 2 MB/s
MAX_SHEETS = 10  # the template has one
SHEET_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")
UNREADABLE = "Tệp không phải bảng tính .xlsx đọc được"


def template_code(obligation: Any) -> str:
    return f"{obligation.regulation.code}/{obligation.code}/v{obligation.regulation.version}"


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


SUPERVISED_SHEET = "Cán bộ được giám sát"
SUPERVISED_TITLE = "Cán bộ được phân công giám sát trong kỳ"


def template(
    obligation: Any,
    indicators: Sequence[Any],
    *,
    reporter: str = "",
    period: str = "",
    supervised: Sequence[Any] = (),
) -> bytes:
    """The figures template of a report; with `supervised` (SupervisionAssignment rows: 002 IV.3) a second sheet
    listing the officials the reporting body supervised in the period (the upload reads the first sheet only)."""
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
    if supervised:
        _supervised_sheet(wb, supervised)
    return _bytes(wb)


def _supervised_sheet(wb: Workbook, supervised: Sequence[Any]) -> None:
    ws = wb.create_sheet(SUPERVISED_SHEET)
    ws["A1"] = SUPERVISED_TITLE
    ws["A1"].font = Font(bold=True)
    headers = ("Họ và tên", "Năm sinh", "Chức vụ", "Nơi công tác", "Từ ngày", "Đến ngày")
    ws.append(list(headers))
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for a in supervised:
        official = a.official
        ws.append(
            [
                official.full_name,
                official.birth_year,
                official.position,
                official.workplace.name if official.workplace is not None else "",
                f"{a.started_on:%d/%m/%Y}",
                f"{a.ended_on:%d/%m/%Y}" if a.ended_on else "",
            ]
        )
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].width = 40


def _declared_sheets(source: IO[bytes] | File[bytes]) -> int:
    """How many <sheet> elements the package holds, in any member: openpyxl opens every sheet a workbook
    declares (and reads a sheet without a <dimension> to its end), so many sheets pointing at one big part
    would multiply the work. The members are already known to unpack to MAX_UNPACKED bytes at most."""
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as zf:
            return sum(len(SHEET_ELEMENT.findall(zf.read(info))) for info in zf.infolist())
    except ZIP_ERRORS as exc:
        raise FiguresError([UNREADABLE], field="xlsx") from exc
    finally:
        source.seek(0)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def read_rows(source: IO[bytes] | File[bytes]) -> list[tuple[Any, ...]]:
    """The values of the template's sheet, rows 1 to MAX_ROWS and columns 1 to MAX_COLS at most (a value
    beyond is refused). Raises FiguresError."""
    try:
        check_zip(source, ".xlsx", max_unpacked=MAX_UNPACKED)
    except ZipProblem as exc:
        if exc.reason == "unpacked":
            raise FiguresError(
                [
                    f"Tệp .xlsx khi giải nén vượt quá {readable_size(MAX_UNPACKED)}; mẫu số liệu không lớn "
                    "như vậy, hãy tải lại mẫu trên trang báo cáo"
                ],
                field="xlsx",
            ) from None
        raise FiguresError([UNREADABLE], field="xlsx") from None
    sheets = _declared_sheets(source)
    if sheets > MAX_SHEETS:
        raise FiguresError(
            [
                f"Tệp có {sheets} trang tính, quá giới hạn {MAX_SHEETS} trang; mẫu số liệu chỉ cần trang “{SHEET}”, "
                "hãy tải lại mẫu trên trang báo cáo"
            ],
            field="xlsx",
        )
    try:
        wb = load_workbook(source, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken or foreign file
        raise FiguresError([UNREADABLE], field="xlsx") from exc
    rows: list[tuple[Any, ...]] = []
    try:
        ws: Any = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        # The dimension the file declares is not trusted: each row is as wide as its last cell.
        ws.reset_dimensions()
        for number, values in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1, values_only=True), 1):
            beyond = next((i for i, v in enumerate(values[MAX_COLS:], MAX_COLS + 1) if _filled(v)), None)
            if beyond is not None:
                raise FiguresError(
                    [
                        f"Dòng {number}, cột {get_column_letter(beyond)}: có dữ liệu ngoài giới hạn {MAX_COLS} cột "
                        f"của mẫu (A đến {get_column_letter(MAX_COLS)}); hãy xóa các cột thừa"
                    ],
                    field="xlsx",
                )
            if number > MAX_ROWS:
                if any(_filled(v) for v in values):
                    raise FiguresError(
                        [
                            f"Dòng {number}: có dữ liệu ngoài giới hạn {_thousands(MAX_ROWS)} dòng của mẫu; "
                            "hãy xóa các dòng thừa"
                        ],
                        field="xlsx",
                    )
                break
            rows.append(tuple(values))
    except FiguresError:
        raise
    except Exception as exc:  # a sheet that breaks while it is read
        raise FiguresError([UNREADABLE], field="xlsx") from exc
    finally:
        wb.close()
    return rows


def parse_upload(
    obligation: Any, indicators: Sequence[Any], data: bytes | IO[bytes] | File[bytes]
) -> dict[str, int]:
    """Figures from a filled template (bytes or an open binary file); every problem named by its row and
    column. Raises FiguresError."""
    rows = read_rows(io.BytesIO(data) if isinstance(data, bytes) else data)

    def cell(row: int, column: int) -> Any:
        values = rows[row - 1] if row <= len(rows) else ()
        return values[column - 1] if column <= len(values) else None

    expected = template_code(obligation)
    if str(cell(2, 2) or "").strip() != expected:
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
        code = str(cell(row, 1) or "").strip()
        if code != ind.code:
            errors.append(f"Dòng {row}, cột A: thiếu chỉ tiêu “{ind.label}” (mã {ind.code})")
            continue
        value = to_count(cell(row, 3))
        if value is None:
            errors.append(f"Dòng {row}, cột C: chưa nhập số liệu “{ind.label}”")
        elif isinstance(value, str):
            errors.append(f"Dòng {row}, cột C: {value}")
        else:
            figures[ind.code] = value
    for row in range(FIRST_ROW + len(indicators), len(rows) + 1):
        code = str(cell(row, 1) or "").strip()
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
    for row in sorted(table.rows, key=lambda r: sort_key(r.slot.reporter.name)):  # Vietnamese order
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


def file_stem(table: Any) -> str:
    """The name a period's downloads are saved under, as users read it: the period in words without diacritics
    ("thang-1-2027", "quy-i-2027", "6-thang-dau-nam-2027"), or the request it answers ("yeu-cau-12"); never a
    data code such as an obligation's (issue 11)."""
    first = table.rows[0].slot if table.rows else None
    if first is not None and first.request_id:
        return f"yeu-cau-{first.request_id}"
    return words_slug(table.period_label)


def slot_file_stem(slot: Any) -> str:
    """file_stem for one report: its period in words, or the request it answers."""
    if slot.request_id:
        return f"yeu-cau-{slot.request_id}"
    return words_slug(slot.period_label)


def words_slug(text: str | None) -> str:
    """Vietnamese words as a file name: without diacritics, lower case, hyphens ("Quý I/2027" → "quy-i-2027")."""
    return re.sub(r"[^a-z0-9]+", "-", unidecode(text or "").lower()).strip("-") or "bao-cao"


def documents_zip(table: Any) -> bytes:
    """Every sent version's document, in one folder per reporting body named as users know it (its full name, not
    its abbreviation or code: issue 11; zipfile marks non-ASCII names as UTF-8, which Windows Explorer reads)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for row in table.rows:
            folder = (row.slot.reporter.name or row.slot.reporter.abbreviation).replace("/", "-")
            for sub in getattr(row.slot, "sent_versions", []):
                try:
                    with sub.document.open("rb") as fh:
                        content = fh.read()
                except (OSError, ValueError):
                    continue
                name = unidecode(sub.original_name).replace("/", "-") or "bao-cao"
                zf.writestr(f"{folder}/lan-{sub.version}-{name}", content)
    return out.getvalue()
