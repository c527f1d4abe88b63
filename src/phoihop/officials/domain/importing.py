"""Importing officials (issue 12, point 1) and supervision lists (002 III.1–2, issue 12 point 4) from .xlsx.

Two steps, nothing written before the second:

1. `preview(actor, kind, upload)`: the upload is checked (common.files: type, size, content, zip limits), kept
   server-side under MEDIA_ROOT/officials-import/<user id>/<token>.xlsx with its SHA-256 and kind beside it (never
   in the session), parsed read-only and every row reported with its errors, in Vietnamese, naming its row;
2. `confirm(actor, token)`: the file kept under the actor's own directory (another user's token is not found:
   404) is parsed again against the registry as it is then, and every valid row is written in ONE transaction,
   with an audit event per record created and one for the import (file name, kind, counts, checksum). A row
   already registered is reported and skipped, so importing the same file twice writes nothing the second time.

The workbook: one sheet, the header on row 1 (COLUMNS, matched by their text before any parenthesis, without
diacritics or case), one record per row from row 2. Bodies are named by their code or their exact name
(diacritics and case folded) among the organisations not dissolved.

Cost of `confirm`: a constant number of queries — the bodies (1), the records already registered (1 per
LOOKUP_CHUNK names), the inserts (1 per BATCH rows for each table), the audit chain's head and its insert (1 + 1
per BATCH events), the import's own event — whatever the number of rows up to BATCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record, record_many
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import DomainError, NotAllowed
from phoihop.common.files import XLSX_TYPE, ZIP_ERRORS, ZipProblem, check_zip, validate_files
from phoihop.common.transitions import Event
from phoihop.common.uploads import readable_size
from phoihop.formats.vi.collation import fold
from phoihop.organizations.enums import OrganizationKind
from phoihop.organizations.models import Organization

from .. import import_rules
from ..encodings import detect
from ..models import Official, OfficialPosition, SupervisionAssignment
from ..naming import collation_key

__all__ = [
    "KINDS",
    "OFFICIALS",
    "SUPERVISION",
    "XLSX_TYPE",
    "MAX_ROWS",
    "Column",
    "ImportOutcome",
    "Preview",
    "PreviewNotFound",
    "RowReport",
    "columns_of",
    "confirm",
    "preview",
    "template",
]

OFFICIALS = "officials"
SUPERVISION = "supervision"
KINDS = {OFFICIALS: "Danh sách cán bộ", SUPERVISION: "Danh sách cán bộ được phân công giám sát"}

MAX_ROWS = 5_000  # records per file (a province's registry is imported in a few files)
MAX_COLS = 30
MAX_UNPACKED = 50 * 1024 * 1024  # 5,000 filled rows unpack to about 1 MB
MAX_SHEETS = 10
BATCH = 1_000
LOOKUP_CHUNK = 500
KEEP_FOR = dt.timedelta(hours=24)  # a preview not confirmed within a day is refused (and its file removed)
SHEET_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")
TOKEN = re.compile(r"^[0-9a-f]{32}$")
UNREADABLE = "Tệp không phải bảng tính .xlsx đọc được."
YES = {"co", "x", "dang vien", "1", "true", "yes"}
NO = {"khong", "0", "false", "no"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 22


COLUMNS: dict[str, tuple[Column, ...]] = {
    OFFICIALS: (
        Column("full_name", "Họ và tên", True, 28),
        Column("birth_year", "Năm sinh", True, 10),
        Column("position", "Chức vụ", True, 30),
        Column("workplace", "Nơi công tác (mã hoặc tên cơ quan)", True, 34),
        Column("is_party_member", "Đảng viên (có/không)", False, 14),
        Column("party_organization", "Tổ chức đảng", False, 30),
        Column("managing_body", "Cơ quan quản lý (diện … quản lý)", False, 30),
        Column("managing_basis", "Căn cứ", False, 30),
        Column("started_on", "Ngày bắt đầu giữ chức vụ (dd/mm/yyyy)", False, 18),
    ),
    SUPERVISION: (
        Column("full_name", "Họ và tên", True, 28),
        Column("birth_year", "Năm sinh", True, 10),
        Column("workplace", "Nơi công tác", True, 34),
        Column("supervisor", "Tổ chức giám sát", True, 30),
        Column("started_on", "Từ ngày", True, 14),
    ),
}
MAX_LENGTHS = {"full_name": 200, "position": 255, "managing_basis": 300}  # the registry's columns
BODY_COLUMNS = ("workplace", "party_organization", "managing_body", "supervisor")
DATE_COLUMNS = ("started_on",)


def columns_of(kind: str) -> tuple[Column, ...]:
    return COLUMNS[kind]


class PreviewNotFound(DomainError):
    code = "not_found"
    status = 404


# --- the template ------------------------------------------------------------------------------------------


def template(kind: str) -> bytes:
    """An empty workbook with the header row of `kind`."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    for i, col in enumerate(COLUMNS[kind], 1):
        cell = ws.cell(row=1, column=i, value=col.header)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = col.width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the report of a file -------------------------------------------------------------------------------


