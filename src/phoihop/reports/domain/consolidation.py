"""The receiving body's table for one period (or one request): who reported on time, late, who is missing,
each reporter's figures (its latest sent version) and the totals; the consolidated report it must itself send
upward for the same period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from phoihop.formats.vi.collation import sort_key

from ..enums import Punctuality, SlotState, SubmissionState
from ..models import ReportSlot, ReportSubmission


def punctuality(slot: ReportSlot, today: dt.date) -> Punctuality:
    if slot.first_sent_at is not None:
        return Punctuality.LATE if slot.late else Punctuality.ON_TIME
    if today > slot.due_on:
        return Punctuality.MISSING
    return Punctuality.PENDING


@dataclass
class Row:
    slot: ReportSlot
    punctuality: Punctuality
    submission: ReportSubmission | None
    values: list[int | None]

    @property
    def reporter(self) -> Any:
        return self.slot.reporter


@dataclass
class PeriodTable:
    title: str
    period_label: str
    due_on: dt.date | None
    due_rule: str
    indicators: list[Any]
    rows: list[Row]
    totals: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    upward: ReportSlot | None = None

    @property
    def to_remind(self) -> list[ReportSlot]:
        return [
            r.slot
            for r in self.rows
            if r.slot.state in (SlotState.NOT_DUE, SlotState.DUE, SlotState.OVERDUE, SlotState.RETURNED)
        ]


def with_sent_versions(qs: QuerySet[ReportSlot]) -> QuerySet[ReportSlot]:
    return qs.select_related("reporter", "receiver", "obligation", "request").prefetch_related(
        Prefetch(
            "submissions",
            queryset=ReportSubmission.objects.filter(state=SubmissionState.SENT).order_by("version"),
            to_attr="sent_versions",
        )
    )


def build_table(slots: list[ReportSlot], indicators: list[Any], today: dt.date) -> PeriodTable:
    rows: list[Row] = []
    totals = [0 for _ in indicators]
    counts = {p.value: 0 for p in Punctuality}
    for slot in sorted(slots, key=lambda s: (sort_key(s.reporter.name), s.pk)):  # Vietnamese order
        sent = getattr(slot, "sent_versions", [])
        latest = sent[-1] if sent else None
        values: list[int | None] = []
        for i, ind in enumerate(indicators):
            v = latest.figures.get(ind.code) if latest is not None else None
            values.append(v)
            if v is not None:
                totals[i] += int(v)
        p = punctuality(slot, today)
        counts[p.value] += 1
        rows.append(Row(slot, p, latest, values))
    first = slots[0] if slots else None
    return PeriodTable(
        title=first.title if first else "",
        period_label=(first.period_label or (f"hạn {first.due_on:%d/%m/%Y}")) if first else "",
        due_on=first.due_on if first else None,
        due_rule=first.due_rule if first else "",
        indicators=indicators,
        rows=rows,
        totals=totals,
        counts=counts,
    )


def upward_slot(receiver_id: int, regulation_id: int | None, period_key: str) -> ReportSlot | None:
    """The consolidated report the receiving body itself owes for the same period (e.g. the Front to BTV Tỉnh
    ủy every 3, 6 and 12 months), when the regulation defines one."""
    if not regulation_id or not period_key:
        return None
    return (
        ReportSlot.objects.filter(
            reporter_id=receiver_id, regulation_id=regulation_id, period_key=period_key, request__isnull=True
        )
        .select_related("receiver")
        .first()
    )
