"""The sweep: one idempotent pass applying whatever falls due.

Domain apps register steps in their own `jobs.py` (discovered at start-up), so this module imports no
domain app. Each step must be idempotent and safe to run concurrently (claim rows with a conditional
UPDATE on an indexed due column), and must compute outcomes from `now`, not from the wall clock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

log = logging.getLogger(__name__)

Step = Callable[[dt.datetime], dict[str, int]]


@dataclass(order=True)
class _Registered:
    order: int
    name: str = field(compare=False)
    func: Step = field(compare=False)


_steps: dict[str, _Registered] = {}


def register(name: str, order: int = 100) -> Callable[[Step], Step]:
    def decorator(func: Step) -> Step:
        _steps[name] = _Registered(order, name, func)
        return func

    return decorator


def steps() -> list[str]:
    return [s.name for s in sorted(_steps.values())]


def run_sweep(now: dt.datetime | None = None) -> dict[str, Any]:
    """Run every registered step in order; returns {step: {counter: n}}."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    report: dict[str, Any] = {}
    for step in sorted(_steps.values()):
        report[step.name] = step.func(now)
    return report
