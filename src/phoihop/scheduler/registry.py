"""The sweep: one idempotent pass applying whatever falls due.

Domain apps register steps in their own `jobs.py` (discovered at start-up by SchedulerConfig.ready()), so this
module imports no domain app: the steps are a `phoihop.common.registry.Registry` over module name "jobs".

    from phoihop.scheduler.registry import register

    @register("reports.slots", order=200)       # in reports/jobs.py
    def slots(now: dt.datetime) -> dict[str, int]: ...

Each step must be idempotent and safe to run concurrently (claim rows with a conditional UPDATE on an indexed
due column), and must compute outcomes from `now`, not from the wall clock. Steps run by `order` (lowest
first), then in the order they were registered; a name is registered once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from phoihop.common.registry import DEFAULT_ORDER, Entry, Registry

log = logging.getLogger(__name__)

Step = Callable[[dt.datetime], dict[str, int]]

MODULE = "jobs"

# The registered steps by name. The registry is built over this dict when used (tests swap it for their own).
_steps: dict[str, Entry[Step]] = {}


def jobs() -> Registry[Step]:
    """The registry of sweep steps."""
    return Registry(MODULE, _steps)


def register(name: str, order: int = DEFAULT_ORDER) -> Callable[[Step], Step]:
    """Decorator registering a sweep step under a unique name."""
    return jobs().register(name, order)


def steps() -> list[str]:
    return jobs().names()


def run_sweep(now: dt.datetime | None = None) -> dict[str, Any]:
    """Run every registered step in order; returns {step: {counter: n}}."""
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    report: dict[str, Any] = {}
    for name, step in jobs().items():
        report[name] = step(now)
    return report
