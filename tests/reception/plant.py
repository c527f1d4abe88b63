"""Citizen reception on the access matrix's world (tests/world.py): in March 2027 xã Một plans two reception days
(05/03 and 19/03), records the session of 05/03 with one protected visitor, a matter and conclusions, and gives a
follow-up; its written answer is still due at the world's NOW (10/03). Every text carries RECEPTION_MARK: only xã
Một (and its superior, the Tỉnh ủy) may see it; the visitor's name (IDENTITY_MARK) nobody ever sees."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import time_machine

from phoihop.identities.domain.protect import Person
from phoihop.reception.domain import actions
from tests.reports.conftest import at

if TYPE_CHECKING:
    from tests.world import World

RECEPTION_MARK = "MAT-TIEP-DAN-7Q"
IDENTITY_MARK = "MAT-NGUOI-DEN-7Q"
MARKS = (RECEPTION_MARK, IDENTITY_MARK)


def plant(w: World) -> None:
    p = w.p
    with time_machine.travel(at("2027-03-01", 9), tick=False):
        day = actions.plan_day(
            p.xa1_cv, dt.date(2027, 3, 5), secretary_user=p.xa1_leader, place=f"Hội trường {RECEPTION_MARK}"
        )
        actions.plan_day(p.xa1_cv, dt.date(2027, 3, 19), secretary_user=p.xa1_leader)
    with time_machine.travel(at("2027-03-05", 16), tick=False):
        session = actions.record_session(
            p.xa1_cv,
            held_on=dt.date(2027, 3, 5),
            people_count=2,
            visitors=[
                Person(f"Người {IDENTITY_MARK}", f"Địa chỉ {IDENTITY_MARK}", f"Liên hệ {IDENTITY_MARK}")
            ],
            matters=[f"Vụ việc {RECEPTION_MARK}"],
            conclusions=f"Kết luận {RECEPTION_MARK}",
            secretary_user=p.xa1_leader,
        )
        followup = actions.add_followup(
            p.xa1_cv, session, task=f"Việc {RECEPTION_MARK}", due_on=dt.date(2027, 3, 20)
        )
    with time_machine.travel(at("2027-03-01", 10), tick=False):
        spare = actions.plan_day(p.xa1_cv, dt.date(2027, 3, 26), secretary_user=p.xa1_leader)
    w.extra["reception_day"] = spare
    w.extra["reception_session"] = session
    w.extra["reception_followup"] = followup
    w.extra["reception_held_day"] = day
