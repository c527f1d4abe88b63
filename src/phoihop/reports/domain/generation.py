"""Report slots generated from the reporting obligations of the current regulations (idempotent).

Reporting bodies are the active organisations of a reporter kind and level; the receiving body is the active
organisation of the receiver kind and level nearest in the hierarchy. A unique constraint on (obligation,
reporter, period) and a bulk insert that ignores conflicts make a second run create nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation, ReportingObligation
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.queries import current_calendar

from ..enums import SlotOrigin, SlotState
from ..models import ReportSlot
from .schedule import Due, Period, due_for, is_scheduled, opens_on, periods_of


@dataclass
class GenerationResult:
    created: int = 0
    existing: int = 0
    no_receiver: int = 0
    missing_receivers: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ScheduleRow:
    obligation: ReportingObligation
    reporter_kind: str
    reporter_level: str
    period: Period
    due: Due


def current_obligations(codes: Iterable[str] | None = None) -> list[ReportingObligation]:
    qs = ReportingObligation.objects.filter(regulation__superseded_by__isnull=True).select_related(
        "regulation"
    )
    if codes is not None:
        qs = qs.filter(regulation__code__in=list(codes))
    return [o for o in qs.order_by("regulation__code", "order", "pk") if is_scheduled(o)]


def schedule(regulation: Regulation, year: int, calendar: WorkCalendar) -> list[ScheduleRow]:
    """Every (obligation, reporter kind, period) of one regulation version for one year, by due date."""
    rows: list[ScheduleRow] = []
    for obligation in regulation.reporting_obligations.order_by("order", "pk"):
        if not is_scheduled(obligation):
            continue
        for period in periods_of(obligation.period, year):
            due = due_for(obligation, period, calendar)
            for reporter in obligation.reporters:
                rows.append(ScheduleRow(obligation, reporter["kind"], reporter["level"], period, due))
    return sorted(rows, key=lambda r: (r.due.day, r.obligation.order, r.period.key))


class Hierarchy:
    """Every organisation in memory (one query) to match kinds and find the nearest receiving body."""

    def __init__(self, orgs: Iterable[Organization]) -> None:
        self.orgs = {o.pk: o for o in orgs}
        self.by_kind: dict[tuple[str, str], list[Organization]] = defaultdict(list)
        for o in self.orgs.values():
            self.by_kind[(o.kind, o.level)].append(o)

    @classmethod
    def load(cls) -> Hierarchy:
        return cls(Organization.objects.all())

    def chain(self, org: Organization) -> list[int]:
        out: list[int] = []
        current: Organization | None = org
        while current is not None and current.pk not in out:
            out.append(current.pk)
            current = self.orgs.get(current.superior_id) if current.superior_id else None
        return out

    def active(self, kind: str, level: str, on: dt.date) -> list[Organization]:
        return sorted(
            (o for o in self.by_kind.get((kind, level), []) if o.is_active_on(on)),
            key=lambda o: (o.name, o.pk),
        )

    def reporting(self, kind: str, level: str, period: Period, due: dt.date) -> list[Organization]:
        """Bodies of this kind and level that existed during the period and still exist on the due day."""
        return sorted(
            (o for o in self.by_kind.get((kind, level), []) if o.reports_for(period.start, period.end, due)),
            key=lambda o: (o.name, o.pk),
        )

    def nearest(self, org: Organization, kind: str, level: str, on: dt.date) -> Organization | None:
        """The organisation of this kind and level closest to `org` (fewest steps through a common
        superior); when none shares a superior with it, the only one of that kind and level, if unique."""
        candidates = [c for c in self.active(kind, level, on) if c.pk != org.pk]
        mine = {pk: i for i, pk in enumerate(self.chain(org))}
        best: tuple[int, str, int] | None = None
        chosen = None
        for cand in candidates:
            steps = [j + mine[pk] for j, pk in enumerate(self.chain(cand)) if pk in mine]
            if not steps:
                continue
            key = (min(steps), cand.name, cand.pk)
            if best is None or key < best:
                best, chosen = key, cand
        if chosen is None and len(candidates) == 1:
            return candidates[0]
        return chosen


def _slot(
    obligation: ReportingObligation, reporter: Organization, receiver: Organization, period: Period, due: Due
) -> ReportSlot:
    return ReportSlot(
        origin=SlotOrigin.PERIODIC,
        regulation_id=obligation.regulation_id,
        obligation=obligation,
        title=obligation.title,
        reporter=reporter,
        receiver=receiver,
        period_key=period.key,
        period_label=period.label,
        period_start=period.start,
        period_end=period.end,
        opens_on=opens_on(due.day, period),
        due_on=due.day,
        due_rule=due.rule,
        state=SlotState.NOT_DUE,
    )


def generate_slots(
    year: int,
    *,
    codes: Iterable[str] | None = None,
    not_before: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    hierarchy: Hierarchy | None = None,
) -> GenerationResult:
    """Create the missing slots of one year for every current obligation (only periods whose due date is on or
    after `not_before`, when given). Never creates a slot twice."""
    calendar = calendar or current_calendar()
    hierarchy = hierarchy or Hierarchy.load()
    result = GenerationResult()
    for obligation in current_obligations(codes):
        effective = obligation.regulation.effective_from
        wanted: list[ReportSlot] = []
        for period in periods_of(obligation.period, year):
            due = due_for(obligation, period, calendar)
            if not_before and due.day < not_before:
                continue
            if effective and period.end < effective:
                continue
            for actor in obligation.reporters:
                for reporter in hierarchy.reporting(actor["kind"], actor["level"], period, due.day):
                    receiver = hierarchy.nearest(
                        reporter, obligation.receiver_kind, obligation.receiver_level, due.day
                    )
                    if receiver is None:
                        result.no_receiver += 1
                        result.missing_receivers.add(obligation.receiver_name)
                        continue
                    wanted.append(_slot(obligation, reporter, receiver, period, due))
        if not wanted:
            continue
        existing = set(
            ReportSlot.objects.filter(
                obligation=obligation, request__isnull=True, period_key__in={s.period_key for s in wanted}
            ).values_list("reporter_id", "period_key")
        )
        new = [s for s in wanted if (s.reporter_id, s.period_key) not in existing]
        result.existing += len(wanted) - len(new)
        if not new:
            continue
        with transaction.atomic():
            ReportSlot.objects.bulk_create(new, ignore_conflicts=True)
            record(
                actor=None,
                action=AuditAction.CREATED,
                target=obligation,
                summary=f"Tạo {len(new)} kỳ báo cáo “{obligation.title}” năm {year}",
                data={"year": year, "created": len(new)},
            )
        result.created += len(new)
    return result


def years_ahead(today: dt.date, ahead_days: int) -> list[int]:
    return sorted({today.year, (today + dt.timedelta(days=ahead_days)).year})


def generate_ahead(
    today: dt.date, ahead_days: int = 62, calendar: WorkCalendar | None = None
) -> GenerationResult:
    """What the sweep runs: the periods of this year (and of next year once it is near) not yet past due."""
    calendar = calendar or current_calendar()
    hierarchy = Hierarchy.load()
    total = GenerationResult()
    for year in years_ahead(today, ahead_days):
        r = generate_slots(year, not_before=today, calendar=calendar, hierarchy=hierarchy)
        total.created += r.created
        total.existing += r.existing
        total.no_receiver += r.no_receiver
        total.missing_receivers |= r.missing_receivers
    return total
