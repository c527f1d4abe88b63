"""manage.py load_calendar: the shipped schedule, idempotence, malformed files refused with nothing loaded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from phoihop.audit.enums import AuditAction
from phoihop.audit.models import AuditEvent
from phoihop.workdays.models import CalendarOverride
from phoihop.workdays.queries import current_calendar

from .conftest import OFFICIAL_DAYS_OFF, OFFICIAL_MAKEUP_DAYS, SCHEDULE, d

pytestmark = pytest.mark.django_db


def _load(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_load_is_idempotent_and_audited():
    out, err = _load()
    assert out == "Lịch làm việc: tạo mới 29, cập nhật 0, không đổi 0.\n"
    assert err == ""
    assert CalendarOverride.objects.count() == 29
    assert set(CalendarOverride.objects.values_list("status", flat=True)) == {"official"}
    assert AuditEvent.objects.filter(action=AuditAction.LOADED).count() == 29
    event = AuditEvent.objects.filter(action=AuditAction.LOADED).order_by("id").first()
    assert event is not None
    assert event.summary == (
        "Nạp từ data/calendar/vn-civil-service.yaml: Ngày nghỉ 01/01/2025 (Tết Dương lịch) — Chính thức; "
        "căn cứ: Bộ luật Lao động 2019, Điều 112"
    )
    out, _ = _load()
    assert out == "Lịch làm việc: tạo mới 0, cập nhật 0, không đổi 29.\n"
    assert CalendarOverride.objects.count() == 29
    assert AuditEvent.objects.count() == 29


def test_reload_restores_an_edited_row():
    _load()
    CalendarOverride.objects.filter(day=d("02/01/2026")).update(status="proposed")
    out, _ = _load()
    assert out == "Lịch làm việc: tạo mới 0, cập nhật 1, không đổi 28.\n"
    assert CalendarOverride.objects.get(day=d("02/01/2026")).status == "official"


@pytest.mark.parametrize("year", [2025, 2026])
def test_loaded_calendar_matches_the_official_schedules(year):
    _load()
    calendar = current_calendar()
    assert calendar.non_working_weekdays(year) == OFFICIAL_DAYS_OFF[year]
    assert calendar.working_weekend_days(year) == OFFICIAL_MAKEUP_DAYS[year]


def test_loaded_legal_basis():
    _load()
    assert CalendarOverride.objects.get(day=d("28/01/2025")).legal_basis == (
        "Thông báo số 6150/TB-BLĐTBXH ngày 08/11/2024 của Bộ Lao động – Thương binh và Xã hội"
    )
    assert CalendarOverride.objects.get(day=d("24/11/2026")).legal_basis == "Nghị quyết số 28/2026/QH16"
    assert CalendarOverride.objects.get(day=d("10/01/2026")).kind == "working_day"


VALID = SCHEDULE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda s: s.replace(
                '      - date: "2026-11-24"\n        name: Ngày Văn hóa Việt Nam\n        basis: Nghị quyết số 28/2026/QH16\n',
                '      - date: "2026-11-24"\n        name: Ngày Văn hóa Việt Nam\n',
            ),
            "years[1].days_off[13]: thiếu trường basis",
        ),
        (
            lambda s: s.replace('date: "2026-11-24"', 'date: "2026-02-30"'),
            "years[1].days_off[13] (2026-02-30, Ngày Văn hóa Việt Nam): ngày '2026-02-30' không tồn tại",
        ),
        (
            lambda s: s.replace('date: "2026-11-24"', 'date: "24/11/2026"'),
            "years[1].days_off[13].date: giá trị '24/11/2026' không đúng dạng YYYY-MM-DD",
        ),
        (
            lambda s: s.replace('date: "2026-11-24"', 'date: "2027-11-24"'),
            "years[1].days_off[13] (2027-11-24, Ngày Văn hóa Việt Nam): ngày 24/11/2027 không thuộc năm 2026",
        ),
        (
            lambda s: s.replace('date: "2026-11-24"', 'date: "2026-11-21"'),
            "years[1].days_off[13] (2026-11-21, Ngày Văn hóa Việt Nam): ngày 21/11/2026 là Thứ Bảy; days_off chỉ ghi "
            "ngày nghỉ rơi vào ngày thường (Thứ Hai–Thứ Sáu)",
        ),
        (
            lambda s: s.replace('date: "2026-08-22"', 'date: "2026-08-21"'),
            "years[1].working_days[1] (2026-08-21, Làm bù cho ngày nghỉ 31/08/2026): ngày 21/08/2026 là Thứ Sáu; "
            "working_days chỉ ghi Thứ Bảy, Chủ nhật phải làm bù",
        ),
        (
            lambda s: s.replace('date: "2026-11-24"', 'date: "2026-09-02"'),
            "years[1].days_off[13] (2026-09-02, Ngày Văn hóa Việt Nam): ngày 02/09/2026 đã có ở years[1].days_off[12] "
            "(2026-09-02, Quốc khánh (2/9))",
        ),
        (lambda s: s.replace("schema_version: 1", "schema_version: 2"), "schema_version: phải là 1"),
        (
            lambda s: s.replace("  - year: 2026", "  - year: 2026\n    extra: 1"),
            "years[1]: có trường không được phép",
        ),
        (
            lambda s: s.replace("  - year: 2026", "  - year: 2026x"),
            "years[1].year: sai kiểu dữ liệu, cần integer",
        ),
        (lambda s: s + "\n  - : [\n", "lỗi cú pháp YAML"),
    ],
)
def test_malformed_file_is_refused_and_nothing_is_loaded(tmp_path: Path, edit, problem):
    bad = tmp_path / "bad.yaml"
    text = edit(VALID)
    assert text != VALID
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        _load(str(bad))
    message = str(exc.value)
    assert message.startswith(f"Tệp {bad} không hợp lệ, không nạp gì:\n")
    assert problem in message
    assert CalendarOverride.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_every_problem_is_listed(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        VALID.replace('date: "2026-11-24"', 'date: "2026-11-21"').replace(
            'date: "2026-08-22"', 'date: "2026-08-21"'
        )
    )
    with pytest.raises(CommandError) as exc:
        _load(str(bad))
    assert str(exc.value).count("\n  - ") == 2


def test_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(CommandError) as exc:
        _load(str(tmp_path / "none.yaml"))
    assert str(exc.value).startswith(
        f"Tệp {tmp_path / 'none.yaml'} không hợp lệ, không nạp gì:\n  - không đọc được tệp"
    )


def test_unquoted_yaml_dates_are_accepted(tmp_path: Path):
    good = tmp_path / "good.yaml"
    good.write_text(VALID.replace('date: "2026-11-24"', "date: 2026-11-24"), encoding="utf-8")
    out, _ = _load(str(good))
    assert out == "Lịch làm việc: tạo mới 29, cập nhật 0, không đổi 0.\n"


def test_a_file_missing_base_holidays_is_loaded_with_warnings(tmp_path: Path):
    """A schedule claims to list every weekday off and every Saturday worked of its years: days of the base
    calendar that it does not list are reported on stderr."""
    bad = tmp_path / "cancel.yaml"
    bad.write_text(
        "schema_version: 1\nyears:\n  - year: 2025\n    days_off:\n"
        '      - {date: "2025-03-12", name: Nghỉ, basis: TB}\n'
        "    working_days:\n"
        '      - {date: "2025-03-15", name: Làm bù, basis: TB}\n',
        encoding="utf-8",
    )
    out, err = _load(str(bad))
    assert out == "Lịch làm việc: tạo mới 2, cập nhật 0, không đổi 0.\n"
    # the file claims to list every weekday off of 2025: the base calendar's holidays are reported
    assert (
        err.splitlines()[0]
        == "Cảnh báo ("
        + str(bad)
        + "): 01/01/2025 là ngày nghỉ trong lịch (Tết Dương lịch) nhưng tệp không ghi"
    )
    assert "26/04/2025 là ngày làm bù trong lịch nhưng tệp không ghi" in err
