"""The reception data (data/reception/reception.yaml): the monthly minimum per level with its article and status,
the schema refusing a broken file, and the monthly check of a body's schedule."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.reception.domain import actions
from phoihop.reception.queries import month_check
from phoihop.reception.schema import DATA_FILE, ReceptionDataError, load, reception_data

from .conftest import at, day, plan_at, record_at

MARCH = dt.date(2027, 3, 1)


def test_the_minimums_are_data_with_their_articles() -> None:
    data = reception_data()
    assert {lv: (m.days_per_month, m.status) for lv, m in data.minimums.items()} == {
        "province": (1, "verified"),
        "commune": (2, "verified"),
        "district": (1, "reading"),
    }
    assert data.minimums["commune"].article == "Điều 4 khoản 1 điểm b"
    assert data.minimums["district"].reading.startswith("Kết luận 215-KL/TW bỏ cấp huyện")
    assert data.levels_of_regulation("003") == ["commune"]
    assert data.levels_of_regulation("004") == ["district"]


def test_a_broken_file_is_refused_with_the_field(tmp_path) -> None:
    text = DATA_FILE.read_text(encoding="utf-8").replace("days_per_month: 2", "days_per_month: 0")
    broken = tmp_path / "reception.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ReceptionDataError) as err:
        load(broken)
    assert str(err.value).startswith("reception.yaml: minimums/1/days_per_month:")
    text = DATA_FILE.read_text(encoding="utf-8").replace(
        "    status: verified\n    source: https://nld", "    status: verified\n    xsource: https://nld"
    )
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ReceptionDataError):
        load(broken)


@pytest.mark.django_db
def test_a_commune_below_two_days_a_month_is_flagged(p) -> None:
    check = month_check(p.xa1, MARCH)
    assert (check.planned, check.minimum.days_per_month, check.below) == (0, 2, True)
    plan_at(p, "2027-03-01", "2027-03-05")
    assert (month_check(p.xa1, MARCH).planned, month_check(p.xa1, MARCH).below) == (1, True)
    second = plan_at(p, "2027-03-01", "2027-03-19")
    assert (month_check(p.xa1, MARCH).planned, month_check(p.xa1, MARCH).below) == (2, False)
    # a cancelled day does not count; a held one does
    with time_machine.travel(at("2027-03-02"), tick=False):
        actions.cancel_day(p.xa1_cv, second, "Trùng lịch họp")
    assert month_check(p.xa1, MARCH).below is True
    record_at(p, "2027-03-05")
    assert month_check(p.xa1, MARCH).planned == 1
    # an ad hoc session is not a day of the schedule
    record_at(p, "2027-03-08", matters=("Đột xuất",))
    assert month_check(p.xa1, MARCH).planned == 1
    # the next and the previous months are counted apart
    assert month_check(p.xa1, dt.date(2027, 4, 1)).planned == 0
    assert month_check(p.xa1, day("2027-02-01")).planned == 0


@pytest.mark.django_db
def test_a_province_owes_one_day_and_a_body_that_keeps_no_schedule_nothing(p) -> None:
    plan_at(p, "2027-03-01", "2027-03-10", who=p.tu_cv, secretary_user=p.tu_cv)
    check = month_check(p.tu, MARCH)
    assert (check.planned, check.minimum.days_per_month, check.below) == (1, 1, False)
    other = month_check(p.ban, MARCH)
    assert (other.minimum, other.below) == (None, False)
