"""Attachments: size and type limits, content sniffing, safe file names. Validate everything before writing."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from unidecode import unidecode

from phoihop.common.errors import DomainError

from ..models import Attachment, CoordinationRequest, Delivery

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


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))


def safe_name(name: str) -> str:
    base, ext = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", unidecode(base)).strip("-._") or "tep"
    return f"{base[:80]}{ext.lower()}"


def readable_size(n: int) -> str:
    """A size as a clerk reads it: "20 MB", "1,5 MB", "500 KB" (Vietnamese decimal comma)."""
    mb = 1024 * 1024
    if n >= mb:
        value = f"{n / mb:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        return f"{value} MB"
    if n >= 1024:
        return f"{n // 1024} KB"
    return f"{n} byte"


def validate_files(files: Sequence[UploadedFile]) -> None:
    limit = max_bytes()
    for f in files:
        name = f.name or ""
        ext = os.path.splitext(name)[1].lower()
        if ext not in ALLOWED_TYPES:
            allowed = ", ".join(sorted(e.lstrip(".") for e in ALLOWED_TYPES))
            raise DomainError(
                f"Tệp “{name}” không đúng loại cho phép ({allowed}).", code="file_type", field="files"
            )
        if f.size is None or f.size > limit:
            raise DomainError(
                f"Tệp “{name}” vượt quá dung lượng cho phép {readable_size(limit)}.",
                code="file_too_large",
                field="files",
            )
        if f.size == 0:
            raise DomainError(f"Tệp “{name}” rỗng.", code="file_empty", field="files")
        head = f.read(8)
        f.seek(0)
        if not any(head.startswith(magic) for magic in ALLOWED_TYPES[ext]):
            raise DomainError(
                f"Nội dung tệp “{name}” không khớp với phần mở rộng {ext}.",
                code="file_content",
                field="files",
            )


def store_files(
    actor: Any, request: CoordinationRequest, files: Sequence[UploadedFile], delivery: Delivery | None = None
) -> list[Attachment]:
    """Store already-validated files; call inside the caller's transaction."""
    stored = []
    for f in files:
        attachment = Attachment(
            request=request,
            delivery=delivery,
            original_name=os.path.basename(f.name or "tep")[:255],
            size=f.size or 0,
            content_type=(getattr(f, "content_type", "") or "application/octet-stream")[:100],
            uploaded_by=actor,
        )
        attachment.file.save(safe_name(f.name or "tep"), f, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
