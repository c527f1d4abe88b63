"""Each rule of data/legal/petitions.yaml at its exact boundary across Tết 2027 (Thursday 04/02 to Wednesday
10/02/2027 off: the weekdays 04, 05, 08, 09, 10/02 and the weekend between them; 03/02 is the last working day
before, 11/02 the first after). Working days: the start day is not counted, due at the end of the N-th working day
after it. Calendar days: the N-th day after the start, moved to the next working day when it is a day off."""

from __future__ import annotations

import datetime as dt

import pytest

from phoihop.legal import rules as legal
from phoihop.workdays.queries import current_calendar

from .conftest import D

pytestmark = pytest.mark.django_db


def test_tet_2027_is_as_the_tests_assume():
    cal = current_calendar()
    off = [D("2027-02-04") + dt.timedelta(days=i) for i in range(7)]
    assert [cal.is_working_day(d) for d in off] == [False] * 7
    assert cal.is_working_day(D("2027-02-03"))
    assert cal.is_working_day(D("2027-02-11"))


@pytest.mark.parametrize(
    ("code", "start", "due", "complex_due"),
    [
        # 7 working days after Wed 03/02: 11, 12, 15, 16, 17, 18, 19/02; 10 for a complex matter: … 24/02
        ("denunciation.classify", "2027-02-03", "2027-02-19", "2027-02-24"),
        # received on a day of Tết: counting starts at the next working day all the same
        ("denunciation.classify", "2027-02-05", "2027-02-19", "2027-02-24"),
        # received the working day before Tết: 04/02 is off, 1st working day 11/02 … 7th 19/02
        ("denunciation.classify", "2027-02-02", "2027-02-18", "2027-02-23"),
        ("denunciation.transfer", "2027-02-03", "2027-02-17", "2027-02-17"),
        # 30 days after 06/01 is Fri 05/02, in Tết: the next working day, Thu 11/02
        ("denunciation.resolve", "2027-01-06", "2027-02-11", "2027-02-11"),
        # 30 days after 05/01 is Thu 04/02 (Tết) → 11/02; after 04/01 it is Wed 03/02, a working day
        ("denunciation.resolve", "2027-01-04", "2027-02-03", "2027-02-03"),
        # 10 days after Tue 26/01 is Fri 05/02 (Tết) → 11/02; after 03/02 it is Sat 13/02 → Mon 15/02
        ("complaint.accept", "2027-01-26", "2027-02-11", "2027-02-11"),
        ("complaint.accept", "2027-02-03", "2027-02-15", "2027-02-15"),
        # 30 days (45 complex) after 06/01: 05/02 → 11/02; 20/02 a Saturday → Mon 22/02
        ("complaint.resolve", "2027-01-06", "2027-02-11", "2027-02-22"),
        ("petition.handle", "2027-02-03", "2027-02-24", "2027-02-24"),
        ("reception.written_answer", "2027-02-03", "2027-02-24", "2027-02-24"),
        # a session held on 05/02/2027 (a day of Tết): the 10th working day after it is 24/02
        ("reception.written_answer", "2027-02-05", "2027-02-24", "2027-02-24"),
        # Fri 29/01: 01, 02, 03/02, then 11, 12, 15, 16, 17, 18, 19/02
        ("reception.written_answer", "2027-01-29", "2027-02-19", "2027-02-19"),
    ],
)
def test_each_rule_due_on_its_exact_day_across_tet(code, start, due, complex_due):
    rule = legal.rule(code)
    assert legal.due_date(rule, D(start)) == D(due)
    assert legal.due_date(rule, D(start), complex=True) == D(complex_due)


def test_the_last_day_is_the_nth_working_day_exactly():
    """The day before the due day leaves one working day; the due day itself is the N-th."""
    cal = current_calendar()
    for rule in legal.all_rules():
        if rule.counts != "working_days":
            continue
        due = legal.due_date(rule, D("2027-02-03"), calendar=cal)
        assert cal.working_days_between(D("2027-02-03"), due) == rule.days, rule.code
        assert cal.is_working_day(due), rule.code


def test_extensions_of_a_denunciation_count_on_from_the_limit_before():
    rule = legal.rule("denunciation.resolve")
    start = D("2027-01-06")  # due 11/02 (05/02 in Tết)
    # once: 30 days after 11/02 is Sat 13/03 → Mon 15/03; twice: 30 days after 15/03 is Wed 14/04
    assert legal.extended_due_date(rule, start, times=1) == D("2027-03-15")
    assert legal.extended_due_date(rule, start, times=2) == D("2027-04-14")
    assert legal.extended_due_date(rule, start) == D("2027-04-14")  # all the law allows
    with pytest.raises(ValueError, match="gia hạn được tối đa 2 lần"):
        legal.extended_due_date(rule, start, times=3)


def test_a_rule_without_extension_has_no_extended_date():
    assert legal.extended_due_date(legal.rule("complaint.accept"), D("2027-02-03")) is None
