"""Sweep step: send the e-mail outbox."""

from __future__ import annotations

import datetime as dt

from phoihop.scheduler.registry import register

from .domain import deliver_outbox


@register("notifications.outbox", order=900)
def send_outbox(now: dt.datetime) -> dict[str, int]:
    result = deliver_outbox(now)
    return {"sent": result.sent, "retried": result.retried, "failed": result.failed}
