"""One matter across bodies (issue 13, point 4): linking a petition to the matter it duplicates, and unlinking it.

Who may link or unlink a petition: the clerks, specialists and leaders of the body that received it (`may_link`).
A petition is linked to what the detection proposes (`matching.candidates`) or to a petition or matter of its own
body: never to an arbitrary petition of another body (that would let a clerk probe other registers). Linking to a
petition that is in no matter yet creates the matter. Its title is its number (`neutral_title`), never a text of a
petition: every body of the matter may read it (a matter a transfer opened with the petition's title gets the
neutral one when another body joins). Each change writes a `PetitionEvent` (kind `linked`) and an audit
event in the same transaction; the conditional UPDATE (`matter IS NULL` / `matter = old`) refuses a lost race.

The lookups the matter pages and API use are here too (the petitions part's `queries.py` holds the petition's own):
`matter_for` (the matter if the viewer's body holds one of its petitions), `parts_of` (its petitions, with the body),
`own_petition` (a petition of the viewer's own body).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from phoihop.accounts.enums import DRAFTING_ROLES
from phoihop.accounts.types import Actor, Viewer
from phoihop.audit.domain import lock_chain, record
from phoihop.audit.enums import AuditAction
from phoihop.common.errors import Conflict, DomainError, NotAllowed

from .. import matching
from ..enums import EventKind
from ..models import Matter, Petition, PetitionEvent

__all__ = [
    "NOT_ALLOWED",
    "NOT_PROPOSED",
    "link",
    "link_by_id",
    "matter_for",
    "may_link",
    "neutral_title",
    "own_petition",
    "parts_of",
    "unlink",
]

NOT_ALLOWED = "Chỉ văn thư, chuyên viên, lãnh đạo của cơ quan tiếp nhận đơn được gắn đơn vào vụ việc chung."
NOT_PROPOSED = "Chỉ gắn được đơn vào vụ việc chung mà hệ thống đề xuất là có thể trùng, hoặc với đơn của chính cơ quan mình."
RACE = "Đơn vừa được gắn vào (hoặc gỡ khỏi) một vụ việc chung khác: hãy tải lại trang và thử lại."
PROPOSALS_CHECKED = 50


# --- rules (predicates on loaded objects, no queries) ---------------------------------------------------


def _org(user: Viewer) -> int | None:
    return user.organization_id if user.is_authenticated else None


def may_link(user: Viewer, petition: Petition) -> bool:
    """A clerk, specialist or leader of the body that received the petition."""
    return (
        user.is_authenticated
        and _org(user) is not None
        and _org(user) == petition.organization_id
        and user.role in DRAFTING_ROLES
    )


# --- lookups ---------------------------------------------------------------------------------------------


def matter_for(user: Viewer, pk: int) -> Matter | None:
    """The matter by id if the viewer's body holds one of its petitions (two indexed queries), else None."""
    org = _org(user)
    if org is None:
        return None
    matter = Matter.objects.filter(pk=pk).first()
    if matter is None:
        return None
    holds = Petition.objects.filter(matter_id=matter.pk, organization_id=org).exists()
    return matter if holds else None


def parts_of(matter: Matter) -> list[Petition]:
    """The matter's petitions with their bodies, oldest received first (one query)."""
    return list(
        Petition.objects.filter(matter_id=matter.pk)
        .select_related("organization")
        .only(
            "id",
            "organization__id",
            "organization__name",
            "year",
            "number",
            "received_on",
            "state",
            "kind",
            "title",
            "matter_id",
        )
        .order_by("received_on", "id")
    )


def own_petition(user: Viewer, pk: int) -> Petition | None:
    """A petition of the viewer's own body by id (one query), else None."""
    org = _org(user)
    if org is None:
        return None
    return Petition.objects.select_related("organization").filter(pk=pk, organization_id=org).first()


# --- actions ---------------------------------------------------------------------------------------------


def _proposed(actor: Actor, petition: Petition, matter_id: int | None, other: Petition | None) -> bool:
    """Whether the target is one the actor may link to: of its own body, or proposed by the detection."""
    org = _org(actor)
    if other is not None and other.organization_id == org:
        return True
    if (
        matter_id is not None
        and org is not None
        and Petition.objects.filter(matter_id=matter_id, organization_id=org).exists()
    ):
        return True
    for proposal in matching.candidates(petition, limit=PROPOSALS_CHECKED):
        if matter_id is not None and proposal.matter_id == matter_id:
            return True
        if other is not None and any(c.petition_id == other.pk for c in proposal.petitions):
            return True
    return False


def neutral_title(matter: Matter) -> str:
    """The title every body of the matter may read: its number, never a petition's words."""
    return f"Vụ việc chung số {matter.pk}"


def _event(petition: Petition, actor: Actor, text: str) -> None:
    PetitionEvent.objects.create(
        petition=petition, kind=EventKind.LINKED, at=timezone.now(), actor=actor, text=text
    )


