"""Personnel consultations (xin ý kiến về nhân sự; issue 12, part 3): an opinion request about a named official
and a personnel procedure, in the direction an article of the regulation gives, sent through the ordinary
consultation engine (its deadlines, extensions and deemed consent come from the kind "personnel" in the
regulation's `request_kinds`).

The directions are data: the regulation's `personnel_consultations:` block (regulations/schema.py), each with its
article, the kinds of body that ask, the kinds asked and the procedures it covers; read here from the version's
stored data (`Regulation.data`). Nothing here names a regulation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.common.errors import DomainError, PolicyViolation
from phoihop.officials.models import Official
from phoihop.officials.queries import official_for
from phoihop.officials.queries import visible_to as officials_visible_to
from phoihop.organizations.models import Organization
from phoihop.regulations.enums import PersonnelProcedure, RequestKind

__all__ = [
    "OUT_OF_REACH",
    "PERSONNEL_BLOCK",
    "PersonnelChoice",
    "PersonnelDirection",
    "check_personnel",
    "official_in_reach",
    "officials_for_sender",
    "personnel_directions",
    "procedure_label",
]

PERSONNEL_BLOCK = "personnel_consultations"
# never names the official: an id out of reach (or unknown) tells nothing about who it is
OUT_OF_REACH = (
    "Cán bộ được chọn không công tác tại, và không thuộc diện quản lý của, cơ quan đề nghị hay cơ quan được đề "
    "nghị; chỉ xin ý kiến về cán bộ mà cơ quan mình được xem."
)


@dataclass(frozen=True)
class PersonnelDirection:
    """One article's direction: which kinds of body (kind, level) ask which, about which procedures."""

    code: str
    article: str
    senders: tuple[tuple[str, str], ...]
    recipients: tuple[tuple[str, str], ...]
    procedures: tuple[str, ...]
    text: str
    sender_names: tuple[str, ...] = ()
    recipient_names: tuple[str, ...] = ()

    def allows(self, sender: Organization, recipient: Organization) -> bool:
        return (sender.kind, sender.level) in self.senders and (
            recipient.kind,
            recipient.level,
        ) in self.recipients

    @property
    def procedure_labels(self) -> str:
        return ", ".join(procedure_label(p).lower() for p in self.procedures)


@dataclass(frozen=True)
class PersonnelChoice:
    """What a personnel request carries once checked: the official, the procedure and the article applied."""

    official: Official
    procedure: str
    article: str


def procedure_label(value: str) -> str:
    return str(PersonnelProcedure(value).label) if value in PersonnelProcedure.values else value


def _pairs(actors: Iterable[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(a["kind"]), str(a["level"])) for a in actors)


def personnel_directions(regulation: Any) -> list[PersonnelDirection]:
    """The personnel directions of this regulation version, in the data's order (none when it has no block)."""
    data = getattr(regulation, "data", None) or {}
    return [
        PersonnelDirection(
            code=str(item["code"]),
            article=str(item["article"]),
            senders=_pairs(item.get("senders") or []),
            recipients=_pairs(item.get("recipients") or []),
            procedures=tuple(str(p) for p in item.get("procedures") or []),
            text=str(item.get("text") or ""),
            sender_names=tuple(str(a["name"]) for a in item.get("senders") or []),
            recipient_names=tuple(str(a["name"]) for a in item.get("recipients") or []),
        )
        for item in data.get(PERSONNEL_BLOCK) or []
    ]


def _name(regulation: Any) -> str:
    return str(regulation.number or regulation.short_title or regulation.title)


def _summary(directions: Sequence[PersonnelDirection]) -> str:
    """Every direction as the data names its bodies: "<article>: <senders> xin ý kiến <recipients> (<procedures>)"."""
    parts = []
    for d in directions:
        frm, to = "; ".join(d.sender_names), "; ".join(d.recipient_names)
        parts.append(f"{d.article}: {frm} xin ý kiến {to} ({d.procedure_labels})")
    return "; ".join(parts)


def official_in_reach(official: Official, sender: Organization, recipients: Iterable[Organization]) -> bool:
    """The official works at, or is managed by, the sender or one of the bodies asked (the bodies that may see
    the official's record for this request)."""
    bodies = {sender.pk, *(o.pk for o in recipients)}
    return official.workplace_id in bodies or official.managing_body_id in bodies


