"""Races on PostgreSQL with real threads: clerks registering petitions at the same instant in the same body get
consecutive register numbers, never the same one and never an error."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain import actions
from phoihop.petitions.models import Petition
from tests.races import race

from .conftest import at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


def _intake(i: int) -> actions.Intake:
    return actions.Intake(
        received_on=dt.date(2027, 1, 5),
        channel="post",
        kind="petition",
        title=f"Kiến nghị {i}",
        content="Nội dung kiến nghị",
        signers=(Person(f"Người gửi {i}"),),
    )


def test_concurrent_registrations_get_consecutive_numbers(p):
    clerks = [p.ban_clerk, p.ban_cv, p.ban_leader]
    with time_machine.travel(at("2027-01-05", 9), tick=True):
        for r in range(ROUNDS):
            results = race(
                *(
                    (
                        lambda u=u, i=i, r=r: actions.register(
                            organization_id=p.ban.pk, intake=_intake(r * 10 + i), actor=u
                        )
                    )
                    for i, u in enumerate(clerks)
                )
            )
            assert all(isinstance(x, Petition) for x in results), results
    numbers = sorted(Petition.objects.filter(organization=p.ban, year=2027).values_list("number", flat=True))
    assert numbers == list(range(1, 3 * ROUNDS + 1))
