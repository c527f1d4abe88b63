"""The time limits through the petitions' own actions (register, classify, accept, transfer): the rows each
event opens and meets, across Tết 2027, and the sweep's flag on a petition nobody classified."""

from __future__ import annotations

import pytest
import time_machine

from phoihop.petitions.domain import actions, deadlines
from phoihop.petitions.models import PetitionDeadline
from tests.petitions.conftest import at, classified, day, p, register_at, transferred  # noqa: F401

pytestmark = pytest.mark.django_db


def rows(petition) -> dict[str, tuple]:
    return {
        d.rule: (d.starts_on, d.due_on, d.done_on, d.overdue)
        for d in PetitionDeadline.objects.filter(petition=petition).order_by("rule")
    }


def test_a_denunciation_registered_before_tet_classified_and_transferred(p):  # noqa: F811
    petition = register_at(p, "2027-02-03")
    assert rows(petition) == {"denunciation.classify": (day("2027-02-03"), day("2027-02-19"), None, False)}
    petition = classified(p, petition, "2027-02-11", within=False)
    assert rows(petition) == {
        "denunciation.classify": (day("2027-02-03"), day("2027-02-19"), day("2027-02-11"), False),
        "denunciation.transfer": (day("2027-02-03"), day("2027-02-17"), None, False),
    }
    received = transferred(p, petition, "2027-02-16", due="2027-03-15")
    assert rows(petition)["denunciation.transfer"] == (
        day("2027-02-03"),
        day("2027-02-17"),
        day("2027-02-16"),
        False,
    )
    # the receiving body counts its own limit from the day it received the transfer
    assert rows(received) == {"denunciation.classify": (day("2027-02-16"), day("2027-02-25"), None, False)}


def test_a_complaint_accepted_then_resolved_counts_from_acceptance(p):  # noqa: F811
    petition = register_at(p, "2027-01-26", kind="complaint", title="Khiếu nại quyết định")
    assert rows(petition) == {"complaint.accept": (day("2027-01-26"), day("2027-02-11"), None, False)}
    petition = classified(p, petition, "2027-01-27", within=True, complex=True)
    with time_machine.travel(at("2027-01-28", 10), tick=False):
        actions.accept(petition, on=day("2027-01-28"), note="Thụ lý", actor=p.ban_leader)
    assert rows(petition) == {
        "complaint.accept": (day("2027-01-26"), day("2027-02-11"), day("2027-01-28"), False),
        # complex: 45 days after 28/01 is Sun 14/03 → Mon 15/03
        "complaint.resolve": (day("2027-01-28"), day("2027-03-15"), None, False),
    }


def test_a_petition_nobody_classified_is_overdue_after_its_day(p):  # noqa: F811
    petition = register_at(p, "2027-02-03")
    assert deadlines.apply_due(at("2027-02-19", 23)) == {"overdue": 0}
    assert deadlines.apply_due(at("2027-02-20", 0)) == {"overdue": 1}
    assert rows(petition)["denunciation.classify"][3] is True
