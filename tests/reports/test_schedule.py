"""Exact due dates of a year of report slots from the regulation data; generation is idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from phoihop.regulations.queries import current_version
from phoihop.reports.domain.generation import generate_ahead, generate_slots, schedule
from phoihop.reports.domain.schedule import due_advice
from phoihop.reports.enums import SlotState
from phoihop.reports.models import ReportSlot
from phoihop.workdays.calendar import WorkCalendar

D = dt.date.fromisoformat
CAL = WorkCalendar()

MONTHLY_003_2027 = {
    "2027-01": "2027-01-29",  # 30-31/01 weekend
    "2027-02": "2027-02-26",
    "2027-03": "2027-03-31",
    "2027-04": "2027-04-29",  # 30/04 holiday
    "2027-05": "2027-05-31",
    "2027-06": "2027-06-30",
    "2027-07": "2027-07-30",
    "2027-08": "2027-08-31",
    "2027-09": "2027-09-30",
    "2027-10": "2027-10-29",
    "2027-11": "2027-11-30",
    "2027-12": "2027-12-31",
}


def _dues(code: str, year: int) -> dict[tuple[str, str], str]:
    reg = current_version(code)
    assert reg is not None
    return {(r.obligation.code, r.period.key): r.due.day.isoformat() for r in schedule(reg, year, CAL)}


def test_002_quarterly_half_year_annual_and_consolidated(regs):
    assert _dues("002", 2027) == {
        ("quarterly", "2027-Q1"): "2027-03-19",
        ("quarterly", "2027-Q2"): "2027-06-19",
        ("quarterly", "2027-Q3"): "2027-09-19",
        ("quarterly", "2027-Q4"): "2027-12-19",
        ("half-year", "2027-H1"): "2027-06-19",
        ("annual", "2027"): "2027-12-14",
        ("consolidated-quarterly", "2027-Q1"): "2027-03-31",
        ("consolidated-quarterly", "2027-Q2"): "2027-06-30",
        ("consolidated-quarterly", "2027-Q3"): "2027-09-30",
        ("consolidated-quarterly", "2027-Q4"): "2027-12-31",
        ("consolidated-half-year", "2027-H1"): "2027-06-30",
        ("consolidated-annual", "2027"): "2027-12-31",
    }


def test_003_monthly_quarterly_half_year_annual(regs):
    expected = {("monthly", k): v for k, v in MONTHLY_003_2027.items()}
    expected.update(
        {
            ("quarterly", "2027-Q1"): "2027-03-31",
            ("quarterly", "2027-Q2"): "2027-06-30",
            ("quarterly", "2027-Q3"): "2027-09-30",
            ("quarterly", "2027-Q4"): "2027-12-31",
            ("half-year", "2027-H1"): "2027-06-30",
            ("annual", "2027"): "2027-12-31",
        }
    )
    assert _dues("003", 2027) == expected


def test_000_and_004_annual(regs):
    assert _dues("000", 2027) == {
        ("annual-supervision", "2027"): "2027-12-09",
        ("consolidated-annual", "2027"): "2027-12-31",
    }
    assert _dues("004", 2027) == {
        ("annual-implementation", "2027"): "2027-12-14",
        ("consolidated-annual", "2027"): "2027-12-31",
    }


def test_001_exchanges_every_six_months_and_annual(regs):
    """The two information exchanges are every six months (001 Art. 11.1): both halves, each due on its last
    working day (30/06/2027 is a Wednesday, 31/12/2027 a Friday)."""
    assert _dues("001", 2027) == {
        ("exchange-bloc-to-government", "2027-H1"): "2027-06-30",
        ("exchange-bloc-to-government", "2027-H2"): "2027-12-31",
        ("exchange-government-to-bloc", "2027-H1"): "2027-06-30",
        ("exchange-government-to-bloc", "2027-H2"): "2027-12-31",
        ("annual-emulation-results", "2027"): "2027-12-31",
        ("annual-review", "2027"): "2027-12-31",
    }
    reg = current_version("001")
    assert reg is not None
    labels = {
        r.period.key: r.period.label
        for r in schedule(reg, 2027, CAL)
        if r.obligation.code == "exchange-government-to-bloc"
    }
    assert labels == {"2027-H1": "6 tháng đầu năm 2027", "2027-H2": "6 tháng cuối năm 2027"}


def test_rule_text_quotes_the_reading(regs):
    reg = current_version("002")
    assert reg is not None
    rows = [
        r for r in schedule(reg, 2027, CAL) if r.obligation.code == "quarterly" and r.period.key == "2027-Q1"
    ]
    assert rows[0].due.rule == (
        "Trước ngày 20 của tháng cuối quý (Mục IV.3): đúng hạn nếu nhận được chậm nhất ngày 19/03/2027."
    )


def test_non_working_due_day_suggests_the_working_day_before() -> None:
    assert due_advice(CAL, D("2027-03-19")) == ""  # a Friday
    assert due_advice(CAL, D("2027-12-19")) == (
        "Ngày 19/12/2027 là ngày nghỉ (Chủ nhật); nên gửi chậm nhất vào ngày làm việc trước đó: Thứ Sáu 17/12/2027."
    )


def test_command_json(regs):
    out = io.StringIO()
    call_command("reports", "schedule", "002", "2027", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0] == {
        "regulation": "002",
        "obligation": "quarterly",
        "reporter_kind": "womens_union",
        "receiver_kind": "fatherland_front",
        "period": "2027-Q1",
        "due": "2027-03-19",
    }
    assert len(rows) == 5 * 4 + 5 + 5 + 4 + 1 + 1
    assert {
        (r["obligation"], r["period"], r["due"]) for r in rows if r["reporter_kind"] == "youth_union"
    } == {
        ("quarterly", "2027-Q1", "2027-03-19"),
        ("quarterly", "2027-Q2", "2027-06-19"),
        ("quarterly", "2027-Q3", "2027-09-19"),
        ("quarterly", "2027-Q4", "2027-12-19"),
        ("half-year", "2027-H1", "2027-06-19"),
        ("annual", "2027", "2027-12-14"),
    }
    out = io.StringIO()
    call_command("reports", "schedule", "003", "2027", "--json", stdout=out)
    monthly = {r["period"]: r["due"] for r in json.loads(out.getvalue()) if r["obligation"] == "monthly"}
    assert monthly == MONTHLY_003_2027


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("009", "2027"), "Không có quy chế mã “009” (các mã hiện có: 000, 001, 002, 003, 004)."),
        (("002", "abc"), "Năm “abc” không hợp lệ: hãy nhập năm bằng 4 chữ số, ví dụ 2027."),
        (("002", "1800"), "Năm 1800 không hợp lệ: hệ thống lập lịch báo cáo cho các năm 2000–2100."),
    ],
)
def test_command_bad_input(regs, args, message):
    with pytest.raises(CommandError) as exc:
        call_command("reports", "schedule", *args, "--json", stdout=io.StringIO())
    assert str(exc.value) == message


def _slots(code: str) -> set[tuple[str, str, str, str, str]]:
    return set(
        ReportSlot.objects.filter(regulation__code=code).values_list(
            "obligation__code", "reporter__abbreviation", "receiver__abbreviation", "period_key", "due_on"
        )
    )


def test_generation_for_003_creates_monthly_slots_per_commune_once(regs, province):
    first = generate_slots(2027, codes=["003"], calendar=CAL)
    assert first.created == 2 * (12 + 4 + 1 + 1)
    got = {(o, r, rc, k, d.isoformat()) for o, r, rc, k, d in _slots("003")}
    assert {(k, d) for o, r, rc, k, d in got if o == "monthly" and r == "DUX1"} == set(
        MONTHLY_003_2027.items()
    )
    assert {rc for *_, rc, _k, _d in [(o, r, rc, k, d) for o, r, rc, k, d in got]} == {"BNCTU"}
    assert {r for _, r, *_ in got} == {"DUX1", "DUX2"}
    again = generate_slots(2027, codes=["003"], calendar=CAL)
    assert (again.created, again.existing) == (0, first.created)
    assert ReportSlot.objects.filter(regulation__code="003").count() == first.created
    assert set(ReportSlot.objects.values_list("state", flat=True)) == {SlotState.NOT_DUE}


def test_generation_for_002_000_004_with_nearest_receiver(regs, province):
    generate_slots(2027, codes=["000", "002", "004"], calendar=CAL)
    s002 = {(o, r, rc, k, d.isoformat()) for o, r, rc, k, d in _slots("002")}
    assert {(o, k, d) for o, r, rc, k, d in s002 if r == "HND"} == {
        ("quarterly", "2027-Q1", "2027-03-19"),
        ("quarterly", "2027-Q2", "2027-06-19"),
        ("quarterly", "2027-Q3", "2027-09-19"),
        ("quarterly", "2027-Q4", "2027-12-19"),
        ("half-year", "2027-H1", "2027-06-19"),
        ("annual", "2027", "2027-12-14"),
    }
    assert {(o, rc, k) for o, r, rc, k, d in s002 if r == "MTTQ"} == {
        ("consolidated-quarterly", "BTVTU", "2027-Q1"),
        ("consolidated-quarterly", "BTVTU", "2027-Q2"),
        ("consolidated-quarterly", "BTVTU", "2027-Q3"),
        ("consolidated-quarterly", "BTVTU", "2027-Q4"),
        ("consolidated-half-year", "BTVTU", "2027-H1"),
        ("consolidated-annual", "BTVTU", "2027"),
    }
    # 000: the district partners report to their own district's inspection committee, never the other one.
    assert _slots("000") == {
        ("annual-supervision", "BDV", "UBKT", "2027", D("2027-12-09")),
        ("annual-supervision", "MTTQH", "UBKT", "2027", D("2027-12-09")),
        ("consolidated-annual", "UBKT", "BTVHU", "2027", D("2027-12-31")),
        ("consolidated-annual", "UBKT2", "BTVHU2", "2027", D("2027-12-31")),
    }
    assert _slots("004") == {
        ("annual-implementation", "HU", "BNCTU", "2027", D("2027-12-14")),
        ("annual-implementation", "HU2", "BNCTU", "2027", D("2027-12-14")),
        ("annual-implementation", "DUCCQ", "BNCTU", "2027", D("2027-12-14")),
        ("annual-implementation", "DUKDN", "BNCTU", "2027", D("2027-12-14")),
        ("consolidated-annual", "BNCTU", "BTVTU", "2027", D("2027-12-31")),
    }
    before = ReportSlot.objects.count()
    assert generate_slots(2027, codes=["000", "002", "004"], calendar=CAL).created == 0
    assert ReportSlot.objects.count() == before


def test_generate_ahead_skips_past_periods_and_reaches_next_year(regs, province):
    generate_ahead(D("2027-11-15"), calendar=CAL)
    monthly = set(
        ReportSlot.objects.filter(obligation__code="monthly", reporter=province.xa1).values_list(
            "period_key", flat=True
        )
    )
    assert monthly == {
        "2027-11",
        "2027-12",
        "2028-01",
        "2028-02",
        "2028-03",
        "2028-04",
        "2028-05",
        "2028-06",
        "2028-07",
        "2028-08",
        "2028-09",
        "2028-10",
        "2028-12",
        "2028-11",
    }
    assert generate_ahead(D("2027-11-15"), calendar=CAL).created == 0


def test_dissolved_body_gets_no_slots(regs, province):
    province.xa2.dissolved_on = D("2027-07-01")
    province.xa2.save()
    generate_slots(2027, codes=["003"], calendar=CAL)
    keys = set(
        ReportSlot.objects.filter(reporter=province.xa2, obligation__code="monthly").values_list(
            "period_key", flat=True
        )
    )
    assert keys == {f"2027-{m:02d}" for m in range(1, 7)}


def test_command_on_a_database_not_migrated_gives_a_clear_error_not_a_traceback(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, str(root / "manage.py"), "reports", "schedule", "003", "2027", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("CommandError: Cơ sở dữ liệu chưa sẵn sàng")


def test_a_body_established_mid_year_owes_only_the_periods_it_existed_in(regs, province):
    # Communes of the 2025 list exist from 01/07/2025; district bodies end on that day.
    province.xa2.established_on = D("2025-07-01")
    province.xa2.save()
    generate_slots(2025, codes=["003"], calendar=CAL)
    keys = set(ReportSlot.objects.filter(reporter=province.xa2).values_list("obligation__code", "period_key"))
    assert keys == {("monthly", f"2025-{m:02d}") for m in range(7, 13)} | {
        ("quarterly", "2025-Q3"),
        ("quarterly", "2025-Q4"),
        ("annual", "2025"),
    }


def test_a_body_dissolved_before_the_due_day_owes_nothing_for_that_period(regs, province):
    # 000's yearly report is due before 10/12: a district body dissolved on 01/07/2025 owes no 2025 report.
    province.dan_van.dissolved_on = D("2025-07-01")
    province.dan_van.save()
    generate_slots(2025, codes=["000"], calendar=CAL)
    assert not ReportSlot.objects.filter(reporter=province.dan_van).exists()
    assert ReportSlot.objects.filter(reporter=province.front_hu, period_key="2025").count() == 1
