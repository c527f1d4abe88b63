"""The figures .xlsx upload cannot exhaust the server (issue 8, defect 6): the zip's unpacked size is checked
before openpyxl opens it, the sheet is read in openpyxl's read-only mode to row 1,000 and column 50 at most
(a value beyond is refused, naming the limit), a file over the attachment limit is refused on the page as in
the API, and a truncated upload is refused whole — a clear message, nothing saved."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from openpyxl import load_workbook

from phoihop.reports.domain import actions
from phoihop.reports.domain import xlsx as xlsx_module
from phoihop.reports.domain.figures import FiguresError
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.domain.xlsx import XLSX_TYPE, template
from phoihop.reports.models import ReportSubmission

from .api_helpers import API, login, snapshot
from .conftest import FIGURES_003, pdf, slot_of

ONE_MB = 1024 * 1024
UNREADABLE = "Tệp không phải bảng tính .xlsx đọc được"
UNPACKED = (
    "Tệp .xlsx khi giải nén vượt quá 1 MB; mẫu số liệu không lớn như vậy, hãy tải lại mẫu trên trang báo cáo"
)
ROWS = "Dòng 1001: có dữ liệu ngoài giới hạn 1.000 dòng của mẫu; hãy xóa các dòng thừa"
INCOMPLETE = "Dữ liệu gửi lên bị cắt giữa chừng (không nhận đủ); không có gì được lưu, hãy gửi lại."


def cols(row: int, letter: str) -> str:
    return (
        f"Dòng {row}, cột {letter}: có dữ liệu ngoài giới hạn 50 cột của mẫu (A đến AX); hãy xóa các cột thừa"
    )


@pytest.fixture
def slots(regs, province):
    generate_slots(2027, codes=["003"])
    return province


def stored_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def filled(slot: Any, edit: Any = None) -> bytes:
    """The slot's template with FIGURES_003 filled in, then edited by `edit(ws)`."""
    indicators = list(slot.obligation.indicators.all())
    wb = load_workbook(io.BytesIO(template(slot.obligation, indicators, period=slot.period_label)))
    ws = wb.active
    assert ws is not None
    for i, ind in enumerate(indicators):
        ws.cell(row=4 + i, column=3, value=FIGURES_003[ind.code])
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(
    data: bytes,
    *,
    sheet: Any = None,
    extra: dict[str, bytes] | None = None,
    drop: str = "",
    replace: dict[str, bytes] | None = None,
) -> bytes:
    """The same workbook with its sheet XML changed by `sheet(xml)`, members added, replaced or one dropped."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == drop:
                continue
            content = src.read(item.filename)
            if sheet and item.filename == "xl/worksheets/sheet1.xml":
                content = sheet(content)
            content = (replace or {}).get(item.filename, content)
            dst.writestr(item.filename, content)
        for name, content in (extra or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def refused(slot: Any, user: Any, data: bytes) -> list[str]:
    with pytest.raises(FiguresError) as exc:
        actions.upload_figures(
            user, slot, SimpleUploadedFile("so-lieu.xlsx", data, content_type=XLSX_TYPE), document=pdf()
        )
    assert exc.value.field == "xlsx"
    assert ReportSubmission.objects.count() == 0
    return exc.value.errors


def test_the_filled_template_is_still_read(slots):
    slot = slot_of(slots.xa1)
    up = SimpleUploadedFile("so-lieu.xlsx", filled(slot), content_type=XLSX_TYPE)
    draft = actions.upload_figures(slots.xa1_cv, slot, up, document=pdf())
    assert draft.figures == FIGURES_003


def test_rows_beyond_1000_are_refused_naming_the_limit(slots):
    slot = slot_of(slots.xa1)

    def more_rows(ws: Any) -> None:
        for r in range(20, 1501):
            ws.cell(row=r, column=1, value=f"x{r}")

    assert refused(slot, slots.xa1_cv, filled(slot, more_rows)) == [ROWS]


def test_rows_up_to_1000_are_read_and_named(slots):
    slot = slot_of(slots.xa1)
    data = filled(slot, lambda ws: ws.cell(row=1000, column=1, value="thua"))
    assert refused(slot, slots.xa1_cv, data) == ["Dòng 1000, cột A: chỉ tiêu “thua” không có trong mẫu"]


def _many_rows(n: int) -> Any:
    def sheet(xml: bytes) -> bytes:
        rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(20, 20 + n))
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    return sheet


def test_a_200000_row_sheet_is_refused_quickly_without_reading_it(slots, monkeypatch):
    slot = slot_of(slots.xa1)
    data = rezip(filled(slot), sheet=_many_rows(200_000))
    assert len(data) < 2 * ONE_MB  # a small file that unpacks to 8 MB
    monkeypatch.setattr(xlsx_module, "load_workbook", _no_openpyxl)
    started = time.perf_counter()
    assert refused(slot, slots.xa1_cv, data) == [UNPACKED]
    assert time.perf_counter() - started < 3  # a few ms; reading every row took 15 s and 375 MB before


def test_rows_are_read_to_the_limit_only(slots):
    """20,000 rows fit in the unpacked limit: only the first 1,001 are read."""
    slot = slot_of(slots.xa1)
    data = rezip(filled(slot), sheet=_many_rows(20_000))
    started = time.perf_counter()
    assert refused(slot, slots.xa1_cv, data) == [ROWS]
    assert time.perf_counter() - started < 3  # about 0.1 s


def test_a_workbook_declaring_many_sheets_is_refused_before_openpyxl_opens_it(slots, monkeypatch):
    """Eleven sheets all pointing at the same part: openpyxl would open (and measure) the part eleven times."""
    slot = slot_of(slots.xa1)
    data = filled(slot)
    workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    first = workbook[workbook.index(b"<sheet ") : workbook.index(b"/>", workbook.index(b"<sheet ")) + 2]
    copies = b"".join(first.replace(b'name="', f'name="S{i}'.encode()) for i in range(10))
    data = rezip(data, extra={}, replace={"xl/workbook.xml": workbook.replace(first, first + copies)})
    monkeypatch.setattr(xlsx_module, "load_workbook", _no_openpyxl)
    assert refused(slot, slots.xa1_cv, data) == [
        "Tệp có 11 trang tính, quá giới hạn 10 trang; mẫu số liệu chỉ cần trang “Số liệu”, "
        "hãy tải lại mẫu trên trang báo cáo"
    ]


def test_a_value_beyond_column_50_is_refused_naming_the_limit(slots):
    slot = slot_of(slots.xa1)
    data = filled(slot, lambda ws: ws.cell(row=5, column=51, value=1))
    assert refused(slot, slots.xa1_cv, data) == [cols(5, "AY")]
    data = filled(slot, lambda ws: ws.cell(row=2, column=300, value="x"))
    assert refused(slot, slots.xa1_cv, data) == [cols(2, "KN")]


def _no_openpyxl(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("openpyxl must not open this file")


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(slots, monkeypatch):
    slot = slot_of(slots.xa1)
    data = rezip(filled(slot), extra={"xl/media/image1.png": bytes(100 * ONE_MB)})
    assert len(data) < 200 * 1024
    monkeypatch.setattr(xlsx_module, "load_workbook", _no_openpyxl)
    assert refused(slot, slots.xa1_cv, data) == [UNPACKED]


def test_a_zip_with_too_many_members_is_refused(slots, monkeypatch):
    from phoihop.common import files as files_module

    monkeypatch.setattr(files_module, "ZIP_MAX_MEMBERS", 12)
    slot = slot_of(slots.xa1)
    data = rezip(filled(slot), extra={f"xl/media/{i}.png": b"x" for i in range(5)})
    assert refused(slot, slots.xa1_cv, data) == [UNREADABLE]


@pytest.mark.parametrize("drop", ["xl/workbook.xml", "[Content_Types].xml"])
def test_a_zip_that_is_not_a_workbook_is_unreadable(slots, drop):
    slot = slot_of(slots.xa1)
    assert refused(slot, slots.xa1_cv, rezip(filled(slot), drop=drop)) == [UNREADABLE]


class SpyBytes(io.BytesIO):
    """Notes every read that returned the whole file at once."""

    whole_reads = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        if len(data) == len(self.getbuffer()):
            self.whole_reads += 1
        return data


def test_the_upload_is_read_from_the_file_not_copied_into_memory(slots):
    slot = slot_of(slots.xa1)
    up = SimpleUploadedFile("so-lieu.xlsx", b"", content_type=XLSX_TYPE)
    data = filled(slot)
    up.file = spy = SpyBytes(data)
    up.size = len(data)
    assert actions.upload_figures(slots.xa1_cv, slot, up, document=pdf()).figures == FIGURES_003
    assert spy.whole_reads == 0


# --- through the page and the API ----------------------------------------------------------------------


def _oversized(slot: Any) -> bytes:
    """A genuine, filled template made larger than 1 MB by a stored member of random bytes."""
    return rezip(filled(slot), extra={"xl/media/image1.png": os.urandom(ONE_MB + 10_000)})


def test_page_refuses_an_xlsx_over_the_attachment_limit(client, slots, settings):
    settings.ATTACHMENT_MAX_BYTES = ONE_MB
    slot = slot_of(slots.xa1)
    client.force_login(slots.xa1_cv)
    response = client.post(
        reverse("reports-xlsx-upload", args=[slot.pk]),
        {"xlsx": SimpleUploadedFile("so-lieu.xlsx", _oversized(slot)), "document": pdf()},
    )
    assert response.status_code == 400
    assert "Tệp “so-lieu.xlsx” vượt quá dung lượng cho phép 1 MB." in response.content.decode()
    assert (ReportSubmission.objects.count(), stored_files()) == (0, [])


def test_api_refuses_an_xlsx_over_the_attachment_limit(client, slots, settings):
    settings.ATTACHMENT_MAX_BYTES = ONE_MB
    slot = slot_of(slots.xa1)
    login(client, slots.xa1_cv)
    before = snapshot()
    response = client.post(
        f"{API}/slots/{slot.pk}/xlsx/",
        {"xlsx": SimpleUploadedFile("so-lieu.xlsx", _oversized(slot)), "document": pdf()},
    )
    message = "Tệp “so-lieu.xlsx” vượt quá dung lượng cho phép 1 MB."
    assert (response.status_code, response.json()) == (
        400,
        {"error": "file_too_large", "detail": message, "fields": {"xlsx": [message]}},
    )
    assert (snapshot(), stored_files()) == (before, [])


def test_api_rows_beyond_the_limit_give_the_error_body(client, slots):
    slot = slot_of(slots.xa1)
    login(client, slots.xa1_cv)
    data = rezip(filled(slot), sheet=_many_rows(5_000))
    response = client.post(
        f"{API}/slots/{slot.pk}/xlsx/", {"xlsx": SimpleUploadedFile("so-lieu.xlsx", data), "document": pdf()}
    )
    assert (response.status_code, response.json()) == (
        400,
        {"error": "figures", "detail": ROWS, "fields": {"xlsx": [ROWS]}},
    )


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_truncated_upload_is_refused_and_nothing_is_saved(client, slots, where):
    slot = slot_of(slots.xa1)
    if where == "page":
        client.force_login(slots.xa1_cv)
        url = reverse("reports-xlsx-upload", args=[slot.pk])
    else:
        login(client, slots.xa1_cv)
        url = f"{API}/slots/{slot.pk}/xlsx/"
    data = {
        "xlsx": SimpleUploadedFile("so-lieu.xlsx", filled(slot)),
        "document": SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n" + b"1" * 50_000),  # cut below
    }
    full = encode_multipart(BOUNDARY, data)
    body = full[: len(full) - 2_000]
    response = client.generic(
        "POST",
        url,
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(full)),
        **{"wsgi.input": io.BytesIO(body)},
    )
    assert response.status_code == 400
    if where == "api":
        assert response.json() == {"error": "upload_incomplete", "detail": INCOMPLETE}
    else:
        assert INCOMPLETE in response.content.decode()
    assert (ReportSubmission.objects.count(), stored_files()) == (0, [])
