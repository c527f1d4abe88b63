"""Template filters asking the domains' rules whether a menu may offer an action, so that no link leads to a 404
(issue 11: no dead ends). They ask `rules.py`, the same functions the views call."""

from __future__ import annotations

from django import template

from phoihop.accounts.types import Viewer
from phoihop.consultations import rules as consultation_rules

register = template.Library()


@register.filter
def can_draft_requests(user: Viewer) -> bool:
    """The user may draft a coordination request (the create page opens for them)."""
    return consultation_rules.can_draft(user)
