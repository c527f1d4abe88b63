"""Attachments of coordination requests: validated by phoihop.common.files (size and type limits, whole-content
checks, safe file names: the rules are said there), then stored here. Validate everything before writing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile

from phoihop.accounts.types import Actor
from phoihop.common.files import (
    ALLOWED_TYPES,
    check_zip,
    max_bytes,
    max_unpacked_bytes,
    readable_size,
    safe_name,
    validate_files,
)

from ..models import Attachment, CoordinationRequest, Delivery

__all__ = [
    "ALLOWED_TYPES",
    "check_zip",
    "max_bytes",
    "max_unpacked_bytes",
    "readable_size",
    "safe_name",
    "store_files",
    "validate_files",
]


def store_files(
    actor: Actor,
    request: CoordinationRequest,
    files: Sequence[UploadedFile],
    delivery: Delivery | None = None,
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
