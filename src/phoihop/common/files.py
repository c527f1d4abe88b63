"""Uploaded files, for every app that takes them (the attachments of coordination requests, the documents and
figures of reports): size and type limits, whole-content checks, safe file names. Validate everything before
writing; storing is each app's business.

validate_files accepts a file when, in this order (the first failure is the message, with its code):
1. its extension is one of ALLOWED_TYPES (file_type);
2. it is not over max_bytes() nor empty (file_too_large, file_empty) — a file that went over the limit while
   streaming in arrives as phoihop.common.uploads.RefusedUpload, with the size that was sent;
3. it starts with the magic number of its extension (file_content);
4. it holds no Windows program anywhere in it (file_content): "MZ" whose e_lfanew field points at "PE\\0\\0",
   the DOS header every Microsoft linker writes ("MZ\\x90\\x00\\x03"), the DOS stub's text, or "MZ" right after
   the format's magic number (the `%PDF` + `MZ` polyglot). "MZ" alone is not refused: two ordinary bytes of
   compressed data. The whole file is read once, a megabyte at a time;
5. a zip-based format (.docx, .xlsx, .odt, .ods) is a readable zip holding the parts of its format —
   [Content_Types].xml and word/document.xml or xl/workbook.xml; for OpenDocument a `mimetype` member naming
   the type, and content.xml — with at most ZIP_MAX_MEMBERS members and at most max_unpacked_bytes()
   (ATTACHMENT_MAX_UNCOMPRESSED_BYTES, 100 MB) once unpacked, as its central directory declares: Python's
   zipfile (and so openpyxl) never inflates a member past its declared size (file_content; file_too_large for
   the unpacked size). Nothing is unpacked to check this;
6. any other format is not also a zip archive (file_content): a PDF or an image a zip reader opens is refused.
Not checked: that a PDF ends with %%EOF (scanners and generators omit it, and a cut PDF harms nobody), the
inside of .doc/.xls (OLE2) beyond steps 3 and 4, macros, the pixels of an image.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from unidecode import unidecode

from phoihop.common.errors import DomainError
from phoihop.common.uploads import max_bytes, readable_size

__all__ = [
    "ALLOWED_TYPES",
    "XLSX_TYPE",
    "ZIP_ERRORS",
    "ZIP_MAX_MEMBERS",
    "ZIP_PARTS",
    "ZipProblem",
    "check_size",
    "check_zip",
    "max_bytes",
    "max_unpacked_bytes",
    "readable_size",
    "safe_name",
    "validate_files",
]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# extension -> accepted leading bytes (magic numbers)
ALLOWED_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
}

# zip-based formats -> the members they cannot do without
ZIP_PARTS: dict[str, tuple[str, ...]] = {
    ".docx": ("[Content_Types].xml", "word/document.xml"),
    ".xlsx": ("[Content_Types].xml", "xl/workbook.xml"),
    ".odt": ("mimetype", "content.xml"),
    ".ods": ("mimetype", "content.xml"),
}
ODF_MIMETYPES = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
ZIP_MAX_MEMBERS = 10_000
# what zipfile raises on a broken, foreign or unsupported archive
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError)

CHUNK = 1024 * 1024
MAX_LFANEW = 0x1000  # where a DOS header may point at its PE header (real programs: 0x40 to 0x200)
LOOKAHEAD = MAX_LFANEW + 4
DOS_HEADER = b"MZ\x90\x00\x03"
DOS_STUB = b"This program cannot be run in DOS mode"


def max_unpacked_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024))


def safe_name(name: str) -> str:
    base, ext = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", unidecode(base)).strip("-._") or "tep"
    return f"{base[:80]}{ext.lower()}"


class ZipProblem(Exception):
    """Why a zip-based file is refused: "invalid" (not its format), "members" or "unpacked" (too big)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_zip(f: Any, ext: str, *, max_unpacked: int) -> None:
    """Raise ZipProblem unless the open binary file `f` is a zip of the format `ext` within the limits;
    reads only the central directory (and an OpenDocument `mimetype`), and leaves `f` at its start."""
    try:
        f.seek(0)
        with zipfile.ZipFile(f) as zf:
            infos = zf.infolist()
            if len(infos) > ZIP_MAX_MEMBERS:
                raise ZipProblem("members")
            if sum(i.file_size for i in infos) > max_unpacked:
                raise ZipProblem("unpacked")
            names = {i.filename for i in infos}
            if not all(part in names for part in ZIP_PARTS[ext]):
                raise ZipProblem("invalid")
            if ext in ODF_MIMETYPES:
                info = zf.getinfo("mimetype")
                if info.file_size > 100 or zf.read(info).strip() != ODF_MIMETYPES[ext]:
                    raise ZipProblem("invalid")
    except ZIP_ERRORS as exc:
        raise ZipProblem("invalid") from exc
    finally:
        f.seek(0)


