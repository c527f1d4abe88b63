"""Report slots generated from the reporting obligations of the current regulations (idempotent).

Reporting bodies are the active organisations of a reporter kind and level; the receiving body is the active
organisation of the receiver kind and level nearest in the hierarchy. A unique constraint on (obligation,
reporter, period) and a bulk insert that ignores conflicts make a second run create nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    DateTimeField,
    F,
    Field,
    Func,
    IntegerField,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Length
from django.utils import timezone

from phoihop.audit.domain import record
from phoihop.audit.enums import AuditAction
from phoihop.organizations.models import Organization
from phoihop.regulations.models import Regulation, ReportingObligation
from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.models import CalendarOverride
from phoihop.workdays.queries import current_calendar

from ..enums import REMINDED_SLOT_STATES, SlotOrigin, SlotState
from ..models import GenerationMark, ReportSlot
from .reminders import next_reminder, next_reminders
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
    obligation: ReportingObligation,
    reporter: Organization,
    receiver: Organization,
    period: Period,
    due: Due,
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
        for slot in new:
            # from `not_before` (the sweep's today) when given, else from the first day a reminder can fall: a
            # day already past is a lower bound the sweep corrects (domain/reminders.py)
            slot.next_reminder_on = next_reminder(slot, not_before or dt.date.min, calendar)
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


# --- what the sweep runs: generation only when its inputs or the horizon moved (issue 10, cause 3) -----------

MARK = "periodic"


def _scalar(qs: QuerySet[Any], function: str, expression: Any, output: Field[Any, Any]) -> Subquery:
    """One aggregate of a table as a scalar subquery (no GROUP BY)."""
    value = Func(expression, function=function, output_field=output)
    return Subquery(qs.order_by().annotate(v=value).values("v")[:1], output_field=output)


def _day_number(name: str) -> Any:
    return Coalesce(ExtractYear(name) * 10000 + ExtractMonth(name) * 100 + ExtractDay(name), 0)


def _fingerprint_columns() -> dict[str, Subquery]:
    """What generation reads, as aggregates folded into the query that reads the mark (see GenerationMark).

    Regulations: the current versions' count and ids (a version's data never changes; a new one has a new,
    higher id). Organisations have no updated timestamp: their count, highest id and sums weighted by id of
    their superior, kind and level (by length) and dates catch an added, removed, moved or dissolved body.
    Calendar: the overrides' count and latest update."""
    n: IntegerField[int, int] = IntegerField()
    big: BigIntegerField[int, int] = BigIntegerField()
    moment: DateTimeField[dt.datetime, dt.datetime] = DateTimeField()
    regs = Regulation.objects.filter(superseded_by__isnull=True)
    orgs = Organization.objects.all()
    overrides = CalendarOverride.objects.all()
    weight = F("id")
    return {
        "reg_count": _scalar(regs, "COUNT", F("id"), n),
        "reg_sum": _scalar(regs, "SUM", F("id"), big),
        "reg_max": _scalar(regs, "MAX", F("id"), big),
        "org_count": _scalar(orgs, "COUNT", F("id"), n),
        "org_max": _scalar(orgs, "MAX", F("id"), big),
        "org_superior": _scalar(orgs, "SUM", weight * (Coalesce(F("superior_id"), 0) + 1), big),
        "org_kind": _scalar(orgs, "SUM", weight * (Length("kind") * 100 + Length("level")), big),
        "org_dates": _scalar(
            orgs, "SUM", weight * (_day_number("established_on") + _day_number("dissolved_on") * 3), big
        ),
        "cal_count": _scalar(overrides, "COUNT", F("id"), n),
        "cal_latest": _scalar(overrides, "MAX", F("updated_at"), moment),
    }


