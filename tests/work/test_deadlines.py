"""The deadline of an item in working days, at the exact boundaries: the day before, the deadline day itself,
the day after, a weekend in between and across Tết (2027: 04–10/02 off)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from phoihop.work.queue import deadline_phrase, queue_for
from phoihop.workdays.calendar import WorkCalendar
from tests.consultations.conftest import at
from tests.work.conftest import copy_row

D = dt.date.fromisoformat
CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("today", "deadline", "phrase"),
    [
        ("2025-03-11", "2025-03-12", "còn 1 ngày làm việc"),  # the day before
        ("2025-03-12", "2025-03-12", "hạn hôm nay"),  # the deadline day
        ("2025-03-13", "2025-03-12", "quá hạn 1 ngày làm việc"),  # the day after
        ("2025-03-14", "2025-03-17", "còn 1 ngày làm việc"),  # Friday → Monday
        ("2025-03-15", "2025-03-14", "quá hạn"),  # Saturday after a Friday deadline: no working day late yet
        ("2025-03-17", "2025-03-14", "quá hạn 1 ngày làm việc"),  # the Monday after
        ("2025-03-10", "2025-03-05", "quá hạn 3 ngày làm việc"),
        ("2027-02-03", "2027-02-11", "còn 1 ngày làm việc"),  # across Tết 2027
        ("2027-02-03", "2027-02-15", "còn 3 ngày làm việc"),
        ("2027-02-11", "2027-02-03", "quá hạn 1 ngày làm việc"),
        ("2027-02-06", "2027-02-11", "còn 1 ngày làm việc"),  # during Tết
    ],
)
def test_deadline_phrase(today, deadline, phrase):
    assert deadline_phrase(D(deadline), D(today), CAL) == phrase


def test_no_deadline_says_nothing_and_a_year_outside_the_calendar_gives_the_date():
    assert deadline_phrase(None, D("2025-03-10"), CAL) == ""
    assert deadline_phrase(D("2201-01-02"), D("2025-03-10"), CAL) == "hạn 02/01/2201"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moment", "phrase"),
    [
        (at("2025-03-11", 23, 59), "còn 1 ngày làm việc"),
        (at("2025-03-12", 0, 0), "hạn hôm nay"),
        (at("2025-03-12", 23, 59), "hạn hôm nay"),
        (at("2025-03-13", 0, 0), "quá hạn 1 ngày làm việc"),
    ],
)
def test_the_queue_and_the_page_turn_at_midnight_vietnam_time(client, bodies, regulation, moment, phrase):
    copy_row(bodies, regulation, bodies.xa1, deadline=D("2025-03-12"))
    with time_machine.travel(moment, tick=False):
        assert [i.days for i in queue_for(bodies.xa1_leader)] == [phrase]
        client.force_login(bodies.xa1_leader)
        assert f"({phrase})" in client.get(reverse("home")).content.decode()
        assert client.get(reverse("api-work")).json()["items"][0]["days"] == phrase
