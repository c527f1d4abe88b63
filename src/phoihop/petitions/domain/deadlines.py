"""The legal time limits of one petition (rows of PetitionDeadline from phoihop.legal's rules).

SKELETON, the legal-rules part fills it. Interface other parts call:
- `start(petition, event, on, *, actor)`: opens the deadlines of the rules that count from `event` on `on`;
- `meet(petition, event, on, *, actor)`: marks done the open deadlines that `event` meets;
- `apply_due(now) -> dict[str, int]`: the sweep step (flags what fell due).
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def start(petition: Any, event: str, on: dt.date, *, actor: Any) -> None:
    return None


def meet(petition: Any, event: str, on: dt.date, *, actor: Any) -> None:
    return None


def apply_due(now: dt.datetime) -> dict[str, int]:
    return {}
