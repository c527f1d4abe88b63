"""The petitions pages' province: the personas (tests/personas.py) plus a specialist of the Hội Nông dân (the
outsider). `register_at` registers a petition in a body's register on a given day (Vietnam time) through the
domain, as its clerk or specialist would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from phoihop.accounts.enums import Role
from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain import actions
from phoihop.petitions.models import Petition
from tests.factories import UserFactory
from tests.reports.conftest import Province, at

__all__ = ["at", "classify_at", "client_of", "register_at", "transfer_at"]

SIGNER = "Nguyễn Thị Hồng Nhung"
NOW = at("2027-03-10", 9)


@pytest.fixture(autouse=True)
def _now():
    """The tests look at the register on 10/03/2027, 9:00 (Vietnam time); a session lasts a working day, so the
    clients log in at that moment too."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def p(db: None) -> Province:
    province = Province()
    province.outsider_cv = UserFactory(organization=province.farmers, role=Role.SPECIALIST)  # type: ignore[attr-defined]
    return province


def client_of(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def register_at(
    by: Any,
    day: str,
    *,
    title: str = "Đơn tố cáo sai phạm đất đai",
    content: str = "Nội dung đơn",
    kind: str = "denunciation",
    channel: str = "post",
    signers: tuple[str, ...] = (SIGNER,),
    anonymous: bool = False,
    **kw: Any,
) -> Petition:
    with time_machine.travel(at(day, 9), tick=False):
        return actions.register(
            organization_id=by.organization_id,
            intake=actions.Intake(
                received_on=dt.date.fromisoformat(day),
                channel=channel,
                kind=kind,
                title=title,
                content=content,
                anonymous=anonymous,
                signers=()
                if anonymous
                else [Person(name=n, address="Thôn Một", contact="0912345678") for n in signers],
                **kw,
            ),
            actor=by,
        )


def classify_at(petition: Petition, by: Any, day: str = "2027-03-02", **flags: Any) -> None:
    with time_machine.travel(at(day, 9), tick=False):
        actions.classify(
            petition, actions.Classification(within_competence=flags.pop("within", True), **flags), actor=by
        )
    petition.refresh_from_db()


def transfer_at(
    petition: Petition, by: Any, to: Any, day: str = "2027-03-03", due: str = "2027-03-31"
) -> Petition:
    with time_machine.travel(at(day, 9), tick=False):
        moved = actions.transfer(
            petition,
            actions.TransferInput(
                to_organization_id=to.pk,
                letter="12/CV-BNC",
                on=dt.date.fromisoformat(day),
                result_due_on=dt.date.fromisoformat(due),
            ),
            actor=by,
        )
    petition.refresh_from_db()
    return moved
