"""Drafts editable until sent, and one draft per form however many times it is posted (issue 11, part 4).

- `create_draft_once`: the request form carries a one-time token (a UUID made when the form is shown); the first
  POST creates the draft and stores the token on it (`CoordinationRequest.form_token`, unique); a second POST
  with the same token (a double click, a resent form) finds that draft instead of creating another. The look-up
  runs under the audit chain's lock, which every auditing writer takes first (PostgreSQL: an advisory lock;
  SQLite: the IMMEDIATE transaction's write lock), so two concurrent POSTs of one token see each other; the
  unique column is the backstop.
- `update_draft`: the sender's drafting members edit a request while it is a draft (new, or returned by the
  leader); the same checks as creating one, one conditional UPDATE on the draft state, the copies' list and
  channels brought in line, one audit event naming what changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from phoihop.accounts.types import Actor
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict, NotAllowed
from phoihop.formats.vi.collation import fold, sort_key
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation

from .. import rules
from ..enums import Channel, RequestKind, RequestState
from ..models import CoordinationRequest, Delivery
from .actions import check_draft, create_request, personnel_fields
from .files import store_files
from .policy import askable_organizations

__all__ = [
    "NOT_A_DRAFT",
    "Offer",
    "Offered",
    "OfferedGroup",
    "create_draft_once",
    "draft_initial",
    "offered_recipients",
    "update_draft",
]

NOT_A_DRAFT = "Văn bản này đã được trình hoặc đã gửi nên không sửa được nữa; chỉ sửa được dự thảo chưa trình."
TOKEN_USED = "Biểu mẫu này đã được dùng để soạn một văn bản khác; hãy mở lại trang soạn văn bản."


def create_draft_once(
    actor: Actor, token: uuid.UUID | None, **fields: Any
) -> tuple[CoordinationRequest, bool]:
    """The draft this form's token made, or a new one made now (create_request's arguments in `fields`).
    Returns (request, created). Without a token, always a new draft."""
    if token is None:
        return create_request(actor, **fields), True
    with transaction.atomic():
        lock_chain()  # before any read: a concurrent POST of the same token waits here until the first commits
        existing = _by_token(token)
        if existing is not None:
            return _own(actor, existing), False
        try:
            with transaction.atomic():
                created = create_request(actor, **fields)
                CoordinationRequest.objects.filter(pk=created.pk).update(form_token=token)
        except IntegrityError:  # the unique token: a writer that did not queue on the chain's lock
            existing = _by_token(token)
            if existing is None:
                raise
            return _own(actor, existing), False
        created.form_token = token
        return created, True


def _by_token(token: uuid.UUID) -> CoordinationRequest | None:
    return CoordinationRequest.objects.filter(form_token=token).first()


def _own(actor: Actor, request: CoordinationRequest) -> CoordinationRequest:
    if request.created_by_id != actor.pk:
        raise Conflict(TOKEN_USED, code="form_token_used")
    return request


def update_draft(
    actor: Actor,
    request: CoordinationRequest,
    *,
    regulation: Any,
    kind: RequestKind,
    subject: str,
    body: str = "",
    recipients: Sequence[Organization],
    stated_deadline: dt.date | None = None,
    stated_working_days: int | None = None,
    paper_recipients: Iterable[int] = (),
    files: Sequence[UploadedFile] = (),
    official: Any = None,
    personnel_procedure: str = "",
    personnel_article: str = "",
    now: dt.datetime | None = None,
) -> CoordinationRequest:
    """Edit a draft the actor's body has not sent yet; the attachments it has are kept, `files` are added."""
    if not rules.may_edit_drafts_of(actor, request):
        raise NotAllowed("Chỉ cán bộ của cơ quan đề nghị mới được sửa dự thảo.")
    if request.state != RequestState.DRAFT:
        raise Conflict(NOT_A_DRAFT, code="not_a_draft")
    unique = check_draft(
        request.sender,
        regulation=regulation,
        kind=kind,
        subject=subject,
        recipients=recipients,
        stated_deadline=stated_deadline,
        stated_working_days=stated_working_days,
        files=files,
        today=local_date(now or timezone.now()),
    )
    personnel = personnel_fields(
        regulation,
        request.sender,
        list(unique.values()),
        kind,
        official,
        personnel_procedure,
        personnel_article,
        viewer=actor,
    )
    paper = set(paper_recipients)
    wanted = {pk: (Channel.PAPER if pk in paper else Channel.ELECTRONIC) for pk in unique}
    values: dict[str, Any] = {
        "regulation_id": regulation.pk,
        "kind": str(kind),
        "subject": subject.strip(),
        "body": body,
        "stated_deadline": stated_deadline,
        "stated_working_days": stated_working_days,
        "official_id": personnel["official"].pk if personnel["official"] is not None else None,
        "personnel_procedure": personnel["personnel_procedure"],
        "personnel_article": personnel["personnel_article"],
    }
    changed = sorted(name for name, value in values.items() if getattr(request, name) != value)
    with transaction.atomic():
        lock_chain()
        updated = CoordinationRequest.objects.filter(pk=request.pk, state=RequestState.DRAFT).update(**values)
        if not updated:  # submitted or withdrawn meanwhile
            raise Conflict(NOT_A_DRAFT, code="not_a_draft")
        current = {d.recipient_id: d for d in Delivery.objects.filter(request=request)}
        removed = sorted(set(current) - set(wanted))
        added = sorted(set(wanted) - set(current))
        rechannelled = sorted(pk for pk in set(current) & set(wanted) if current[pk].channel != wanted[pk])
        if removed:
            Delivery.objects.filter(request=request, recipient_id__in=removed).delete()
        for channel in (Channel.PAPER, Channel.ELECTRONIC):
            pks = [pk for pk in rechannelled if wanted[pk] == channel]
            if pks:
                Delivery.objects.filter(request=request, recipient_id__in=pks).update(channel=channel)
        Delivery.objects.bulk_create(
            [Delivery(request=request, recipient=unique[pk], channel=wanted[pk]) for pk in added]
        )
        stored = store_files(actor, request, files)
        for name, value in values.items():
            setattr(request, name, value)
        request.regulation = regulation
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=request,
            summary=f"Sửa dự thảo: {request.subject}",
            data={
                "fields": changed,
                "recipients": sorted(wanted),
                "added": added,
                "removed": removed,
                "channel_changed": rechannelled,
                "files": [a.original_name for a in stored],
            },
        )
    return request


