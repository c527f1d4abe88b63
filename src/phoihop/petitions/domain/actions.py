"""The actions on petitions (issue 13, points 1–2). SKELETON: signatures fixed for the pages, API and other
parts; the petitions-domain part implements them. Each raises `phoihop.common.errors.DomainError` (a Vietnamese
message) on bad input, changes state through domain/transitions.py and records its audit event (handles only,
never an identity) in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from phoihop.identities.domain.protect import Person

from ..models import Petition


@dataclass(frozen=True)
class Intake:
    """What a clerk registers (point 1)."""

    received_on: dt.date
    channel: str  # enums.Channel
    kind: str  # enums.PetitionKind
    title: str
    content: str
    anonymous: bool = False
    signers: Sequence[Person] = ()  # empty when anonymous; the names are replaced by handles in title/content
    signer_count: int | None = None  # defaults to len(signers) (or 1 when anonymous)
    official_ids: Sequence[int] = ()
    organization_ids: Sequence[int] = ()
    attachments: Sequence[UploadedFile] = ()
    redacted_attachments: Sequence[UploadedFile] = ()  # copies without the signers' identity (for transfers)
    case_id: int | None = None


@dataclass(frozen=True)
class Classification:
    within_competence: bool
    complex: bool = False
    prolonged: bool = False
    backlog: bool = False
    mass: bool = False


@dataclass(frozen=True)
class TransferInput:
    to_organization_id: int
    letter: str  # số văn bản chuyển đơn
    on: dt.date
    result_due_on: dt.date  # the first body follows it up until then (003 4.1.đ)
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def register(*, organization_id: int, intake: Intake, actor: Any) -> Petition:
    """Writes the petition with the next number of the body's register for the year of `received_on`."""
    raise NotImplementedError


def classify(petition: Petition, classification: Classification, *, actor: Any) -> None:
    raise NotImplementedError


def accept(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "handle" (thụ lý): received → handling."""
    raise NotImplementedError


def transfer(petition: Petition, data: TransferInput, *, actor: Any) -> Petition:
    """Decision "transfer" (chuyển đơn): received/handling → transferred; writes the receiving body's petition
    (channel transfer, source = this one, the redacted text and redacted files only, no signer identity) in the
    same matter; returns it."""
    raise NotImplementedError


def guide(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "guide the sender" (hướng dẫn): received → guided."""
    raise NotImplementedError


def file_away(petition: Petition, *, on: dt.date, note: str, actor: Any) -> None:
    """Decision "file" (lưu đơn): received → filed."""
    raise NotImplementedError


def report_result(petition: Petition, *, on: dt.date, text: str, actor: Any) -> None:
    """The handling body records its result: handling → closed; for a transferred-in petition the source's
    follow-up ends too (source transferred → closed, with the result)."""
    raise NotImplementedError


def report_to_ban(petition: Petition, *, note: str, actor: Any) -> None:
    """Mass or complex complaints are reported to the Ban Nội chính (003 4.2.c)."""
    raise NotImplementedError