@dataclass
class RowReport:
    number: int  # the row of the sheet (the header is row 1)
    values: dict[str, str]  # the cells as read, for the preview table
    messages: list[str] = field(default_factory=list)
    registered: bool = False  # already in the registry (or the supervision list): skipped, not an error
    record: dict[str, Any] | None = None  # what would be written (valid rows)

    @property
    def cells(self) -> list[str]:
        """The cells in the order of the columns."""
        return list(self.values.values())

    @property
    def status(self) -> str:
        if self.messages and not self.registered:
            return "error"
        return "registered" if self.registered else "valid"


@dataclass
class Preview:
    token: str
    kind: str
    file_name: str
    checksum: str
    rows: list[RowReport]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def columns(self) -> tuple[Column, ...]:
        return COLUMNS[self.kind]

    @property
    def valid(self) -> int:
        return sum(1 for r in self.rows if r.status == "valid")

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r.status == "error")

    @property
    def registered(self) -> int:
        return sum(1 for r in self.rows if r.status == "registered")

    @property
    def messages(self) -> list[str]:
        return [m for r in self.rows for m in r.messages]


@dataclass(frozen=True)
class ImportOutcome:
    kind: str
    file_name: str
    created: int
    registered: int
    errors: int


# --- reading -------------------------------------------------------------------------------------------


def _declared_sheets(source: IO[bytes] | UploadedFile) -> int:
    try:
        source.seek(0)
        with zipfile.ZipFile(source) as zf:
            return sum(len(SHEET_ELEMENT.findall(zf.read(info))) for info in zf.infolist())
    except ZIP_ERRORS as exc:
        raise DomainError(UNREADABLE, code="file_content", field="file") from exc
    finally:
        source.seek(0)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _read_rows(source: IO[bytes] | UploadedFile) -> list[tuple[Any, ...]]:
    """The first sheet's values, rows 1 to MAX_ROWS + 1 (the header and the records) and MAX_COLS columns."""
    try:
        check_zip(source, ".xlsx", max_unpacked=MAX_UNPACKED)
    except ZipProblem as exc:
        if exc.reason == "unpacked":
            raise DomainError(
                f"Tệp .xlsx khi giải nén vượt quá {readable_size(MAX_UNPACKED)}.",
                code="file_too_large",
                field="file",
            ) from None
        raise DomainError(UNREADABLE, code="file_content", field="file") from None
    if _declared_sheets(source) > MAX_SHEETS:
        raise DomainError(
            f"Tệp có quá {MAX_SHEETS} trang tính; danh sách chỉ cần một trang.",
            code="file_content",
            field="file",
        )
    try:
        wb = load_workbook(source, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken or foreign file
        raise DomainError(UNREADABLE, code="file_content", field="file") from exc
    rows: list[tuple[Any, ...]] = []
    try:
        ws: Any = wb.worksheets[0]
        ws.reset_dimensions()  # the dimension the file declares is not trusted
        for number, values in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 2, values_only=True), 1):
            if number > MAX_ROWS + 1:
                if any(_filled(v) for v in values):
                    raise DomainError(
                        f"Tệp có hơn {MAX_ROWS:,} dòng dữ liệu; hãy chia thành nhiều tệp.".replace(",", "."),
                        code="too_many_rows",
                        field="file",
                    )
                break
            rows.append(tuple(values[:MAX_COLS]))
    except DomainError:
        raise
    except Exception as exc:  # a sheet that breaks while it is read
        raise DomainError(UNREADABLE, code="file_content", field="file") from exc
    finally:
        wb.close()
    return rows


