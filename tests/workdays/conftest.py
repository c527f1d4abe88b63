from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from phoihop.workdays.calendar import WorkCalendar
from phoihop.workdays.schedule import load_schedule
from tests.factories import UserFactory

SCHEDULE = Path(settings.CALENDAR_DATA_DIR) / "vn-civil-service.yaml"


def d(text: str) -> dt.date:
    """'22/01/2025' → date."""
    return dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date, no time


def dates(*texts: str) -> set[dt.date]:
    return {d(t) for t in texts}


# The official schedules for civil servants, written out independently of the data file.
OFFICIAL_DAYS_OFF = {
    2025: dates(
        "01/01/2025",
        "27/01/2025", "28/01/2025", "29/01/2025", "30/01/2025", "31/01/2025",
        "07/04/2025",
        "30/04/2025", "01/05/2025", "02/05/2025",
        "01/09/2025", "02/09/2025",
    ),
    2026: dates(
        "01/01/2026", "02/01/2026",
        "16/02/2026", "17/02/2026", "18/02/2026", "19/02/2026", "20/02/2026",
        "27/04/2026",
        "30/04/2026", "01/05/2026",
        "31/08/2026", "01/09/2026", "02/09/2026",
        "24/11/2026",
    ),
}  # fmt: skip
OFFICIAL_MAKEUP_DAYS = {2025: dates("26/04/2025"), 2026: dates("10/01/2026", "22/08/2026")}


@pytest.fixture(scope="session")
def official() -> WorkCalendar:
    """The calendar with the shipped official schedule applied (no database)."""
    return WorkCalendar(load_schedule(SCHEDULE))


@pytest.fixture(scope="session")
def base() -> WorkCalendar:
    """The holidays package alone."""
    return WorkCalendar()


@pytest.fixture
def loaded(db):
    call_command("load_calendar", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def superuser(db, org):
    return UserFactory(organization=org, is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
