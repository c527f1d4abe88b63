"""What the reports sweep step costs (issue 10, cause 3): with nothing due it is two queries — the generation mark
with the fingerprint of its inputs, and one probe of the first date of each state on its index — whatever the number of slots and
overdue ones already reminded; each due reminder costs a fixed number of queries; slots are generated again only
when the horizon or the inputs move; reminders fall on the same days as before, across weekends and Tết."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from phoihop.regulations.models import Regulation
from phoihop.reports.domain import generation
from phoihop.reports.domain.reminders import next_reminder
from phoihop.reports.domain.sweep import probe_sql
from phoihop.reports.enums import SlotOrigin, SlotState
from phoihop.reports.jobs import slots as reports_step
from phoihop.reports.models import GenerationMark, ReportSlot
from phoihop.workdays.enums import OverrideKind, OverrideStatus
from phoihop.workdays.models import CalendarOverride
from phoihop.workdays.queries import current_calendar

from .conftest import at, slot_of

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
BACKGROUND = 300
OLD_DUE = D("2026-06-30")
NOTHING_DUE = {"created": 0, "no_receiver": 2, "opened": 0, "overdue": 0, "reminders": 0}


def run(day: str, hour: int = 9) -> tuple[int, dict[str, int]]:
    """(queries, report) of the reports step at `day` `hour` (Vietnam time), the clock moved there."""
    now = at(day, hour)
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as ctx:
        report = reports_step(now)
    return len(ctx.captured_queries), report


def overdue_slots(
    province, n: int, reminded: dt.date, next_on: dt.date | None = None, due_on: dt.date = OLD_DUE
) -> list[ReportSlot]:
    """n overdue slots of xa1 for an old ad hoc report, already reminded on `reminded` (written in bulk: only
    their rows matter here); their next reminder date is `next_on`, by default what the rules give."""
    calendar = current_calendar()
    made = [
        ReportSlot(
            origin=SlotOrigin.AD_HOC,
            title=f"Báo cáo đột xuất {i}",
            reporter=province.xa1,
            receiver=province.ban,
            opens_on=due_on.replace(day=1),
            due_on=due_on,
            state=SlotState.OVERDUE,
            reminded_overdue_on=reminded,
        )
        for i in range(n)
    ]
    for slot in made:
        slot.next_reminder_on = next_on or next_reminder(slot, reminded + dt.timedelta(days=1), calendar)
    return ReportSlot.objects.bulk_create(made)


@pytest.fixture
def swept(regs, province):
    """2027's slots generated on Saturday 02/01/2027; on Tuesday 09/03/2027 at 08:00 everything due was applied
    (January's and February's reports of every body flagged overdue and reminded)."""
    assert run("2027-01-02", 1)[1]["created"] > 0
    report = run("2027-03-09", 8)[1]
    assert report["overdue"] > 0
    assert report["reminders"] > 0
    return province


def test_nothing_due_among_hundreds_of_reminded_overdue_slots_is_two_queries(swept):
    # reminded yesterday (Monday 08/03): next reminder on Monday 15/03, five working days on
    overdue_slots(swept, BACKGROUND, reminded=D("2027-03-08"))
    assert set(
        ReportSlot.objects.filter(state=SlotState.OVERDUE, origin=SlotOrigin.AD_HOC).values_list(
            "next_reminder_on", flat=True
        )
    ) == {D("2027-03-15")}
    assert ReportSlot.objects.filter(state=SlotState.OVERDUE).count() > BACKGROUND
    # before issue 10 (cause 3): 20-23 queries, every overdue slot ever made read and filtered in Python
    assert run("2027-03-09", 10) == (2, NOTHING_DUE)
    assert run("2027-03-12", 10) == (2, NOTHING_DUE)  # Friday: still nothing
    assert run("2027-03-13", 10) == (2, NOTHING_DUE)  # Saturday: a day off, nothing either


def reminder_cost(province, n: int) -> int:
    """Queries of the step on Tuesday 09/03/2027 at 10:00 with n overdue slots owed a reminder today (last
    reminded on Tuesday 02/03, five working days before) among BACKGROUND already reminded."""
    overdue_slots(province, BACKGROUND, reminded=D("2027-03-08"))
    due = overdue_slots(province, n, reminded=D("2027-03-02"))
    assert {s.next_reminder_on for s in due} == {D("2027-03-09")}
    count, report = run("2027-03-09", 10)
    assert report == {**NOTHING_DUE, "reminders": n}
    assert (
        ReportSlot.objects.filter(pk__in=[s.pk for s in due], reminded_overdue_on=D("2027-03-09")).count()
        == n
    )
    assert set(
        ReportSlot.objects.filter(pk__in=[s.pk for s in due]).values_list("next_reminder_on", flat=True)
    ) == {D("2027-03-16")}
    assert run("2027-03-09", 11) == (2, NOTHING_DUE)  # claimed: the next run is two queries again
    return count


def test_each_due_reminder_costs_a_fixed_number_of_queries(swept):
    counts = {}
    for n in (1, 3):
        with transaction.atomic():
            counts[n] = reminder_cost(swept, n)
            transaction.set_rollback(True)
    # 1 item: the mark, the probe, the due ids, the calendar, the slots of the chunk (with their bodies), then
    # the item; each item: its savepoint, the claim (UPDATE), the notice (the reporting body's users, who was
    # already notified, savepoint, INSERT, release, the e-mail's INSERT), release.
    assert counts[3] - counts[1] == 2 * ITEM
    assert counts[1] == 5 + ITEM


# queries per due reminder, whatever the number of slots (before issue 10's cause 3 every run read every overdue
# slot ever made, and each reminder had two more savepoints)
ITEM = 9


def test_generation_runs_again_only_when_the_horizon_or_the_inputs_move(regs, province, monkeypatch):
    calls: list[dt.date] = []
    original = generation.generate_ahead

    def spy(today, *args, **kwargs):
        calls.append(today)
        return original(today, *args, **kwargs)

    monkeypatch.setattr(generation, "generate_ahead", spy)
    first = run("2027-10-30", 1)[1]
    assert first["created"] > 0
    assert calls == [D("2027-10-30")]
    assert not ReportSlot.objects.filter(period_key__startswith="2028").exists()
    mark = GenerationMark.objects.get()
    assert (mark.generated_on, mark.horizon, mark.no_receiver) == (D("2027-10-30"), D("2027-12-31"), 1)
    # Saturday 30/10/2027 at 23:59: 62 days on is 31/12/2027, within the horizon: nothing generated
    assert run("2027-10-30", 23)[1]["created"] == 0
    assert calls == [D("2027-10-30")]
    # Sunday 31/10/2027: 62 days on is 01/01/2028, past the horizon: 2028's slots are generated
    assert run("2027-10-31", 0)[1]["created"] > 0
    assert calls == [D("2027-10-30"), D("2027-10-31")]
    assert ReportSlot.objects.filter(period_key__startswith="2028").exists()
    assert GenerationMark.objects.get().horizon == D("2028-12-31")
    assert run("2027-11-01", 8)[1]["opened"] > 0  # November's monthly reports
    assert run("2027-11-01", 9) == (2, {**NOTHING_DUE, "no_receiver": 3})
    assert len(calls) == 2

    # a new organisation (a commune set up on 01/01/2028): generated again
    xa3 = type(province.xa1).objects.create(
        code="xa3",
        name="Đảng ủy xã An Ba",
        abbreviation="DUX3",
        kind=province.xa1.kind,
        level=province.xa1.level,
        superior=province.xa1.superior,
        established_on=D("2028-01-01"),
    )
    assert run("2027-11-01", 10)[1]["created"] > 0
    assert len(calls) == 3
    assert ReportSlot.objects.filter(reporter=xa3, period_key="2028-01").exists()
    assert not ReportSlot.objects.filter(reporter=xa3, period_key__startswith="2027").exists()
    assert run("2027-11-01", 11)[0] == 2
    assert len(calls) == 3
    # a body dissolved from 01/03/2028: generated again (nothing new to create)
    type(province.xa1).objects.filter(pk=xa3.pk).update(dissolved_on=D("2028-03-01"))
    assert run("2027-11-01", 12)[1]["created"] == 0
    assert len(calls) == 4
    # a new version of a regulation (here without obligations): generated again
    old = Regulation.objects.get(code="003", superseded_by__isnull=True)
    new = Regulation.objects.get(pk=old.pk)
    new.pk, new.version = None, old.version + 1
    new.save()
    Regulation.objects.filter(pk=old.pk).update(superseded_by=new)
    run("2027-11-01", 13)
    assert len(calls) == 5
    # an official day off added to the calendar: generated again, and the next reminder dates computed again
    CalendarOverride.objects.create(
        day=D("2027-11-05"), kind=OverrideKind.DAY_OFF, name="Nghỉ bù", status=OverrideStatus.OFFICIAL
    )
    run("2027-11-01", 14)
    assert len(calls) == 6
    assert run("2027-11-01", 15)[0] == 2
    assert len(calls) == 6
    # the clock set back before the last generation (a restored copy): generated again from that day
    run("2027-10-20", 9)
    assert len(calls) == 7


def reminder_days(slot: ReportSlot) -> list[tuple[str, dt.date]]:
    slot.refresh_from_db()
    return [
        (which, day)
        for which in ("before", "due", "overdue")
        if (day := getattr(slot, f"reminded_{which}_on")) is not None
    ]


def test_reminders_fall_on_the_same_working_days_across_weekends_and_tet(regs, province):
    """xa2 never sends January 2027's monthly report (last on-time day Friday 29/01/2027). Tết 2027 is Thursday
    04/02 to Wednesday 10/02. Swept every day at 08:00 and 15:00 from 20/01 to 23/02."""
    run("2027-01-02", 1)
    slot = slot_of(province.xa2)
    seen: list[tuple[str, dt.date]] = []
    day = D("2027-01-20")
    while day <= D("2027-02-23"):
        for hour in (8, 15):
            for item in reminder_days(slot):
                if item not in seen and item[1] == day:
                    seen.append(item)
            run(day.isoformat(), hour)
        for which, when in reminder_days(slot):
            if when == day and (which, when) not in seen:
                seen.append((which, when))
        day += dt.timedelta(days=1)
    assert seen == [
        ("before", D("2027-01-26")),  # 3 working days before Friday 29/01
        ("due", D("2027-01-29")),  # the last on-time day
        ("overdue", D("2027-02-01")),  # Monday: not on the weekend it became overdue
        ("overdue", D("2027-02-15")),  # five working days on: 02, 03 (Tết from 04 to 10), 11, 12, 15/02
        ("overdue", D("2027-02-22")),  # 16, 17, 18, 19, 22/02
    ]
    slot.refresh_from_db()
    assert slot.next_reminder_on == D("2027-03-01")


def test_a_request_due_after_tet_is_reminded_before_it(regs, province):
    """An ad hoc report due on Monday 15/02/2027 asked on Monday 01/02: the reminder before it on Wednesday 03/02
    (03/02 + 3 working days = 15/02 across Tết), the due-day one on Monday 15/02."""
    from phoihop.reports.domain import actions

    run("2027-01-02", 1)
    with time_machine.travel(at("2027-02-01", 9), tick=False):
        req = actions.create_request(
            province.ban_cv,
            origin=SlotOrigin.AD_HOC,
            subject="Báo cáo nhanh",
            reporters=[province.xa1],
            due_on=D("2027-02-15"),
        )
    slot = ReportSlot.objects.get(request=req)
    assert slot.next_reminder_on == D("2027-02-01")  # a lower bound, worked out by the sweep
    days: dict[dt.date, int] = {}
    day = D("2027-02-01")
    while day <= D("2027-02-16"):
        run(day.isoformat(), 10)
        slot.refresh_from_db()
        days[day] = slot.next_reminder_on
        day += dt.timedelta(days=1)
    # flagged overdue on Tuesday 16/02, a working day: reminded in the same run
    assert reminder_days(slot) == [
        ("before", D("2027-02-03")),
        ("due", D("2027-02-15")),
        ("overdue", D("2027-02-16")),
    ]
    assert days[D("2027-02-01")] == D("2027-02-03")
    assert days[D("2027-02-03")] == D("2027-02-15")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
# transaction=True: VACUUM, as autovacuum does (index-only scans need the visibility map)
@pytest.mark.django_db(transaction=True)
def test_the_probe_reads_indexes_not_the_table(swept):
    overdue_slots(swept, 4000, reminded=D("2027-03-08"))
    # what a province accumulates: most slots of the past sent and accepted
    past = ReportSlot.objects.filter(due_on__lt=D("2027-03-01")).order_by("pk").values("pk")[:3000]
    ReportSlot.objects.filter(pk__in=past).update(state=SlotState.ACCEPTED, next_reminder_on=None)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_reportslot")
        sql, params = probe_sql(D("2027-03-09"))
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    for index in ("report_slot_opening_idx", "report_slot_past_due_idx", "report_slot_remind_idx"):
        assert index in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plan")
def test_the_probe_uses_indexes_on_sqlite(swept):
    sql, params = probe_sql(D("2027-03-09"))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN reports_reportslot" not in plan.replace("USING", "\nUSING"), plan
    for index in ("report_slot_opening_idx", "report_slot_past_due_idx", "report_slot_remind_idx"):
        assert index in plan, plan


def test_a_sent_slot_owes_no_reminder_and_the_migration_fills_lower_bounds(regs, province):
    import importlib

    from django.apps import apps

    from .conftest import send

    run("2027-01-02", 1)
    with time_machine.travel(at("2027-01-20", 10), tick=False):
        send(slot_of(province.xa1), province.xa1_cv, province.xa1_leader)
    assert slot_of(province.xa1).next_reminder_on is None
    assert slot_of(province.xa2).next_reminder_on == D("2027-01-26")
    overdue_slots(province, 2, reminded=D("2027-03-08"))

    # the data migration, on slots whose date was never stored: a date no later than the rules give
    migration = importlib.import_module("phoihop.reports.migrations.0002_next_reminder_and_generation_mark")
    exact = {s.pk: s.next_reminder_on for s in ReportSlot.objects.all()}
    ReportSlot.objects.update(next_reminder_on=None)
    migration.fill_next_reminder(apps, None)
    filled = dict(ReportSlot.objects.values_list("pk", "next_reminder_on"))
    assert filled[slot_of(province.xa1).pk] is None  # sent
    assert filled[slot_of(province.xa2).pk] == D("2026-12-29")  # 31 days before 29/01/2027
    assert all(filled[pk] is None or filled[pk] <= day for pk, day in exact.items() if day is not None)
    assert {filled[pk] for pk, day in exact.items() if day == D("2027-03-15")} == {D("2027-03-13")}