def _header_key(text: Any) -> str:
    return fold(str(text or "").split("(")[0])


def _columns(kind: str, header: Sequence[Any]) -> dict[str, int]:
    """Column key -> index in the row, from the header row; a missing required column is refused."""
    found = {_header_key(v): i for i, v in enumerate(header) if _filled(v)}
    index: dict[str, int] = {}
    for col in COLUMNS[kind]:
        at = found.get(_header_key(col.header))
        if at is not None:
            index[col.key] = at
        elif col.required:
            raise DomainError(
                f"Dòng 1 (tiêu đề) thiếu cột “{col.header}”; hãy dùng tệp mẫu.",
                code="bad_header",
                field="file",
            )
    return index


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", _text(value))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class _Bodies:
    """The organisations not dissolved, by code and by folded name (one query)."""

    def __init__(self) -> None:
        today = timezone.localdate()
        orgs = Organization.objects.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today)).only(
            "id", "code", "name", "kind", "superior_id"
        )
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = {}
        for org in orgs:
            self.by_code[org.code.lower()] = org
            self.by_name.setdefault(fold(org.name), []).append(org)

    def find(self, text: str) -> Organization | str:
        """The body named by `text`, or the reason it is not found."""
        org = self.by_code.get(text.strip().lower())
        if org is not None:
            return org
        named = self.by_name.get(fold(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            return f"tên “{text}” trùng với {len(named)} tổ chức, hãy ghi mã của tổ chức"
        return f"không tìm thấy cơ quan, tổ chức “{text}”"


def _chunks(items: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _registered_officials(keys: set[str]) -> dict[tuple[str, int | None, int | None], list[int]]:
    """(name_key, birth_year, workplace id) -> ids of the officials registered with those (one query per
    LOOKUP_CHUNK names). officials.queries has no bulk lookup of this kind: this is the importer's own."""
    found: dict[tuple[str, int | None, int | None], list[int]] = {}
    for chunk in _chunks(sorted(keys), LOOKUP_CHUNK):
        rows = Official.objects.filter(name_key__in=chunk).values_list(
            "id", "name_key", "birth_year", "workplace_id"
        )
        for pk, name_key, year, workplace in rows:
            found.setdefault((name_key, year, workplace), []).append(pk)
    return found


def _open_assignments(official_ids: set[int]) -> set[tuple[int, int]]:
    pairs: set[tuple[int, int]] = set()
    for chunk in _chunks(sorted(official_ids), LOOKUP_CHUNK):
        pairs.update(
            SupervisionAssignment.objects.filter(official_id__in=chunk, ended_on__isnull=True).values_list(
                "official_id", "supervisor_id"
            )
        )
    return pairs


def _check_rows(actor: Actor, kind: str, rows: list[tuple[Any, ...]]) -> list[RowReport]:
    if not rows or not any(_filled(v) for v in rows[0]):
        raise DomainError(
            "Tệp không có dòng tiêu đề ở dòng 1; hãy dùng tệp mẫu.", code="bad_header", field="file"
        )
    index = _columns(kind, rows[0])
    columns = COLUMNS[kind]
    bodies = _Bodies()
    this_year = timezone.localdate().year
    reports: list[RowReport] = []
    for number, raw in enumerate(rows[1:], 2):
        if not any(_filled(v) for v in raw):
            continue
        cells = {
            c.key: (raw[index[c.key]] if c.key in index and index[c.key] < len(raw) else None)
            for c in columns
        }
        report = RowReport(number, {k: _text(v) for k, v in cells.items()})
        reports.append(report)
        problems: list[str] = []
        missing = [c.header.split(" (")[0] for c in columns if c.required and not report.values[c.key]]
        if missing:
            problems.append(f"thiếu {', '.join(missing)}")
        for c in columns:
            legacy = detect(report.values[c.key])
            if legacy is not None:
                problems.append(
                    f"văn bản gõ theo bảng mã {legacy.label}, hãy chuyển sang Unicode "
                    f"(cột {c.header.split(' (')[0]}: “{report.values[c.key]}” có lẽ là “{legacy.reading}”)"
                )
        for c in columns:
            longest = MAX_LENGTHS.get(c.key)
            if longest is not None and len(report.values[c.key]) > longest:
                problems.append(f"{c.header.split(' (')[0]} dài quá {longest} ký tự")
        record: dict[str, Any] = {}
        year_text = report.values["birth_year"]
        if year_text:
            if year_text.isdigit() and 1900 <= int(year_text) <= this_year:
                record["birth_year"] = int(year_text)
            else:
                problems.append(f"Năm sinh “{year_text}” không phải một năm")
        for key in BODY_COLUMNS:
            text = report.values.get(key, "")
            if key in index and text:
                found = bodies.find(text)
                if isinstance(found, str):
                    problems.append(found)
                else:
                    record[key] = found
        for key in DATE_COLUMNS:
            if report.values.get(key):
                day = _date(cells[key])
                if day is None:
                    header = next(c.header.split(" (")[0] for c in columns if c.key == key)
                    problems.append(f"{header} “{report.values[key]}” không phải một ngày (dd/mm/yyyy)")
                else:
                    record[key] = day
        if kind == OFFICIALS:
            party = fold(report.values["is_party_member"])
            if party and party not in YES and party not in NO:
                problems.append(f"Đảng viên “{report.values['is_party_member']}” phải là “có” hoặc “không”")
            record["is_party_member"] = party in YES
            if record.get("party_organization") is not None and not record["is_party_member"]:
                problems.append("chỉ đảng viên mới có tổ chức đảng (cột Đảng viên ghi “có”)")
            workplace = record.get("workplace")
            if isinstance(workplace, Organization) and not import_rules.may_place_official(actor, workplace):
                problems.append(f"bạn không được nhập cán bộ của “{workplace.name}”")
        else:
            supervisor = record.get("supervisor")
            if isinstance(supervisor, Organization) and not import_rules.may_assign_supervisor(
                actor, supervisor
            ):
                problems.append(f"bạn không được lập danh sách giám sát cho “{supervisor.name}”")
        if problems:
            report.messages = [f"Dòng {number}: {'; '.join(problems)}"]
        else:
            record["full_name"] = report.values["full_name"]
            record["name_key"] = fold(report.values["full_name"])
            for key in ("position", "managing_basis"):
                if key in report.values:
                    record[key] = report.values[key]
            report.record = record
    _match(kind, reports)
    return reports


def _match(kind: str, reports: list[RowReport]) -> None:
    """Duplicates inside the file, and rows already registered (or officials not registered, for supervision)."""
    valid = [r for r in reports if r.record is not None]
    registered = _registered_officials({r.record["name_key"] for r in valid if r.record is not None})
    first: dict[tuple[Any, ...], int] = {}
    if kind == OFFICIALS:
        for r in valid:
            assert r.record is not None
            key = (r.record["name_key"], r.record["birth_year"], r.record["workplace"].pk)
            if key in first:
                r.messages = [
                    f"Dòng {r.number}: trùng với dòng {first[key]} (cùng họ tên, năm sinh, nơi công tác)"
                ]
                r.record = None
            elif key in registered:
                r.messages = [f"Dòng {r.number}: đã có trong danh sách cán bộ"]
                r.registered = True
                r.record = None
            else:
                first[key] = r.number
        return
    for r in valid:
        assert r.record is not None
        key = (r.record["name_key"], r.record["birth_year"], r.record["workplace"].pk)
        ids = registered.get(key, [])
        if len(ids) != 1:
            r.messages = [
                f"Dòng {r.number}: không có cán bộ “{r.record['full_name']}”, sinh năm {r.record['birth_year']}, "
                f"công tác tại “{r.record['workplace'].name}” trong danh sách cán bộ"
                if not ids
                else f"Dòng {r.number}: có {len(ids)} cán bộ cùng họ tên, năm sinh và nơi công tác"
            ]
            r.record = None
        else:
            r.record["official_id"] = ids[0]
    open_pairs = _open_assignments({r.record["official_id"] for r in valid if r.record is not None})
    for r in valid:
        if r.record is None:
            continue
        pair = (r.record["official_id"], r.record["supervisor"].pk)
        if pair in first:
            r.messages = [
                f"Dòng {r.number}: trùng với dòng {first[pair]} (cùng cán bộ, cùng tổ chức giám sát)"
            ]
            r.record = None
        elif pair in open_pairs:
            r.messages = [
                f"Dòng {r.number}: đã có trong danh sách giám sát của “{r.record['supervisor'].name}”"
            ]
            r.registered = True
            r.record = None
        else:
            first[pair] = r.number


# --- keeping the file between the two steps ------------------------------------------------------------


def _directory(actor: Actor) -> Path:
    return Path(settings.MEDIA_ROOT) / "officials-import" / str(actor.pk)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _forget_old(directory: Path) -> None:
    """Remove the actor's previews older than KEEP_FOR."""
    if not directory.is_dir():
        return
    limit = timezone.now().timestamp() - KEEP_FOR.total_seconds()
    for meta in directory.glob("*.json"):
        try:
            created = json.loads(meta.read_text())["created"]
        except (OSError, ValueError, KeyError):
            created = 0
        if created < limit:
            meta.with_suffix(".xlsx").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)


def _keep(actor: Actor, kind: str, upload: UploadedFile) -> tuple[str, Path, str]:
    directory = _directory(actor)
    _forget_old(directory)
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    path = directory / f"{token}.xlsx"
    upload.seek(0)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    checksum = _sha256(path)
    meta: dict[str, Any] = {
        "kind": kind,
        "name": os.path.basename(upload.name or "tep.xlsx"),
        "sha256": checksum,
    }
    meta["created"] = timezone.now().timestamp()
    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False))
    return token, path, checksum


