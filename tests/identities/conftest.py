"""The identities tests' province: the personas (tests/personas.py) with the Ban Nội chính's specialist `ban_cv`
designated custodian of the Ban's protected identities by its leader, and `file_denunciation`, which registers a
denunciation from the suggestion box signed by a named denouncer (the petitions domain's `register`: the name,
address and contact go to identities.protect, the petition's text carries the handle)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from phoihop.identities.domain import actions
from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain.actions import Intake, register
from phoihop.petitions.enums import Channel, PetitionKind
from phoihop.petitions.models import Petition
from tests.reports.conftest import Province, at

__all__ = ["ADDRESS", "CONTACT", "DENOUNCER", "FORMS", "at", "file_denunciation"]

DENOUNCER = "Nguyễn Thị Hồng Nhung"
ADDRESS = "Số 12 đường Lê Lợi, phường Quy Nhơn"
CONTACT = "0912 345 678"
# every form of the name that must never leak: with and without diacritics (the case-insensitive checks fold it)
FORMS = (DENOUNCER, "Nguyen Thi Hong Nhung")


def file_denunciation(
    body: Any,
    clerk: Any,
    *,
    name: str = DENOUNCER,
    day: str = "2027-03-02",
    title: str = "Tố cáo cán bộ xã nhận tiền hỗ trợ sai quy định",
) -> Petition:
    with time_machine.travel(at(day, 9), tick=False):
        return register(
            organization_id=body.pk,
            intake=Intake(
                received_on=dt.date.fromisoformat(day),
                channel=Channel.SUGGESTION_BOX,
                kind=PetitionKind.DENUNCIATION,
                title=title,
                content=f"Tôi là {name}, trú tại {ADDRESS}, điện thoại {CONTACT}. Tôi tố cáo cán bộ xã nhận tiền.",
                signers=[Person(name=name, address=ADDRESS, contact=CONTACT)],
            ),
            actor=clerk,
        )


@pytest.fixture
def p(db: None) -> Province:
    province = Province()
    with time_machine.travel(at("2027-03-01", 8), tick=False):
        province.custodian = actions.designate_custodian(province.ban_leader, province.ban_cv)  # type: ignore[attr-defined]
    return province


@pytest.fixture
def _now() -> Any:
    with time_machine.travel(at("2027-03-10", 9), tick=False):
        yield