def _is_zip(f: Any) -> bool:
    try:
        f.seek(0)
        with zipfile.ZipFile(f):
            return True
    except ZIP_ERRORS:
        return False
    finally:
        f.seek(0)


def _program_at(buf: bytes, at: int) -> bool:
    """Whether the "MZ" at `at` starts a Windows program's header."""
    if buf.startswith(DOS_HEADER, at):
        return True
    field = buf[at + 0x3C : at + 0x40]
    if len(field) < 4:
        return False
    lfanew = int.from_bytes(field, "little")
    return 0x40 <= lfanew <= MAX_LFANEW and buf[at + lfanew : at + lfanew + 4] == b"PE\x00\x00"


def _holds_program(f: Any, magic: bytes) -> bool:
    """Read the file once, a megabyte at a time, looking for a Windows program; leaves `f` at its start."""
    f.seek(0)
    buf = b""
    first = True
    try:
        while True:
            chunk = f.read(CHUNK)
            eof = not chunk
            buf += chunk
            if first and buf[len(magic) : len(magic) + 2] == b"MZ":
                return True
            first = False
            if DOS_STUB in buf:
                return True
            decided = len(buf) if eof else max(0, len(buf) - LOOKAHEAD)  # positions with enough bytes after
            at = buf.find(b"MZ")
            while at != -1 and at < decided:
                if _program_at(buf, at):
                    return True
                at = buf.find(b"MZ", at + 1)
            if eof:
                return False
            buf = buf[decided:]
    finally:
        f.seek(0)


def check_size(f: UploadedFile, field: str = "files") -> None:
    limit = max_bytes()
    if f.size is None or f.size > limit:
        raise DomainError(
            f"Tệp “{f.name or ''}” vượt quá dung lượng cho phép {readable_size(limit)}.",
            code="file_too_large",
            field=field,
        )


def validate_files(files: Sequence[UploadedFile]) -> None:
    for f in files:
        name = f.name or ""
        ext = os.path.splitext(name)[1].lower()
        if ext not in ALLOWED_TYPES:
            allowed = ", ".join(sorted(e.lstrip(".") for e in ALLOWED_TYPES))
            raise DomainError(
                f"Tệp “{name}” không đúng loại cho phép ({allowed}).", code="file_type", field="files"
            )
        check_size(f)
        if f.size == 0:
            raise DomainError(f"Tệp “{name}” rỗng.", code="file_empty", field="files")
        mismatch = f"Nội dung tệp “{name}” không khớp với phần mở rộng {ext}."
        f.seek(0)
        head = f.read(8)
        f.seek(0)
        magic = next((m for m in ALLOWED_TYPES[ext] if head.startswith(m)), None)
        if magic is None:
            raise DomainError(mismatch, code="file_content", field="files")
        if _holds_program(f, magic):
            raise DomainError(
                f"Tệp “{name}” có chứa chương trình chạy được (tệp .exe); không nhận tệp này.",
                code="file_content",
                field="files",
            )
        if ext in ZIP_PARTS:
            limit = max_unpacked_bytes()
            try:
                check_zip(f, ext, max_unpacked=limit)
            except ZipProblem as exc:
                if exc.reason == "unpacked":
                    raise DomainError(
                        f"Tệp “{name}” khi giải nén vượt quá {readable_size(limit)}.",
                        code="file_too_large",
                        field="files",
                    ) from None
                if exc.reason == "members":
                    most = f"{ZIP_MAX_MEMBERS:,}".replace(",", ".")
                    raise DomainError(
                        f"Tệp “{name}” có quá nhiều thành phần nén (hơn {most}).",
                        code="file_content",
                        field="files",
                    ) from None
                raise DomainError(mismatch, code="file_content", field="files") from None
        elif _is_zip(f):
            raise DomainError(
                f"{mismatch[:-1]}: tệp đồng thời là một tệp nén .zip.", code="file_content", field="files"
            )
