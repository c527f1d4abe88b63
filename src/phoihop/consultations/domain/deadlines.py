"""Deadline computation for a delivery, from the rule of its request kind (regulation data): the
regulation's working days from receipt, a period stated in the request where the rule lets it apply, or the
date the request states for kinds the text gives no period. Pure given a calendar and a policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from phoihop.common.errors import PolicyViolation
from phoihop.regulations.enums import AnswerPeriod, StatedPeriod
from phoihop.workdays.calendar import WorkCalendar

from .policy import KindPolicy


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    explanation: str


def _by_working_days(
    calendar: WorkCalendar, days: int, received_on: dt.date, what: str, article: str
) -> Deadline:
    explanation = calendar.explain(received_on, days)
    text = (
        f"Hạn trả lời {explanation.result:%d/%m/%Y}: {days:02d} ngày làm việc kể từ ngày nhận "
        f"{received_on:%d/%m/%Y}{what}"
    )
    if explanation.ranges:
        text += f", không tính {explanation.skipped_text()}"
    return Deadline(explanation.result, f"{text} — {article}")


def compute_deadline(
    calendar: WorkCalendar,
    policy: KindPolicy,
    received_on: dt.date,
    stated_deadline: dt.date | None = None,
    stated_working_days: int | None = None,
) -> Deadline | None:
    """The answer deadline of a copy received on `received_on`; None for a kind that expects no answer."""
    article = policy.article
    if policy.answer_period == AnswerPeriod.NONE:
        return None
    stated: Deadline | None = None
    if stated_working_days:
        stated = _by_working_days(
            calendar, stated_working_days, received_on, " (thời hạn nêu trong văn bản đề nghị)", article
        )
    elif stated_deadline:
        stated = Deadline(
            stated_deadline,
            f"Hạn trả lời {stated_deadline:%d/%m/%Y}: thời hạn nêu trong văn bản đề nghị — {article}",
        )
    if policy.answer_period == AnswerPeriod.STATED:
        if stated is None:
            raise PolicyViolation(
                f"Văn bản đề nghị phải nêu thời hạn trả lời — {article}.", field="stated_deadline"
            )
        return stated
    by_rule = _by_working_days(calendar, policy.working_days or 0, received_on, "", article)
    if stated is None or policy.stated_period in (StatedPeriod.NONE, StatedPeriod.NEEDED_BY):
        return by_rule
    if stated_deadline is not None and stated_working_days is None:
        relation = (
            "muộn hơn" if stated.date > by_rule.date else "sớm hơn" if stated.date < by_rule.date else "trùng"
        )
        stated = Deadline(
            stated.date,
            f"Hạn trả lời {stated.date:%d/%m/%Y}: thời hạn nêu trong văn bản đề nghị ({relation} hạn theo quy chế "
            f"{by_rule.date:%d/%m/%Y}) — {article}",
        )
    if policy.stated_period == StatedPeriod.NOT_EARLIER and stated.date < by_rule.date:
        return Deadline(
            by_rule.date,
            f"{by_rule.explanation}. Thời hạn nêu trong văn bản đề nghị ({stated.date:%d/%m/%Y}) sớm hơn thời hạn "
            "của quy chế nên không áp dụng.",
        )
    return stated
