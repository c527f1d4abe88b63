"""What falls due in citizen reception, applied by the sweep: a written answer not sent by its due day becomes
overdue the day after, and so does a follow-up not done by its deadline. Every outcome is claimed with a
conditional UPDATE (the transition), so repeated, late or concurrent runs give exactly one outcome.

Cost: with nothing due a run is one query (the probe, on the two partial indexes of the open states)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import IntegerField, Value

from phoihop.common.clock import local_date
from phoihop.common.errors import Conflict
from phoihop.common.sql import StateIn
from phoihop.common.sweeping import Tally, each

from ..enums import AnswerState, FollowUpState
from ..models import FollowUp, ReceptionSession
from .transitions import set_answer_state, set_followup_state

__all__ = ["apply_due", "probe"]

ANSWER, FOLLOWUP = 1, 2


def probe(today: dt.date) -> list[tuple[int, int]]:
    """(kind, id) of every written answer and every follow-up past its due day, still open."""
    answers = (
        ReceptionSession.objects.filter(
            StateIn([AnswerState.PENDING], "answer_state"), answer_due_on__lt=today
        )
        .order_by()
        .values_list(Value(ANSWER, output_field=IntegerField()), "pk")
    )
    followups = (
        FollowUp.objects.filter(StateIn([FollowUpState.OPEN]), due_on__lt=today)
        .order_by()
        .values_list(Value(FOLLOWUP, output_field=IntegerField()), "pk")
    )
    return [(int(kind), int(pk)) for kind, pk in answers.union(followups, all=True)]


def _answer_overdue(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        session = ReceptionSession.objects.filter(
            pk=pk, answer_state=AnswerState.PENDING, answer_due_on__lt=today
        ).first()
        if session is None or session.answer_due_on is None:
            return 0
        try:
            set_answer_state(
                session,
                AnswerState.OVERDUE,
                actor=None,
                summary=f"Quá hạn trả lời bằng văn bản (hạn {session.answer_due_on:%d/%m/%Y})",
            )
        except Conflict:
            return 0
        return 1

    return apply


def _followup_overdue(today: dt.date) -> Callable[[int], int]:
    def apply(pk: int) -> int:
        followup = FollowUp.objects.filter(pk=pk, state=FollowUpState.OPEN, due_on__lt=today).first()
        if followup is None:
            return 0
        try:
            set_followup_state(
                followup,
                FollowUpState.OVERDUE,
                actor=None,
                summary=f"Việc sau buổi tiếp dân quá hạn (hạn {followup.due_on:%d/%m/%Y})",
            )
        except Conflict:
            return 0
        return 1

    return apply


def apply_due(now: dt.datetime, tally: Tally | None = None) -> dict[str, int]:
    today = local_date(now)
    due = probe(today)
    if not due:
        return {}
    tally = tally or Tally()
    answers = [pk for kind, pk in due if kind == ANSWER]
    followups = [pk for kind, pk in due if kind == FOLLOWUP]
    counts = {
        "answers_overdue": each(answers, _answer_overdue(today), what="reception answer", tally=tally),
        "followups_overdue": each(
            followups, _followup_overdue(today), what="reception follow-up", tally=tally
        ),
    }
    return tally.add_to(counts)