def link(petition: Petition, target: Matter | Petition, *, actor: Actor) -> Matter:
    """Link `petition` to a matter, or to another petition (creating their matter when it has none); returns the
    matter. Refused with a Vietnamese message: not the actor's petition, already in a matter, not proposed."""
    if not may_link(actor, petition):
        raise NotAllowed(NOT_ALLOWED)
    other = target if isinstance(target, Petition) else None
    if other is not None and other.pk == petition.pk:
        raise DomainError("Không thể gắn một đơn với chính nó.", code="same_petition")
    matter_id = target.pk if isinstance(target, Matter) else (other.matter_id if other is not None else None)
    if petition.matter_id is not None:
        if petition.matter_id == matter_id:
            raise DomainError("Đơn đã thuộc vụ việc chung này.", code="already_linked")
        raise DomainError(
            f"Đơn đã thuộc vụ việc chung số {petition.matter_id}: hãy gỡ khỏi vụ việc đó trước.",
            code="already_linked",
        )
    if not _proposed(actor, petition, matter_id, other):
        raise DomainError(NOT_PROPOSED, code="not_proposed")
    renamed = False
    with transaction.atomic():
        lock_chain()
        if matter_id is None:
            assert other is not None
            matter = Matter.objects.create(title="Vụ việc chung", created_by=actor)
            matter.title = neutral_title(matter)
            matter.save(update_fields=["title"])
            if not Petition.objects.filter(pk=other.pk, matter__isnull=True).update(matter=matter):
                raise Conflict(RACE)
            record(
                actor=actor,
                action=AuditAction.CREATED,
                target=matter,
                summary=f"Lập vụ việc chung số {matter.pk}",
                data={"petitions": [other.pk, petition.pk]},
            )
            _event(other, actor, f"Gắn vào vụ việc chung số {matter.pk}")
            record(
                actor=actor,
                action=AuditAction.CHANGED,
                target=other,
                summary=f"Gắn đơn {other.register_code} vào vụ việc chung số {matter.pk}",
                data={"matter": [None, matter.pk]},
            )
            other.matter = matter
        else:
            matter = Matter.objects.get(pk=matter_id)
            if matter.title != neutral_title(matter):
                # a matter a transfer opened bears the petition's title: the body joining it must not read it
                Matter.objects.filter(pk=matter.pk).update(title=neutral_title(matter))
                matter.title = neutral_title(matter)
                renamed = True
        if not Petition.objects.filter(pk=petition.pk, matter__isnull=True).update(matter=matter):
            raise Conflict(RACE)
        _event(petition, actor, f"Gắn vào vụ việc chung số {matter.pk}")
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=petition,
            summary=f"Gắn đơn {petition.register_code} vào vụ việc chung số {matter.pk}",
            data={"matter": [None, matter.pk], **({"matter_title": "neutral"} if renamed else {})},
        )
    petition.matter = matter
    return matter


def link_by_id(
    petition: Petition, *, actor: Actor, matter_id: int | None = None, petition_id: int | None = None
) -> Matter:
    """`link` with the target given by id (a form, the API): an unknown id is refused like one not proposed."""
    if not may_link(actor, petition):
        raise NotAllowed(NOT_ALLOWED)
    target: Matter | Petition | None = None
    if matter_id is not None:
        target = Matter.objects.filter(pk=matter_id).first()
    elif petition_id is not None:
        target = Petition.objects.filter(pk=petition_id).first()
    else:
        raise DomainError("Hãy chọn vụ việc chung hoặc đơn để gắn.", code="no_target")
    if target is None:
        raise DomainError(NOT_PROPOSED, code="not_proposed")
    return link(petition, target, actor=actor)


def unlink(petition: Petition, *, actor: Actor) -> None:
    """Take `petition` out of its matter. A transfer and the petition it came from stay in one matter."""
    if not may_link(actor, petition):
        raise NotAllowed(NOT_ALLOWED.replace("gắn đơn vào", "gỡ đơn khỏi"))
    old = petition.matter_id
    if old is None:
        raise DomainError("Đơn chưa thuộc vụ việc chung nào.", code="not_linked")
    chained = (
        Petition.objects.filter(matter_id=old).filter(pk=petition.source_id) if petition.source_id else None
    )
    if (chained is not None and chained.exists()) or Petition.objects.filter(
        source_id=petition.pk, matter_id=old
    ).exists():
        raise DomainError(
            "Đơn gắn với vụ việc chung qua việc chuyển đơn: không thể gỡ khỏi vụ việc này.",
            code="transfer_chain",
        )
    with transaction.atomic():
        lock_chain()
        if not Petition.objects.filter(pk=petition.pk, matter_id=old).update(matter=None):
            raise Conflict(RACE)
        _event(petition, actor, f"Gỡ khỏi vụ việc chung số {old}")
        record(
            actor=actor,
            action=AuditAction.CHANGED,
            target=petition,
            summary=f"Gỡ đơn {petition.register_code} khỏi vụ việc chung số {old}",
            data={"matter": [old, None]},
        )
    petition.matter = None
