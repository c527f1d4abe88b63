"""Sweep steps of petitions: the legal time limits falling due (domain/deadlines.py) and the follow-up of
transferred petitions whose result is overdue (domain/followup.py, 003 4.1.đ)."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain import deadlines, followup


@register("petitions.deadlines", order=270)
def petition_deadlines(now: dt.datetime) -> dict[str, int]:
    return deadlines.apply_due(now)


@register("petitions.transfers", order=275)
def petition_transfers(now: dt.datetime) -> dict[str, int]:
    return followup.apply_due(now)
