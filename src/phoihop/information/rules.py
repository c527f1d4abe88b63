"""Who may do what with information about officials: predicates on objects already loaded, no queries.

Need-to-know: sent information is seen by its sender, its recipients and the official's managing body only (never
by the official's workplace as such); a draft only by the sender. A body's specialists and leaders record and send
on its behalf; a recipient's specialists and leaders acknowledge a copy and report the handling result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from phoihop.accounts.enums import Role
from phoihop.accounts.types import Actor, Viewer

from .enums import ATTESTED_KINDS, CopyState, InformationState
from .models import InformationCopy, OfficialInformation

# The roles that write and send information on their body's behalf, and that handle an incoming copy.
ACTING_ROLES: frozenset[str] = frozenset({Role.SPECIALIST, Role.LEADER})


def org_of(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def acts_for_body(user: Viewer) -> bool:
    """A signed-in specialist or leader of a body (the pages' menu link and the new-information form)."""
    return org_of(user) is not None and user.is_authenticated and user.role in ACTING_ROLES


def is_sender_member(user: Viewer, info: OfficialInformation) -> bool:
    return org_of(user) is not None and org_of(user) == info.sender_id


def is_recipient_member(user: Viewer, copy: InformationCopy) -> bool:
    return org_of(user) is not None and org_of(user) == copy.recipient_id


def sees(
    user: Viewer, info: OfficialInformation, recipient_ids: Iterable[int], managing_body_id: int | None
) -> bool:
    """The need-to-know rule on loaded data: the sender always; once sent, its recipients and the official's
    managing body."""
    org = org_of(user)
    if org is None:
        return False
    if org == info.sender_id:
        return True
    if info.state != InformationState.SENT:
        return False
    return org in set(recipient_ids) or org == managing_body_id


def needs_attestation(kind: str) -> bool:
    """Facts about the official are sent only verified and concluded (000 5.2, 003 5.1.d)."""
    return kind in ATTESTED_KINDS


def _acting(user: Viewer) -> bool:
    return user.is_authenticated and user.role in ACTING_ROLES


def can_send(user: Viewer, info: OfficialInformation) -> bool:
    return info.state == InformationState.DRAFT and is_sender_member(user, info) and _acting(user)


def can_acknowledge(user: Viewer, copy: InformationCopy) -> bool:
    return copy.state == CopyState.SENT and is_recipient_member(user, copy) and _acting(user)


def can_report_result(user: Viewer, copy: InformationCopy) -> bool:
    return (
        copy.expects_result
        and copy.state in (CopyState.SENT, CopyState.RECEIVED)
        and is_recipient_member(user, copy)
        and _acting(user)
    )


@dataclass(frozen=True)
class CopyPermissions:
    acknowledge: bool
    report_result: bool


def copy_permissions(user: Viewer, copy: InformationCopy) -> CopyPermissions:
    return CopyPermissions(can_acknowledge(user, copy), can_report_result(user, copy))


def handlers(users: Iterable[Actor], prefer: Iterable[int] = ()) -> list[Actor]:
    """Who of a body is told (no query): the people named in `prefer` and the body's leaders; every active
    acting user when there are none of them."""
    people = [u for u in users if u.is_active]
    preferred = set(prefer)
    chosen = [u for u in people if u.pk in preferred or u.role == Role.LEADER]
    return chosen or [u for u in people if u.role in ACTING_ROLES] or people
