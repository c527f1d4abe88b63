"""One matter across bodies on the access matrix's world (tests/world.py): the same complaint received by the Ban
Nội chính and by xã Một in 2027, linked by xã Một's clerk. Each body's text carries its own mark: a body outside
the matter (the Hội Nông dân, xã Hai) must never see either; the Ban and xã Một see each other's petition only as
a body, a register code, a date and a state (tests/matters/test_surface.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import time_machine

from phoihop.formats.vi.collation import fold
from phoihop.petitions.domain import matters
from phoihop.petitions.enums import Channel, PetitionKind
from phoihop.petitions.models import Petition
from tests.reports.conftest import at

from .variants import VARIANTS

if TYPE_CHECKING:
    from tests.world import World

MATTER_BAN_MARK = "MAT-VU-VIEC-CHUNG-BAN-7Q"
MATTER_XA1_MARK = "MAT-VU-VIEC-CHUNG-XA-7Q"
MARKS = (MATTER_BAN_MARK, MATTER_XA1_MARK)


def _petition(org: Any, number: int, day: str, title: str, content: str, actor: Any) -> Petition:
    return Petition.objects.create(
        organization=org,
        year=2027,
        number=number,
        received_on=dt.date.fromisoformat(day),
        channel=Channel.POST,
        kind=PetitionKind.COMPLAINT,
        title=title,
        content=content,
        search_text=fold(f"{title} {content}"),
        created_by=actor,
    )


def plant(w: World) -> None:
    p = w.p
    _, _, _, title, content = VARIANTS[0]
    ban = _petition(
        p.ban, 901, "2027-03-02", f"{title} {MATTER_BAN_MARK}", f"{content} {MATTER_BAN_MARK}", p.ban_clerk
    )
    xa1 = _petition(
        p.xa1, 901, "2027-03-04", f"{title} {MATTER_XA1_MARK}", f"{content} {MATTER_XA1_MARK}", p.xa1_clerk
    )
    with time_machine.travel(at("2027-03-05", 9), tick=False):
        w.extra["matter"] = matters.link(xa1, ban, actor=p.xa1_clerk)
    w.extra["matter_petition"] = xa1  # xã Một's: its link, unlink and candidates
    w.extra["matter_ban_petition"] = ban
