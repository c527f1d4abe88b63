"""The pure calendar: official 2025/2026 schedules, the base rules 2024–2030, counting and explanations."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from phoihop.workdays import calendar as cal
from phoihop.workdays.calendar import DayOverride, WorkCalendar

from .conftest import OFFICIAL_DAYS_OFF, OFFICIAL_MAKEUP_DAYS, d, dates


# --- official schedules ------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2025, 2026])
def test_every_weekday_off_matches_the_official_schedule(official, year):
    assert official.non_working_weekdays(year) == OFFICIAL_DAYS_OFF[year]


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_saturday_worked_matches_the_official_schedule(official, year):
    assert official.working_weekend_days(year) == OFFICIAL_MAKEUP_DAYS[year]


def test_the_package_alone_misses_the_2026_new_year_swap(base):
    """The known correction: Fri 02/01/2026 off, Sat 10/01/2026 worked are not in holidays 0.109."""
    assert base.non_working_weekdays(2026) == OFFICIAL_DAYS_OFF[2026] - dates("02/01/2026")
    assert base.working_weekend_days(2026) == dates("22/08/2026")
    assert base.non_working_weekdays(2025) == OFFICIAL_DAYS_OFF[2025]
    assert base.working_weekend_days(2025) == dates("26/04/2025")


def test_day_info_reasons(official):
    info = official.day_info(d("24/11/2026"))
    assert (info.working, info.reason, info.source) == (
        False,
        "Ngày Văn hóa Việt Nam (Nghị quyết số 28/2026/QH16)",
        "override",
    )
    assert official.day_info(d("25/01/2025")).reason == "Thứ Bảy"
    assert official.day_info(d("26/01/2025")).reason == "Chủ nhật"
    assert official.day_info(d("01/02/2025")).reason == "Mùng bốn Tết Nguyên đán (Thứ Bảy)"
    info = official.day_info(d("10/01/2026"))
    assert (info.working, info.reason) == (
        True,
        "Làm bù cho ngày nghỉ 02/01/2026 (Thông báo lịch nghỉ năm 2026 của Bộ Nội vụ)",
    )
    info = official.day_info(d("22/01/2025"))
    assert (info.working, info.reason, info.source) == (True, "Ngày làm việc (Thứ Tư)", "weekday")
    assert official.day_info(d("04/05/2024")).reason == "Ngày làm bù (Thứ Bảy)"
    assert official.day_info(d("03/05/2027")).reason == "Ngày Quốc tế Lao động (nghỉ bù)"


# --- base rules 2024-2030 ----------------------------------------------------------------------------
LUNAR_NEW_YEAR = {
    2024: ("10/02/2024", "08/02/2024", "14/02/2024"),
    2025: ("29/01/2025", "25/01/2025", "02/02/2025"),
    2026: ("17/02/2026", "14/02/2026", "22/02/2026"),
    2027: ("06/02/2027", "04/02/2027", "10/02/2027"),
    2028: ("26/01/2028", "22/01/2028", "30/01/2028"),
    2029: ("13/02/2029", "10/02/2029", "18/02/2029"),
    2030: ("03/02/2030", "31/01/2030", "06/02/2030"),
}


def _block(calendar: WorkCalendar, day: dt.date) -> tuple[dt.date, dt.date]:
    """The run of consecutive non-working days around `day`."""
    first = last = day
    while not calendar.is_working_day(first - dt.timedelta(days=1)):
        first -= dt.timedelta(days=1)
    while not calendar.is_working_day(last + dt.timedelta(days=1)):
        last += dt.timedelta(days=1)
    return first, last


@pytest.mark.parametrize("year", sorted(LUNAR_NEW_YEAR))
def test_tet_block(official, year):
    new_year, first, last = (d(x) for x in LUNAR_NEW_YEAR[year])
    assert official.day_info(new_year).label == "Tết Nguyên đán"
    assert _block(official, new_year) == (first, last)
    # the working days on both sides of the block
    assert official.is_working_day(first - dt.timedelta(days=1))
    assert official.is_working_day(last + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("18/04/2024", False),
        ("07/04/2025", False),
        ("26/04/2026", False),  # Sunday …
        ("27/04/2026", False),  # … so Monday is the compensatory day
        ("28/04/2026", True),
        ("16/04/2027", False),
        ("04/04/2028", False),
        ("23/04/2029", False),
        ("12/04/2030", False),
    ],
)
def test_hung_kings_day(official, day, working):
    assert official.is_working_day(d(day)) is working
    assert official.day_info(d(day)).label == ("Thứ Ba" if working else "Ngày Giỗ Tổ Hùng Vương")


@pytest.mark.parametrize("year", range(2024, 2031))
def test_30_april_and_1_may(official, year):
    assert not official.is_working_day(dt.date(year, 4, 30))
    assert not official.is_working_day(dt.date(year, 5, 1))


@pytest.mark.parametrize(
    ("year", "adjacent"),
    [
        (2024, "03/09/2024"),
        (2025, "01/09/2025"),
        (2026, "01/09/2026"),
        (2027, "03/09/2027"),
        (2030, "03/09/2030"),
    ],
)
def test_national_day_and_its_adjacent_day(official, year, adjacent):
    assert not official.is_working_day(dt.date(year, 9, 2))
    assert not official.is_working_day(d(adjacent))
    assert official.day_info(d(adjacent)).label == "Quốc khánh"


@pytest.mark.parametrize(
    "day",
    [
        "27/04/2026",
        "03/05/2027",
        "03/01/2028",
        "02/05/2028",
        "04/09/2028",
        "04/09/2029",
        "26/11/2029",
        "25/11/2030",
    ],
)
def test_compensatory_days_are_off(official, day):
    assert not official.is_working_day(d(day))
    assert d(day).weekday() == 0 or d(day).weekday() == 1


@pytest.mark.parametrize("day", ["04/05/2024", "26/04/2025", "10/01/2026", "22/08/2026"])
def test_make_up_saturdays_are_working_days(official, day):
    assert d(day).weekday() == 5
    assert official.is_working_day(d(day))


@pytest.mark.parametrize("day", ["24/11/2026", "24/11/2027"])
def test_vietnamese_culture_day(official, day):
    assert not official.is_working_day(d(day))
    assert official.day_info(d(day)).label == "Ngày Văn hóa Việt Nam"


def test_plain_saturday_and_sunday_are_off(official):
    assert not official.is_working_day(d("08/03/2025"))
    assert not official.is_working_day(d("09/03/2025"))
    assert official.is_working_day(d("10/03/2025"))


# --- counting ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("22/01/2025", 5, "05/02/2025"),  # across Tết 2025
        ("05/02/2025", -5, "22/01/2025"),  # at least 5 working days before 05/02: latest 22/01
        ("22/01/2025", 0, "22/01/2025"),
        ("25/01/2025", 0, "25/01/2025"),  # n == 0 keeps even a non-working day
        ("01/03/2025", 1, "03/03/2025"),  # received on a Saturday: day of receipt not counted
        ("01/03/2025", 5, "07/03/2025"),
        ("02/03/2025", 1, "03/03/2025"),  # received on a Sunday
        ("29/01/2025", 1, "03/02/2025"),  # received on a holiday (Mùng 1 Tết)
        ("29/01/2025", 7, "11/02/2025"),
        ("25/04/2025", 1, "26/04/2025"),  # the make-up Saturday counts
        ("26/04/2025", 1, "28/04/2025"),  # received on the make-up Saturday: not counted itself
        ("28/04/2025", -1, "26/04/2025"),
        ("28/04/2025", 5, "08/05/2025"),  # 30/4, 1/5, swapped 2/5 and the weekend skipped
        ("09/01/2026", 1, "10/01/2026"),  # the corrected 2026 make-up Saturday
        ("31/12/2025", 1, "05/01/2026"),  # 1/1 and the swapped 2/1/2026 skipped
        ("24/11/2026", 1, "25/11/2026"),
        ("23/11/2026", 1, "25/11/2026"),
        ("31/12/2025", -2, "29/12/2025"),
    ],
)
def test_add_working_days(official, start, n, expected):
    assert official.add_working_days(d(start), n) == d(expected)
    assert cal.add_working_days(official, d(start), n) == d(expected)


def test_overrides_change_the_result_only_when_official(base):
    assert base.add_working_days(d("09/01/2026"), 1) == d("12/01/2026")
    swap = [
        DayOverride(d("02/01/2026"), "day_off", "Nghỉ hoán đổi", "TB"),
        DayOverride(d("10/01/2026"), "working_day", "Làm bù", "TB"),
    ]
    assert WorkCalendar(swap).add_working_days(d("31/12/2025"), 2) == d("06/01/2026")
    assert WorkCalendar(swap).add_working_days(d("09/01/2026"), 1) == d("10/01/2026")
    proposed = [DayOverride(o.day, o.kind, o.name, o.basis, "proposed") for o in swap]
    calendar = WorkCalendar(proposed)
    assert calendar.add_working_days(d("31/12/2025"), 2) == d("05/01/2026")
    assert calendar.add_working_days(d("09/01/2026"), 1) == d("12/01/2026")
    assert calendar.day_info(d("02/01/2026")).working is True
    assert calendar.day_info(d("02/01/2026")).proposed == proposed[0]


def test_working_days_between(official):
    assert official.working_days_between(d("22/01/2025"), d("05/02/2025")) == 5
    assert official.working_days_between(d("05/02/2025"), d("22/01/2025")) == -5
    assert official.working_days_between(d("22/01/2025"), d("22/01/2025")) == 0
    assert official.working_days_between(d("24/01/2025"), d("03/02/2025")) == 1
    assert official.working_days_between(d("24/01/2025"), d("02/02/2025")) == 0
    assert official.working_days_between(d("25/04/2025"), d("28/04/2025")) == 2  # the make-up Saturday
    # 01/01/2025 is excluded by (a, b] but is a holiday anyway: every working day of 2025
    assert cal.working_days_between(official, d("01/01/2025"), d("31/12/2025")) == 250


def test_the_year_2025_has_250_working_days(official):
    weekdays = sum(1 for i in official.days_of_year(2025) if not i.is_weekend)
    assert weekdays == 261
    assert sum(1 for i in official.days_of_year(2025) if i.working) == 261 - 12 + 1 == 250


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda c: c.add_working_days(d("01/01/2025"), 3651),
            "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650.",
        ),
        (
            lambda c: c.add_working_days(d("01/01/2025"), -3651),
            "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650.",
        ),
        (
            lambda c: c.explain(d("01/01/2025"), 4000),
            "Số ngày làm việc phải nằm trong khoảng từ -3650 đến 3650.",
        ),
        (
            lambda c: c.add_working_days(dt.date(1899, 12, 31), 1),
            "Ngày 31/12/1899 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        (
            lambda c: c.add_working_days(dt.date(2200, 12, 30), 5),
            "Ngày 01/01/2201 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        (
            lambda c: c.is_working_day(dt.date(2201, 1, 1)),
            "Ngày 01/01/2201 nằm ngoài phạm vi lịch hỗ trợ (từ năm 1900 đến năm 2200).",
        ),
        (lambda c: c.add_working_days(d("01/01/2025"), 1.5), "Số ngày làm việc phải là số nguyên."),
    ],
)
def test_guards(official, call, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$") as exc:
        call(official)
    assert str(exc.value) == message


def test_base_year_is_cached():
    cal.base_year.cache_clear()
    cal.base_year(2025)
    cal.base_year(2025)
    info = cal.base_year.cache_info()
    assert (info.hits, info.misses) == (1, 1)


# --- explanations --------------------------------------------------------------------------------------
TET_2025_BASIS = "Thông báo số 6150/TB-BLĐTBXH ngày 08/11/2024 của Bộ Lao động – Thương binh và Xã hội"


def test_explain_tet_2025(official):
    e = official.explain(d("22/01/2025"), 5)
    assert (e.start, e.days, e.result) == (d("22/01/2025"), 5, d("05/02/2025"))
    assert e.counted == [d("23/01/2025"), d("24/01/2025"), d("03/02/2025"), d("04/02/2025"), d("05/02/2025")]
    assert e.skipped == [
        (d("25/01/2025"), "Thứ Bảy"),
        (d("26/01/2025"), "Chủ nhật"),
        (d("27/01/2025"), f"Tết Nguyên đán ({TET_2025_BASIS})"),
        (d("28/01/2025"), f"Tết Nguyên đán ({TET_2025_BASIS})"),
        (d("29/01/2025"), f"Tết Nguyên đán ({TET_2025_BASIS})"),
        (d("30/01/2025"), f"Tết Nguyên đán ({TET_2025_BASIS})"),
        (d("31/01/2025"), f"Tết Nguyên đán ({TET_2025_BASIS})"),
        (d("01/02/2025"), "Mùng bốn Tết Nguyên đán (Thứ Bảy)"),
        (d("02/02/2025"), "Chủ nhật"),
    ]
    assert e.sentence() == (
        "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán)"
    )
    assert str(e) == e.sentence()
    assert cal.explain(official, d("22/01/2025"), 5) == e


def test_explain_tet_2025_from_the_package_alone(base):
    assert base.explain(d("22/01/2025"), 5).sentence() == (
        "Hạn 05/02/2025: 05 ngày làm việc kể từ ngày 22/01/2025, không tính 25/01–02/02 (Tết Nguyên đán)"
    )


@pytest.mark.parametrize(
    ("start", "n", "sentence"),
    [
        (
            "06/03/2025",
            5,
            "Hạn 13/03/2025: 05 ngày làm việc kể từ ngày 06/03/2025, không tính 08/03–09/03 (Thứ Bảy, Chủ nhật)",
        ),
        ("10/03/2025", 3, "Hạn 13/03/2025: 03 ngày làm việc kể từ ngày 10/03/2025"),
        ("22/01/2025", 0, "Hạn 22/01/2025: 00 ngày làm việc kể từ ngày 22/01/2025"),
        (
            "28/04/2025",
            5,
            "Hạn 08/05/2025: 05 ngày làm việc kể từ ngày 28/04/2025, không tính 30/04–04/05 "
            "(Ngày Chiến thắng, Ngày Quốc tế Lao động, Nghỉ hoán đổi với Thứ Bảy 26/04/2025)",
        ),
        (
            "24/04/2025",
            2,
            "Hạn 26/04/2025: 02 ngày làm việc kể từ ngày 24/04/2025",  # the make-up Saturday is not skipped
        ),
        (
            "29/12/2025",
            10,
            "Hạn 13/01/2026: 10 ngày làm việc kể từ ngày 29/12/2025, không tính 01/01/2026–04/01/2026 "
            "(Tết Dương lịch, Nghỉ hoán đổi với Thứ Bảy 10/01/2026); 11/01/2026 (Chủ nhật)",
        ),
        (
            "05/02/2025",
            -5,
            "Chậm nhất ngày 22/01/2025: 05 ngày làm việc trước ngày 05/02/2025, không tính 25/01–02/02 (Tết Nguyên đán)",
        ),
        (
            "24/04/2026",
            5,
            "Hạn 06/05/2026: 05 ngày làm việc kể từ ngày 24/04/2026, không tính 25/04–27/04 (Ngày Giỗ Tổ Hùng Vương); "
            "30/04–03/05 (Ngày Chiến thắng, Ngày Quốc tế Lao động)",
        ),
        (
            "20/11/2026",
            2,
            "Hạn 25/11/2026: 02 ngày làm việc kể từ ngày 20/11/2026, không tính 21/11–22/11 (Thứ Bảy, Chủ nhật); 24/11 (Ngày Văn hóa Việt Nam)",
        ),
        (
            "09/01/2026",
            2,
            "Hạn 12/01/2026: 02 ngày làm việc kể từ ngày 09/01/2026, không tính 11/01 (Chủ nhật)",
        ),
    ],
)
def test_sentences(official, start, n, sentence):
    assert official.explain(d(start), n).sentence() == sentence


def test_explain_negative_lists_days_in_date_order(official):
    e = official.explain(d("05/02/2025"), -5)
    assert e.result == d("22/01/2025")
    assert e.counted == [d("22/01/2025"), d("23/01/2025"), d("24/01/2025"), d("03/02/2025"), d("04/02/2025")]
    assert [day for day, _ in e.skipped] == [d("25/01/2025") + dt.timedelta(days=i) for i in range(9)]


def test_special_days_of_2026(official):
    special = {i.day: i for i in official.special_days(2026)}
    assert set(special) == OFFICIAL_DAYS_OFF[2026] | OFFICIAL_MAKEUP_DAYS[2026] | dates("26/04/2026")
    assert special[d("26/04/2026")].source == "holiday"
    assert special[d("02/01/2026")].override is not None
