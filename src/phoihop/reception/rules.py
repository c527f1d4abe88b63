"""Who may do what with citizen reception (predicates on loaded objects, no queries).

A party committee whose level has a monthly minimum (data/reception/reception.yaml) keeps the schedule of its head's
reception days and records each session: its clerks, specialists and leaders plan days, record sessions, send the
written answers and add and close follow-ups. The users of the body see all of it; so do the users of its
superior body (the party committee above, which receives the reception reports under Quy định 11 Art. 3.8 as
amended), read only. Nobody else sees anything (the queries answer 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import OrganizationKind

from .schema import reception_data

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer
    from phoihop.organizations.models import Organization

    from .models import ReceptionSession

ACTING_ROLES: frozenset[str] = frozenset({Role.CLERK, Role.SPECIALIST, Role.LEADER})
KEEPING_KIND = OrganizationKind.PARTY_COMMITTEE


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def keeps_reception(organization: Organization | None) -> bool:
    """Whether the body keeps a reception schedule: a party committee of a level the data gives a minimum."""
    return (
        organization is not None
        and organization.kind == KEEPING_KIND
        and reception_data().minimum_for(organization.level) is not None
    )


def sees(user: Viewer, organization_id: int, superior_id: int | None) -> bool:
    org = _org(user)
    return org is not None and org in (organization_id, superior_id)


def acts_for(user: Viewer, organization_id: int) -> bool:
    return (
        user.is_authenticated
        and user.organization_id is not None
        and user.organization_id == organization_id
        and user.role in ACTING_ROLES
    )


def can_keep(user: Viewer) -> bool:
    """The user may plan days and record sessions for their own body."""
    return (
        user.is_authenticated
        and user.organization_id is not None
        and user.role in ACTING_ROLES
        and keeps_reception(user.organization)
    )


def session_permissions(user: Viewer, session: ReceptionSession) -> dict[str, bool]:
    acts = acts_for(user, session.organization_id)
    return {
        "send_answer": acts and session.answer_state in ("pending", "overdue"),
        "add_followup": acts,
        "close_followup": acts,
    }
