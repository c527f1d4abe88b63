"""The cases tests' province: the personas (tests/personas.py) plus the provincial steering committee (Ban Chỉ
đạo tỉnh, which monitors the cases of its level) with a specialist, and two officials. `open_case_at` opens a
case as the Ban Nội chính's specialist on a given day (Vietnam time)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from phoihop.accounts.enums import Role
from phoihop.cases.domain import actions
from phoihop.cases.models import Case
from phoihop.formats.vi.collation import fold
from phoihop.officials.models import Official
from phoihop.organizations.enums import Level, OrganizationKind
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.conftest import Province, at

__all__ = ["at", "new_official", "open_case_at"]


def new_official(name: str, workplace: Any = None, managing_body: Any = None) -> Official:
    return Official.objects.create(
        full_name=name, name_key=fold(name), workplace=workplace, managing_body=managing_body
    )


@pytest.fixture
def p(db: None) -> Province:
    province = Province()
    province.bcd = OrganizationFactory(  # type: ignore[attr-defined]
        name="Ban Chỉ đạo phòng, chống tham nhũng, lãng phí, tiêu cực tỉnh",
        abbreviation="BCDPCTN",
        kind=OrganizationKind.STEERING_COMMITTEE,
        level=Level.PROVINCE,
        superior=province.tu,
    )
    province.bcd_cv = UserFactory(organization=province.bcd, role=Role.SPECIALIST)  # type: ignore[attr-defined]
    province.outsider_cv = UserFactory(organization=province.farmers, role=Role.SPECIALIST)  # type: ignore[attr-defined]
    return province


def open_case_at(
    p: Any,
    day: str,
    *,
    level: str = "internal_affairs",
    locality: Any = None,
    title: str = "Vụ việc A",
    **kw: Any,
) -> Case:
    monitor = p.bcd if level == "steering" else None
    with time_machine.travel(at(day, 9), tick=False):
        return actions.open_case(
            p.ban_cv,
            title=title,
            category=kw.pop("category", "corruption"),
            level=level,
            locality=locality or p.xa1,
            monitor=monitor,
            **kw,
        )


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
