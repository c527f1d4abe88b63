"""Who may evaluate a regulation: the lead body's members, the members of the body the evaluation is reported to
(the receiver of the regulation's evaluation duty; without one, the authority the regulation names) and system
administrators see every row (Access.ALL); a partner body's members see their own body's row only (Access.OWN);
anyone else nothing (Access.NONE: pages and API answer 404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phoihop.accounts.types import Viewer

from .enums import Access

if TYPE_CHECKING:
    from .domain.evaluation import Pair, Parties


def _user_pair(user: Viewer) -> Pair | None:
    if not user.is_authenticated or not user.organization_id:
        return None
    org = user.organization
    return None if org is None else (org.kind, org.level)


def access_for(user: Viewer, parties: Parties) -> Access:
    if not user.is_authenticated:
        return Access.NONE
    if user.is_system_admin:
        return Access.ALL
    pair = _user_pair(user)
    if pair is None:
        return Access.NONE
    if pair in parties.lead or pair in parties.receivers:
        return Access.ALL
    if pair in parties.partners:
        return Access.OWN
    return Access.NONE
