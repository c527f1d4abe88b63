"""Deadline computation for a delivery: the regulation's working days from receipt, or the later date
stated in the request where the regulation allows it. Pure given a calendar and a policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phoihop.workdays.calendar import WorkCalendar

from .policy import ConsultationPolicy


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    explanation: str


def compute_deadline(
    calendar: WorkCalendar,
    policy: ConsultationPolicy,
    received_on: dt.date,
    stated_deadline: dt.date | None = None,
) -> Deadline:
    explanation = calendar.explain(received_on, policy.working_days)
    by_rule = explanation.result
    text = (
        f"Hạn trả lời {by_rule:%d/%m/%Y}: {policy.working_days:02d} ngày làm việc kể từ ngày nhận "
        f"{received_on:%d/%m/%Y}"
    )
    if explanation.ranges:
        text += f", không tính {explanation.skipped_text()}"
    text += f" — {policy.article}"
    if stated_deadline and policy.allow_request_stated_period and stated_deadline > by_rule:
        return Deadline(
            stated_deadline,
            f"Hạn {stated_deadline:%d/%m/%Y}: thời hạn nêu trong văn bản đề nghị (muộn hơn hạn theo quy chế "
            f"{by_rule:%d/%m/%Y}) — {policy.article}",
        )
    return Deadline(by_rule, text)
