"""Sweep step: written answers to the people a party secretary received, and follow-ups, overdue."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import apply_due


@register("reception.overdue", order=285)
def overdue(now: dt.datetime) -> dict[str, int]:
    return apply_due(now)