def _fingerprints(row: dict[str, Any]) -> tuple[str, str]:
    """(inputs, calendar) of one read (values as the database driver returns them, the same at every read)."""
    calendar = f"cal:{int(row['cal_count'] or 0)}:{row['cal_latest'] or '-'}"
    org = ":".join(
        str(int(row[k] or 0)) for k in ("org_count", "org_max", "org_superior", "org_kind", "org_dates")
    )
    reg = ":".join(str(int(row[k] or 0)) for k in ("reg_count", "reg_sum", "reg_max"))
    return f"reg:{reg}|org:{org}|{calendar}", calendar


_MARK_SQL: dict[str, tuple[str, tuple[Any, ...]]] = {}


def _mark_sql() -> tuple[str, tuple[Any, ...]]:
    """The statement of `_read_mark`, built once per database vendor: it has no parameter that changes, and
    building its ten subqueries through the ORM cost more than running them."""
    if connection.vendor not in _MARK_SQL:
        columns = _fingerprint_columns()
        qs = (
            GenerationMark.objects.filter(key=MARK)
            .order_by()
            .annotate(**columns)
            .values("pk", "generated_on", "horizon", "inputs", "calendar", "no_receiver", *columns)
        )
        sql, params = qs[:1].query.sql_with_params()
        _MARK_SQL[connection.vendor] = (sql, tuple(params))
    return _MARK_SQL[connection.vendor]


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _read_mark() -> dict[str, Any] | None:
    """The mark and the fingerprints of the inputs now, in one query (None before the first generation)."""
    sql, params = _mark_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(names, found, strict=True))
    row["generated_on"], row["horizon"] = _as_date(row["generated_on"]), _as_date(row["horizon"])
    return row


def horizon_of(today: dt.date, ahead_days: int) -> dt.date:
    """The last day generation covers from `today`: the end of the last year of `years_ahead`."""
    return dt.date(years_ahead(today, ahead_days)[-1], 12, 31)


def generate_if_needed(
    today: dt.date, ahead_days: int, calendar: Callable[[], WorkCalendar]
) -> GenerationResult:
    """What the sweep runs every minute: one query comparing the stored mark with today's horizon and the
    fingerprint of the inputs; `generate_ahead` only when the horizon moved past the mark (next year comes
    within `ahead_days`), the clock went back before the last generation, or the obligations, organisations or
    calendar changed. A change of the calendar (or the first generation) also computes again the next reminder
    date of every open slot. `calendar` is called only when generating."""
    row = _read_mark()
    if row is None:
        GenerationMark.objects.get_or_create(
            key=MARK, defaults={"generated_on": today, "horizon": dt.date.min}
        )
        row = _read_mark()
        assert row is not None
    inputs, calendar_print = _fingerprints(row)
    horizon = horizon_of(today, ahead_days)
    if row["inputs"] == inputs and row["generated_on"] <= today and horizon <= row["horizon"]:
        return GenerationResult(no_receiver=row["no_receiver"])
    work_calendar = calendar()
    result = generate_ahead(today, ahead_days, calendar=work_calendar)
    if row["calendar"] != calendar_print:
        refresh_reminders(today, work_calendar)
    GenerationMark.objects.filter(pk=row["pk"]).update(
        generated_on=today,
        horizon=horizon,
        inputs=inputs,
        calendar=calendar_print,
        no_receiver=result.no_receiver,
        updated_at=timezone.now(),
    )
    return result


def refresh_reminders(today: dt.date, calendar: WorkCalendar, chunk: int = 2000) -> int:
    """Compute again the next reminder date of every slot the sweep may still remind (after a change of the
    calendar, or once after the migration that added the column); returns how many changed."""
    fields = ["id", "state", "due_on", "reminded_before_on", "reminded_due_on", "reminded_overdue_on"]
    slots = (
        ReportSlot.objects.filter(state__in=REMINDED_SLOT_STATES).order_by().only(*fields, "next_reminder_on")
    )
    changed = []
    for slot, day in next_reminders(slots.iterator(chunk_size=chunk), today, calendar):
        slot.next_reminder_on = day
        changed.append(slot)
    ReportSlot.objects.bulk_update(changed, ["next_reminder_on"], batch_size=chunk)
    return len(changed)