# --- the recipient picker (issue 11, part 5) --------------------------------------------------------------


@dataclass(frozen=True)
class Offered:
    """A body the sender may ask, with the regulations (ids) under which it may, and its name folded for search."""

    organization: Organization
    regulation_ids: tuple[int, ...]
    search: str

    @property
    def is_commune(self) -> bool:
        return self.organization.level == Level.COMMUNE


@dataclass(frozen=True)
class OfferedGroup:
    kind: str
    label: str
    items: list[Offered]


@dataclass
class Offer:
    """What the picker offers the sender: bodies grouped by kind (the kinds in their declared order, the bodies in
    Vietnamese order), and for each regulation the bodies it lets the sender ask."""

    organizations: QuerySet[Organization]
    groups: list[OfferedGroup] = field(default_factory=list)
    by_regulation: dict[int, set[int]] = field(default_factory=dict)

    def communes_of(self, regulation: Regulation) -> list[Organization]:
        """Every commune the regulation lets the sender ask ("Tất cả xã/phường")."""
        allowed = self.by_regulation.get(regulation.pk, set())
        return [
            item.organization
            for group in self.groups
            for item in group.items
            if item.is_commune and item.organization.pk in allowed
        ]


def offered_recipients(regulations: QuerySet[Regulation], sender: Organization, today: dt.date) -> Offer:
    """The picker's offer: one query for the bodies askable under any of these regulations, and per regulation
    the ids of those it lets the sender ask (consultations.domain.policy.askable_organizations)."""
    organizations = askable_organizations(regulations, sender, today)
    by_regulation = {
        reg.pk: set(
            askable_organizations(regulations.filter(pk=reg.pk), sender, today).values_list("pk", flat=True)
        )
        for reg in regulations
    }
    kinds = {value: str(label) for value, label in OrganizationKind.choices}
    order = list(kinds)
    grouped: dict[str, list[Offered]] = {}
    for org in organizations:
        regs = tuple(sorted(pk for pk, allowed in by_regulation.items() if org.pk in allowed))
        search = fold(f"{org.name} {org.abbreviation}")
        grouped.setdefault(org.kind, []).append(Offered(org, regs, search))
    groups = [
        OfferedGroup(kind, kinds.get(kind, kind), sorted(items, key=lambda i: sort_key(i.organization.name)))
        for kind, items in sorted(
            grouped.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
        )
    ]
    return Offer(organizations=organizations, groups=groups, by_regulation=by_regulation)


def draft_initial(request: CoordinationRequest) -> dict[str, Any]:
    """The request form's initial values for editing this draft."""
    copies = list(request.deliveries.all())
    return {
        "regulation": request.regulation_id,
        "kind": request.kind,
        "subject": request.subject,
        "body": request.body,
        "recipients": [d.recipient_id for d in copies],
        "paper_recipients": [d.recipient_id for d in copies if d.channel == Channel.PAPER],
        "stated_deadline": request.stated_deadline,
        "stated_working_days": request.stated_working_days,
        "official": request.official_id,
        "personnel_procedure": request.personnel_procedure,
        "personnel_article": request.personnel_article,
    }