def _kept(actor: Actor, token: str) -> tuple[Path, dict[str, Any]]:
    gone = PreviewNotFound(
        "Không tìm thấy bản xem trước này (đã nhập, đã hết hạn hoặc không phải của bạn); hãy tải tệp lên lại.",
        field="token",
    )
    if not TOKEN.match(token or ""):
        raise gone
    path = _directory(actor) / f"{token}.xlsx"
    try:
        meta = json.loads(path.with_suffix(".json").read_text())
    except (OSError, ValueError):
        raise gone from None
    if not path.is_file() or meta.get("created", 0) < timezone.now().timestamp() - KEEP_FOR.total_seconds():
        raise gone
    if _sha256(path) != meta.get("sha256"):
        raise DomainError("Tệp đã lưu bị thay đổi sau khi xem trước; hãy tải tệp lên lại.", code="checksum")
    return path, meta


def _forget(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.with_suffix(".json").unlink(missing_ok=True)


# --- the two steps -------------------------------------------------------------------------------------


def _allowed(actor: Actor, kind: str) -> None:
    if kind not in KINDS:
        raise DomainError("Loại danh sách không hợp lệ.", code="invalid", field="kind")
    allowed = import_rules.may_import_officials if kind == OFFICIALS else import_rules.may_import_supervision
    if not allowed(actor):
        raise NotAllowed("Bạn không có quyền nhập danh sách này.")


def preview(actor: Actor, kind: str, upload: UploadedFile | None) -> Preview:
    """Check and parse the upload, keep it for `confirm`; nothing of the registry is written."""
    _allowed(actor, kind)
    if upload is None:
        raise DomainError("Hãy chọn tệp .xlsx cần nhập.", code="required", field="file")
    name = upload.name or ""
    if os.path.splitext(name)[1].lower() != ".xlsx":
        raise DomainError(
            f"Tệp “{name}” không phải bảng tính .xlsx; hãy lưu danh sách dưới dạng Excel (.xlsx) theo tệp mẫu.",
            code="file_type",
            field="file",
        )
    try:
        validate_files([upload])
    except DomainError as exc:
        raise DomainError(exc.message, code=exc.code, field="file") from None
    upload.seek(0)
    rows = _read_rows(upload)
    reports = _check_rows(actor, kind, rows)
    token, _path, checksum = _keep(actor, kind, upload)
    return Preview(token, kind, os.path.basename(name), checksum, reports)


def confirm(actor: Actor, token: str) -> ImportOutcome:
    """Write every valid row of the kept file in one transaction; the file is then forgotten."""
    path, meta = _kept(actor, token)
    kind = str(meta["kind"])
    _allowed(actor, kind)
    with transaction.atomic():
        lock_chain()  # before the rows are read: two confirmations of one file queue here, the second sees the first
        with path.open("rb") as f:
            reports = _check_rows(actor, kind, _read_rows(f))
        valid = [r.record for r in reports if r.record is not None]
        if kind == OFFICIALS:
            created = _write_officials(actor, valid)
        else:
            created = _write_assignments(actor, valid)
        outcome = ImportOutcome(
            kind,
            str(meta["name"]),
            created,
            sum(1 for r in reports if r.status == "registered"),
            sum(1 for r in reports if r.status == "error"),
        )
        record(
            actor=actor,
            action=AuditAction.LOADED,
            target=actor.organization or actor,
            summary=f"Nhập {KINDS[kind].lower()} từ tệp “{outcome.file_name}”: {created} dòng được ghi",
            data={
                "import": kind,
                "file": outcome.file_name,
                "sha256": meta["sha256"],
                "rows": len(reports),
                "created": created,
                "registered": outcome.registered,
                "errors": outcome.errors,
            },
        )
    _forget(path)
    return outcome


def _write_officials(actor: Actor, records: list[dict[str, Any]]) -> int:
    officials = [
        Official(
            full_name=r["full_name"],
            name_key=r["name_key"],
            sort_name=collation_key(r["full_name"]),
            birth_year=r["birth_year"],
            position=r["position"],
            workplace=r["workplace"],
            is_party_member=r["is_party_member"],
            party_organization=r.get("party_organization"),
            managing_body=r.get("managing_body"),
            managing_basis=r.get("managing_basis", ""),
        )
        for r in records
    ]
    Official.objects.bulk_create(officials, batch_size=BATCH)
    OfficialPosition.objects.bulk_create(
        [
            OfficialPosition(
                official=o, organization=r["workplace"], title=r["position"], started_on=r.get("started_on")
            )
            for o, r in zip(officials, records, strict=True)
        ],
        batch_size=BATCH,
    )
    # the events create_official writes (officials.domain.actions), with the import named
    events: list[Event] = [
        {
            "actor": actor,
            "action": AuditAction.CREATED,
            "target": o,
            "summary": f"Thêm cán bộ {o.full_name} (nhập từ tệp Excel)",
            "data": {
                "full_name": o.full_name,
                "birth_year": o.birth_year,
                "position": o.position,
                "workplace": o.workplace_id,
                "is_party_member": o.is_party_member,
                "party_organization": o.party_organization_id,
                "managing_body": o.managing_body_id,
                "managing_basis": o.managing_basis,
                "via": "import",
            },
        }
        for o in officials
    ]
    for chunk in _chunks(events, BATCH):
        record_many(chunk)
    return len(officials)


def _write_assignments(actor: Actor, records: list[dict[str, Any]]) -> int:
    org = actor.organization
    listed_with = org if org is not None and org.kind == OrganizationKind.ORGANIZATION_BOARD else None
    assignments = [
        SupervisionAssignment(
            official_id=r["official_id"],
            supervisor=r["supervisor"],
            listed_with=listed_with,
            started_on=r["started_on"],
        )
        for r in records
    ]
    SupervisionAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    events: list[Event] = [
        {
            "actor": actor,
            "action": AuditAction.CREATED,
            "target": a,
            "summary": f"Phân công {r['supervisor'].name} giám sát {r['full_name']} (nhập từ tệp Excel)",
            "data": {
                "official": a.official_id,
                "supervisor": a.supervisor_id,
                "started_on": a.started_on.isoformat(),
                "via": "import",
            },
        }
        for a, r in zip(assignments, records, strict=True)
    ]
    for chunk in _chunks(events, BATCH):
        record_many(chunk)
    return len(assignments)
