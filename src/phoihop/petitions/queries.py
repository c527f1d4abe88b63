"""Every user-visible query of petitions (the permission surface; rules.py decides).

Who sees a petition: the receiving body (its register), the body that transferred it (the source petition's
body: it follows the receiving body's state and result, 003 4.1.đ) and the Ban Nội chính it was reported to
(003 4.2.c). Signers are identities the pages show by handle only."""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from phoihop.accounts.models import User
from phoihop.common.keyset import BadCursor, Page
from phoihop.officials import queries as officials_queries
from phoihop.officials.models import Official

from . import rules
from .models import (
    Petition,
    PetitionAttachment,
    PetitionDeadline,
    PetitionEvent,
    PetitionSigner,
    PetitionSubject,
    PetitionWord,
)
from .words import query_words

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer
    from phoihop.cases.models import Case

DRIVER_MAX = 5_000  # the rarest word's petitions above which the search walks the register instead

__all__ = [
    "PAGE_SIZE",
    "active_users_of",
    "attachment_for",
    "attachments_of",
    "deadlines_of",
    "events_of",
    "export_rows",
    "filtered",
    "for_case",
    "officials_to_name",
    "petition_for",
    "register_page",
    "signers_of",
    "source_of",
    "subjects_of",
    "transfers_of",
    "visible_to",
]

PAGE_SIZE = 50
EXPORT_LIMIT = 10_000
REVIEW_FLAGS = ("complex", "prolonged", "backlog", "mass")
LIST_FIELDS = (
    "id",
    "organization_id",
    "year",
    "number",
    "received_on",
    "channel",
    "kind",
    "title",
    "anonymous",
    "signer_count",
    "state",
    "complex",
    "prolonged",
    "backlog",
    "mass",
    "result_overdue",
    "result_due_on",
    "transferred_to_id",
    "source_id",
    "reported_to_id",
)


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def visible_to(user: Viewer) -> QuerySet[Petition]:
    """The petitions of the user's body's register, those transferred from it (the receiving body's petitions)
    and those reported to it (the Ban Nội chính); none for anyone else."""
    org = _org(user)
    if org is None:
        return Petition.objects.none()
    return Petition.objects.filter(
        Q(organization_id=org) | Q(source__organization_id=org) | Q(reported_to_id=org)
    )


def petition_for(user: Viewer, pk: int) -> Petition | None:
    """One petition by id if the user sees it (its own bodies decide: one query, two for a transferred-in one)."""
    org = _org(user)
    if org is None:
        return None
    petition = (
        Petition.objects.select_related("organization", "transferred_to", "reported_to", "matter")
        .filter(pk=pk)
        .first()
    )
    if petition is None:
        return None
    if org in (petition.organization_id, petition.reported_to_id):
        return petition
    if petition.source_id is None:
        return None
    source_org = (
        Petition.objects.filter(pk=petition.source_id).values_list("organization_id", flat=True).first()
    )
    return petition if rules.sees(user, petition, source_org) else None


def for_case(user: Viewer, case: Case) -> QuerySet[Petition]:
    """The petitions the user sees that are linked to `case`."""
    return visible_to(user).filter(case_id=case.pk).order_by("-received_on", "-pk")


# --- what a petition's page shows -----------------------------------------------------------------------------


def events_of(petition: Petition) -> QuerySet[PetitionEvent]:
    return petition.events.select_related("actor").order_by("at", "id")


def signers_of(petition: Petition) -> QuerySet[PetitionSigner]:
    """The signers, with their identity's handle (never decrypted here)."""
    return petition.signers.select_related("identity").only(
        "id", "petition_id", "position", "identity__id", "identity__handle", "identity__organization_id"
    )


def subjects_of(petition: Petition) -> QuerySet[PetitionSubject]:
    return petition.subjects.select_related("official", "organization").order_by("id")


def deadlines_of(petition: Petition) -> QuerySet[PetitionDeadline]:
    return petition.deadlines.order_by("due_on", "id")


def attachments_of(user: Viewer, petition: Petition) -> QuerySet[PetitionAttachment]:
    """The receiving body sees every file; another body (the transferring one, the Ban) only the redacted."""
    rows = petition.attachments.order_by("id")
    if _org(user) != petition.organization_id:
        rows = rows.filter(redacted=True)
    return rows


def attachment_for(user: Viewer, pk: int) -> PetitionAttachment | None:
    """One file by id if the user sees its petition (and, outside the receiving body, only a redacted one)."""
    attachment = PetitionAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        return None
    petition = petition_for(user, attachment.petition_id)
    if petition is None:
        return None
    if _org(user) != petition.organization_id and not attachment.redacted:
        return None
    return attachment


