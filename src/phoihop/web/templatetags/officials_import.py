"""Template filter asking officials.import_rules whether a page may offer the .xlsx import of officials."""

from __future__ import annotations

from django import template

from phoihop.accounts.types import Viewer
from phoihop.officials import import_rules

register = template.Library()


@register.filter
def may_import_lists(user: Viewer) -> bool:
    """The user may import the officials registry or a supervision list (the import page's form shows)."""
    return import_rules.may_import(user)
