"""Sweep steps: the working day's digests, then the e-mail outbox."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain import deliver_outbox
from .domain.digest import send_digests


@register("notifications.outbox", order=900)
def send_outbox(now: dt.datetime) -> dict[str, int]:
    result = deliver_outbox(now)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}


@register("notifications.digest", order=890)
def send_daily_digests(now: dt.datetime) -> dict[str, int]:
    """The working day's digests, from 07:00 local time (before the outbox step, which then sends them)."""
    result = send_digests(now)
    return {"emails": result.emails, "notifications": result.notifications}