def transfers_of(user: Viewer, petition: Petition) -> QuerySet[Petition]:
    """The receiving bodies' petitions this one was transferred as (their state and result)."""
    if _org(user) is None:
        return Petition.objects.none()
    return petition.transfers.select_related("organization").order_by("pk")


def source_of(user: Viewer, petition: Petition) -> Petition | None:
    """The petition this one was transferred from, if the user sees it (its body, or the Ban it was reported
    to); the receiving body sees only what its own petition carries."""
    if petition.source_id is None:
        return None
    return petition_for(user, petition.source_id)


# --- the register: keyset pages, newest received first -----------------------------------------------------


def _encode(petition: Petition) -> str:
    return base64.urlsafe_b64encode(f"{petition.received_on.isoformat()}|{petition.pk}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.date, int]:
    try:
        day, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeError) as exc:
        raise BadCursor(cursor) from exc


def filtered(user: Viewer, filters: dict[str, Any]) -> QuerySet[Petition]:
    """The user's body's register with the list's filters: kind, state, review (complex, prolonged, backlog,
    mass: the review lists of 004 3.7) and q (every word of the query a whole word of the folded text: petitions.words)."""
    org = _org(user)
    if org is None:
        return Petition.objects.none()
    qs = _with_words(org, query_words(str(filters.get("q") or "")))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    review = filters.get("review")
    if review in REVIEW_FLAGS:
        qs = qs.filter(**{review: True})
    return qs


def _with_words(org: int, words: list[str]) -> QuerySet[Petition]:
    """The body's petitions whose text has every one of `words` (whole words, folded: petitions.words).

    No words: the whole register. Else one query counts each word's petitions in the body (PetitionWord's index);
    a word no petition has gives nothing more to read. When the rarest word is in at most DRIVER_MAX petitions,
    the list is read from that word's rows (the register is not walked: a rare topic at 250,000 petitions read
    ≈28,000 rows otherwise); a commoner one walks the register newest first, where matches are dense. Either
    way each word is checked on the petition's own words (the unique (petition, word) index)."""
    qs = Petition.objects.all()
    if not words:
        return qs.filter(organization_id=org)
    counts = dict(
        PetitionWord.objects.filter(organization_id=org, word__in=words)
        .order_by()
        .values("word")
        # COUNT(*): the (organization, word) index alone, no row read (an index-only scan)
        .annotate(n=Count("*"))
        .values_list("word", "n")
    )
    if len(counts) < len(words):
        return qs.none()
    rarest = min(words, key=lambda w: counts[w])
    if counts[rarest] <= DRIVER_MAX:
        # the body's petitions with the rarest word (a PetitionWord's body is its petition's body)
        qs = qs.filter(
            pk__in=PetitionWord.objects.filter(organization_id=org, word=rarest).values("petition_id")
        )
    else:
        qs = qs.filter(organization_id=org)
    for word in words:
        if word != rarest or counts[rarest] > DRIVER_MAX:
            qs = qs.filter(Exists(PetitionWord.objects.filter(petition_id=OuterRef("pk"), word=word)))
    return qs


def register_page(
    user: Viewer, filters: dict[str, Any] | None = None, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[Petition]:
    """One page of the body's register, newest received first (received_on, id descending), starting after
    `cursor`: one query reading size + 1 rows. Raises BadCursor for a cursor not written here."""
    qs = filtered(user, filters or {}).only(*LIST_FIELDS)
    if cursor:
        day, pk = _decode(cursor)
        qs = qs.filter(Q(received_on__lt=day) | Q(received_on=day, pk__lt=pk))
    rows = list(qs.order_by("-received_on", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _encode(rows[-1]) if more and rows else None, None)


def export_rows(user: Viewer, filters: dict[str, Any] | None = None) -> list[Petition]:
    """The register's rows for an export (handles only: the text is stored redacted), at most EXPORT_LIMIT."""
    qs = (
        filtered(user, filters or {})
        .select_related("transferred_to")
        .only(
            *LIST_FIELDS, "received_on", "closed_on", "result_on", "transferred_to__name", "transfer_letter"
        )
    )
    return list(qs.order_by("-received_on", "-pk")[:EXPORT_LIMIT])


# --- helpers of forms and the domain ---------------------------------------------------------------------------


def officials_to_name(user: Viewer) -> QuerySet[Official]:
    """The officials a petition registered by the user's body may concern (the registry's officials it sees)."""
    return officials_queries.visible_to(user)


def active_users_of(organization_ids: list[int]) -> dict[int, list[User]]:
    """The active users of these bodies, by body (one query)."""
    out: dict[int, list[User]] = defaultdict(list)
    for u in User.objects.filter(organization_id__in=organization_ids, is_active=True).order_by("pk"):
        out[int(u.organization_id or 0)].append(u)
    return dict(out)
