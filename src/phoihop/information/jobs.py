"""Sweep step: a copy whose handling result is not reported by its due date becomes overdue."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import flag_overdue_results


@register("information.results_due", order=140)
def results_due(now: dt.datetime) -> dict[str, int]:
    return flag_overdue_results(now)