def check_personnel(
    regulation: Any,
    sender: Organization,
    recipients: Sequence[Organization],
    *,
    official: Official | None,
    procedure: str,
    article: str = "",
    viewer: Any = None,
) -> PersonnelChoice:
    """What a personnel request must satisfy: a named official the sender may ask about (one `viewer`, the
    drafter, may see in the officials registry, or one working at or managed by the sender or a body asked: the
    13.6 case of a party secretary managed by the agency's leaders), a procedure, and for every recipient a direction of the regulation data (the chosen article's, or the first that fits) from the
    sender's kind to the recipient's covering that procedure. Raises DomainError/PolicyViolation in Vietnamese."""
    if official is None:
        raise DomainError("Hãy chọn cán bộ được xin ý kiến.", field="official")
    if procedure not in PersonnelProcedure.values:
        raise DomainError("Hãy chọn quy trình công tác cán bộ.", field="personnel_procedure")
    name = _name(regulation)
    directions = personnel_directions(regulation)
    if not directions:
        raise PolicyViolation(
            f"{name} không quy định việc xin ý kiến về nhân sự.", field="kind", code="no_personnel_rule"
        )
    if article:
        chosen = [d for d in directions if d.article == article]
        if not chosen:
            raise DomainError(
                f"{name} không có điều khoản “{article}” về xin ý kiến nhân sự; các điều khoản: "
                f"{', '.join(d.article for d in directions)}.",
                field="personnel_article",
            )
    else:
        chosen = directions
    label = procedure_label(procedure).lower()
    fitting: PersonnelDirection | None = None
    for candidate in chosen:
        if all(candidate.allows(sender, r) for r in recipients) and procedure in candidate.procedures:
            fitting = candidate
            break
    if fitting is None:
        where = f" theo {article}" if article else ""
        for recipient in recipients:
            if not any(d.allows(sender, recipient) for d in chosen):
                raise PolicyViolation(
                    f"Theo {name}, {sender.name} không xin ý kiến {recipient.name} về nhân sự{where}. "
                    f"Quy chế quy định: {_summary(directions)}.",
                    field="recipients",
                    code="personnel_direction",
                )
        raise PolicyViolation(
            f"Theo {name}, việc xin ý kiến về nhân sự giữa các cơ quan này{where} không áp dụng cho quy trình "
            f"“{label}”. Quy chế quy định: {_summary(directions)}.",
            field="personnel_procedure",
            code="personnel_procedure",
        )
    if not official_in_reach(official, sender, recipients) and not (
        viewer is not None and official_for(viewer, official.pk) is not None
    ):
        raise DomainError(OUT_OF_REACH, field="official")
    return PersonnelChoice(official=official, procedure=procedure, article=fitting.article)


def personnel_recipient_pairs(regulations: Iterable[Any], sender: Organization) -> set[tuple[str, str]]:
    """The (kind, level) of every body these regulations let the sender ask about personnel."""
    pairs: set[tuple[str, str]] = set()
    for regulation in regulations:
        for d in personnel_directions(regulation):
            if (sender.kind, sender.level) in d.senders:
                pairs |= set(d.recipients)
    return pairs


def officials_for_sender(viewer: Any, regulations: Iterable[Any], sender: Organization) -> QuerySet[Official]:
    """The request form's choice of officials: those the drafter may see in the registry
    (officials.queries.visible_to), and those working at, or managed by, a body these regulations let the sender
    ask about personnel (whom check_personnel accepts once that body is among the recipients)."""
    pairs = personnel_recipient_pairs(regulations, sender)
    bodies = Q(pk=sender.pk)
    for kind, level in pairs:
        bodies |= Q(kind=kind, level=level)
    ids = Organization.objects.filter(bodies).values("pk")
    seen = officials_visible_to(viewer).values("pk")
    return (
        Official.objects.filter(Q(workplace_id__in=ids) | Q(managing_body_id__in=ids) | Q(pk__in=seen))
        .select_related("workplace")
        .order_by("name_key", "id")
    )


def is_personnel(kind: str) -> bool:
    return kind == RequestKind.PERSONNEL
