"""What each user may evaluate, and the evaluation as the pages and the API show it (the permission check
first; see rules.py for who sees what)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone

from phoihop.accounts.types import Viewer
from phoihop.common.clock import local_date
from phoihop.regulations.models import EvaluationDuty, Regulation

from .domain.evaluation import (
    Evaluation,
    EvaluationNotFound,
    compute,
    load_parties,
    parties_by_code,
    totals_of,
)
from .enums import Access, Scope
from .rules import access_for

__all__ = ["EvaluableRegulation", "evaluable_regulations", "evaluation_for", "rows_visible_to"]


@dataclass(frozen=True)
class EvaluableRegulation:
    regulation: Regulation  # the current version
    duty: EvaluationDuty | None
    access: Access


def _organization_id(user: Viewer) -> int | None:
    return user.organization_id if user.is_authenticated else None


def evaluable_regulations(user: Viewer) -> list[EvaluableRegulation]:
    """The regulations (current versions, by code) this user may evaluate, in three queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = []
    for parties in parties_by_code().values():
        access = access_for(user, parties)
        if access is not Access.NONE:
            out.append(EvaluableRegulation(parties.current, parties.duty, access))
    return sorted(out, key=lambda e: e.regulation.code)


def rows_visible_to(user: Viewer, evaluation: Evaluation) -> Evaluation:
    """The evaluation as this user may see it: every row, its own body's row only, or EvaluationNotFound.
    Totals are always the sum of the rows shown."""
    access = access_for(user, evaluation.parties)
    if access is Access.NONE:
        raise EvaluationNotFound("Không có quy chế này.")
    if access is Access.ALL:
        return evaluation
    own = _organization_id(user)
    rows = [r for r in evaluation.rows if r.organization.pk == own]
    return replace(evaluation, rows=rows, totals=totals_of(rows, evaluation.metrics), scope=Scope.OWN)


def evaluation_for(user: Viewer, code: str, year: int, *, today: dt.date | None = None) -> Evaluation:
    """What the pages and the API show: the permission check comes first (outsiders get EvaluationNotFound
    before any figure is computed) and a partner's figures are computed for its own body only."""
    parties = load_parties(code)
    access = access_for(user, parties)
    if access is Access.NONE:
        raise EvaluationNotFound("Không có quy chế này.")
    only = None if access is Access.ALL else _organization_id(user)
    if access is Access.OWN and only is None:  # OWN is given to a member of a partner body only
        raise EvaluationNotFound("Không có quy chế này.")
    return compute(parties, year, today or local_date(timezone.now()), only)
