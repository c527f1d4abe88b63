"""The reception tests' province: the personas (tests/personas.py) plus a specialist of the Tỉnh ủy (the superior
party committee of the communes and districts, which sees their reception read only). `plan_at` and `record_at`
plan a day and record a session as xã Một's specialist on a given day (Vietnam time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from phoihop.accounts.enums import Role
from phoihop.identities.domain.protect import Person
from phoihop.reception.domain import actions
from phoihop.reception.models import PlannedDay, ReceptionSession
from tests.factories import UserFactory
from tests.reports.conftest import Province, at

__all__ = ["at", "day", "plan_at", "record_at"]

VISITOR = "Nguyễn Thị Hồng Nhung"


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def p(db: None) -> Province:
    province = Province()
    province.tu_cv = UserFactory(organization=province.tu, role=Role.SPECIALIST, full_name="Trần Văn Tỉnh")  # type: ignore[attr-defined]
    province.outsider_cv = UserFactory(organization=province.farmers, role=Role.SPECIALIST)  # type: ignore[attr-defined]
    return province


def plan_at(p: Any, now: str, on: str, *, who: Any = None, **kw: Any) -> PlannedDay:
    who = who or p.xa1_cv
    with time_machine.travel(at(now, 9), tick=False):
        return actions.plan_day(who, day(on), secretary_user=kw.pop("secretary_user", p.xa1_leader), **kw)


def record_at(
    p: Any,
    on: str,
    *,
    who: Any = None,
    now: str | None = None,
    people: int = 2,
    visitors: tuple[Person, ...] = (Person(VISITOR, "thôn Một", "0912345678"),),
    matters: tuple[str, ...] = ("Đường thôn Một xuống cấp",),
    **kw: Any,
) -> ReceptionSession:
    who = who or p.xa1_cv
    with time_machine.travel(at(now or on, 16), tick=False):
        return actions.record_session(
            who,
            held_on=day(on),
            people_count=people,
            visitors=visitors,
            matters=matters,
            secretary_user=kw.pop("secretary_user", p.xa1_leader),
            **kw,
        )
