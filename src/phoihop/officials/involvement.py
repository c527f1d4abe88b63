"""Who else may see an official's record: the bodies working on information or a case about them (issue 12,
part 1). The officials app knows no domain above it: each domain that works on officials (information, cases)
registers an `Involvement` from its own `involvement.py`, discovered at start-up (common.registry).

    # information/involvement.py
    from phoihop.officials.involvement import Involvement, involvement

    involvement.add("information", Involvement(officials_of=..., involves=...))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from phoihop.common.registry import Registry

__all__ = ["Involvement", "involvement"]


@dataclass(frozen=True)
class Involvement:
    """One domain's part of an official's audience.

    `officials_of(organization_id)`: a queryset of the ids of the officials the body works on something about
    (a `values("official_id")` subquery, used inside `Official.objects.filter(pk__in=...)`; never evaluated alone).
    `involves(official_id, organization_id)`: the same for one official, at a cost that does not grow with the
    body's history (an EXISTS on an index of both columns)."""

    officials_of: Callable[[int], QuerySet[Any]]
    involves: Callable[[int, int], bool]


involvement: Registry[Involvement] = Registry("involvement")
