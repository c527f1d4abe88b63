"""The matters tests' province: the personas (tests/personas.py) and petitions written directly (the petitions
part's register is not needed to test the detection: `new_petition` stores what it stores — the text with handles,
`search_text` = fold(title + content))."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from phoihop.formats.vi.collation import fold
from phoihop.petitions.enums import Channel, PetitionKind
from phoihop.petitions.models import Petition, PetitionSubject
from tests.reports.conftest import Province

_numbers = itertools.count(1)


@pytest.fixture
def p(db: None) -> Province:
    return Province()


def new_petition(
    org: Any,
    title: str,
    content: str = "",
    *,
    received_on: str = "2027-03-01",
    kind: str = PetitionKind.COMPLAINT,
    officials: tuple[Any, ...] = (),
    organizations: tuple[Any, ...] = (),
    matter: Any = None,
    source: Any = None,
    created_by: Any = None,
) -> Petition:
    day = dt.date.fromisoformat(received_on)
    petition = Petition.objects.create(
        organization=org,
        year=day.year,
        number=next(_numbers),
        received_on=day,
        channel=Channel.TRANSFER if source is not None else Channel.POST,
        kind=kind,
        title=title,
        content=content,
        search_text=fold(f"{title} {content}"),
        matter=matter,
        source=source,
        created_by=created_by or _any_user(org),
    )
    for official in officials:
        PetitionSubject.objects.create(petition=petition, official=official)
    for body in organizations:
        PetitionSubject.objects.create(petition=petition, organization=body)
    return petition


def _any_user(org: Any) -> Any:
    from phoihop.accounts.models import User
    from tests.factories import UserFactory

    return User.objects.filter(organization=org).order_by("pk").first() or UserFactory(organization=org)
