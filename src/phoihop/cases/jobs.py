"""Sweep step: cases become stale after the working days their level names; progress requests overdue."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import apply_due


@register("cases.stale", order=260)
def stale(now: dt.datetime) -> dict[str, int]:
    return apply_due(now)
