"""Sweep step: deemed consent, overdue flags and reminders for coordination requests."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import apply_due


@register("consultations.deadlines", order=100)
def deadlines(now: dt.datetime) -> dict[str, int]:
    return apply_due(now)
