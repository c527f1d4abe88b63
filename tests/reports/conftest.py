"""Fixtures for reports: the five regulations loaded from data/regulations, and `province`, the shared personas
of tests/personas.py (a small province with a body of each kind the regulations name, users of each role)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phoihop.accounts.models import User
from phoihop.organizations.models import Organization
from phoihop.reports.models import ReportSlot, ReportSubmission
from tests.personas import Personas

VN = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam time, e.g. at("2027-01-22")."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=VN)


def pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 bao cao", content_type="application/pdf")


class Province(Personas):
    """The shared personas (tests/personas.py): a province with the bodies named by the five regulations (two
    districts, two communes); `outsider` is the leader of Hội Nông dân tỉnh, outside every matter."""

    @property
    def outsider(self) -> User:
        return self.farmers_leader


FIGURES_003 = {
    "petitions_received": 12,
    "petitions_handled": 10,
    "transferred_petitions_resolved": 2,
    "citizens_received": 30,
    "cases_followed": 4,
    "officials_handled": 1,
    "specialist_visits": 1,
}


def slot_of(reporter: Organization, obligation: str = "monthly", period: str = "2027-01") -> ReportSlot:
    return ReportSlot.objects.select_related("reporter", "receiver", "obligation").get(
        reporter=reporter, obligation__code=obligation, period_key=period
    )


def send(
    slot: ReportSlot,
    drafter: User,
    leader: User,
    figures: dict[str, int] | None = None,
    name: str = "bao-cao.pdf",
) -> ReportSubmission:
    """Draft, submit for approval and approve-and-send one version; returns it."""
    from phoihop.reports.domain import actions

    draft = actions.save_draft(
        drafter, slot, document=pdf(name), figures=figures if figures is not None else FIGURES_003
    )
    actions.submit_for_approval(drafter, draft)
    slot.refresh_from_db()
    return actions.approve_and_send(leader, draft)


@pytest.fixture
def regs(db: None) -> None:
    call_command("load_regulations", stdout=io.StringIO())


@pytest.fixture
def province(db: None) -> Province:
    return Province()
