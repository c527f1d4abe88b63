"""Sweep step: the follow-up dates of protection requests (issue 13, point 5)."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain.sweep import apply_due


@register("identities.protection_follow_up", order=280)
def protection_follow_up(now: dt.datetime) -> dict[str, int]:
    return apply_due(now)
