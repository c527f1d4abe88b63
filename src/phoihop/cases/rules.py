"""Who may do what with a case (predicates on loaded objects, no queries).

The Ban Nội chính Tỉnh ủy (an internal affairs board at the province) leads: its specialists and leaders open
cases, move their stages, add the officials and bodies involved and ask the locality for progress; its leaders
close them (003 4.1.d; 004 1.4). The locality's party committee sees the cases of its area and answers the
progress requests (003 4.2.b, 4.2.g). The steering committee sees the cases of the level it monitors and
directs; the bodies involved see the case. Nobody else sees anything (the queries answer 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer

    from .models import Case, ProgressRequest

ACTING_ROLES: frozenset[str] = frozenset({Role.SPECIALIST, Role.LEADER})
LEAD_KIND = OrganizationKind.INTERNAL_AFFAIRS_BOARD
STEERING_KIND = OrganizationKind.STEERING_COMMITTEE
LOCALITY_LEVELS: frozenset[str] = frozenset({Level.COMMUNE, Level.DISTRICT})


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def _role(user: Viewer) -> str | None:
    return user.role if user.is_authenticated else None


def is_lead_body(user: Viewer) -> bool:
    """A member of a provincial internal affairs board (the body that leads cases)."""
    if not user.is_authenticated or user.organization_id is None:
        return False
    org = user.organization
    return org is not None and org.kind == LEAD_KIND and org.level == Level.PROVINCE


def can_open(user: Viewer) -> bool:
    return is_lead_body(user) and _role(user) in ACTING_ROLES


def sees(user: Viewer, case: Case, involved: bool) -> bool:
    """`involved`: the user's body is one of the case's bodies involved (asked by the query, on an index)."""
    org = _org(user)
    if org is None:
        return False
    return org in (case.lead_id, case.locality_id, case.monitor_id) or involved


def leads(user: Viewer, case: Case) -> bool:
    return _org(user) == case.lead_id and _role(user) in ACTING_ROLES


def can_close(user: Viewer, case: Case) -> bool:
    return _org(user) == case.lead_id and _role(user) == Role.LEADER


def answers_for_locality(user: Viewer, case: Case) -> bool:
    return _org(user) == case.locality_id and _role(user) in ACTING_ROLES


def can_answer(user: Viewer, request: ProgressRequest) -> bool:
    return answers_for_locality(user, request.case)


def case_permissions(user: Viewer, case: Case) -> dict[str, bool]:
    """What the page and the API offer the user on a case they see."""
    lead = leads(user, case) and not case.closed
    return {
        "move": lead,
        "add_official": lead,
        "add_organization": lead,
        "request_progress": lead,
        "close": can_close(user, case) and not case.closed,
        "answer": answers_for_locality(user, case),
    }
