"""Who may ask whom for an ad hoc or thematic report: read from the regulation data, never from code.

Under a current regulation version adopted for the asking body's area:
- its lead body asks its partners;
- a body named as its authority asks the lead body and partners it directs: those for which it is the
  nearest authority body in the organisation tree (the same nearest-body rule as escalations).
Everything else is refused with a message naming the bodies. Dissolved bodies are never asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from phoihop.organizations.models import Organization
from phoihop.organizations.queries import ancestors, hierarchy_distance
from phoihop.regulations.enums import PartyRole
from phoihop.regulations.models import Regulation
from phoihop.regulations.queries import in_adopted_area


def _directs(authority: Organization, authorities: list[Organization], body: Organization) -> bool:
    """True when `authority` is, among the bodies of the regulation's authority kinds, the one nearest to
    `body` (the same distance as escalations' find_authority; ties by id)."""
    chain = ancestors(body)
    nearest = min(authorities, key=lambda c: (hierarchy_distance(chain, c), c.pk), default=None)
    return nearest is not None and nearest.pk == authority.pk


def reportable(
    receiver: Organization, regulations: Iterable[Regulation], today: dt.date
) -> dict[int, Regulation]:
    """The bodies `receiver` may ask for an ad hoc or thematic report, each with the regulation that allows
    it (the first in the order given)."""
    allowed: dict[int, Regulation] = {}
    regs = [r for r in regulations if in_adopted_area(r, receiver)]
    pairs = {(p.kind, p.level) for r in regs for p in r.parties.all()}
    if not pairs:
        return allowed
    condition = Q(pk__in=[])
    for kind, level in pairs:
        condition |= Q(kind=kind, level=level)
    bodies = list(
        Organization.objects.filter(condition)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=today))
        .select_related("superior__superior__superior")
    )
    for reg in regs:
        parties = list(reg.parties.all())
        role = reg.role_of(receiver.kind, receiver.level)
        authority_pairs = {(p.kind, p.level) for p in parties if p.role == PartyRole.AUTHORITY}
        bound = {(p.kind, p.level) for p in parties if p.role in (PartyRole.LEAD, PartyRole.PARTNER)}
        partners = {(p.kind, p.level) for p in parties if p.role == PartyRole.PARTNER}
        authorities = [o for o in bodies if (o.kind, o.level) in authority_pairs]
        is_authority = (receiver.kind, receiver.level) in authority_pairs
        for body in bodies:
            if body.pk == receiver.pk or body.pk in allowed or not in_adopted_area(reg, body):
                continue
            key = (body.kind, body.level)
            if (role == PartyRole.LEAD and key in partners) or (
                is_authority and key in bound and _directs(receiver, authorities, body)
            ):
                allowed[body.pk] = reg
    return allowed


def asking_refusal(receiver: Organization, refused: list[Organization], regulation: Regulation | None) -> str:
    names = ", ".join(o.name for o in refused)
    basis = f"theo {regulation.display_name}" if regulation is not None else "theo các quy chế đang áp dụng"
    return (
        f"{receiver.name} không được yêu cầu {names} báo cáo {basis}: cơ quan chủ trì yêu cầu các cơ quan "
        "phối hợp của quy chế; cấp có thẩm quyền yêu cầu các cơ quan mình chỉ đạo."
    )
