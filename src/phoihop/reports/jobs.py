"""Sweep step: report slots created ahead, opened, flagged overdue; reminders on working days."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import apply_due


@register("reports.slots", order=200)
def slots(now: dt.datetime) -> dict[str, int]:
    return apply_due(now)
