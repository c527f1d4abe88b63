"""Petitions on the access matrix's world (tests/world.py): in 2027 the Ban Nội chính registers a denunciation
from the suggestion box (a signer, an original file and its redacted copy), classifies it outside its competence
and transfers it to xã Một (result due 31/03/2027). Every text and file of it carries PETITION_MARK: the Ban and
xã Một see it (xã Một only its own, redacted copy); a body outside it (the Hội Nông dân, xã Hai) never does."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain import actions
from tests.reports.conftest import at

if TYPE_CHECKING:
    from tests.world import World

PETITION_MARK = "MAT-DON-THU-7Q"
MARKS = (PETITION_MARK,)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        f"{name}-{PETITION_MARK}.pdf",
        f"%PDF-1.4\n% {PETITION_MARK}\n".encode(),
        content_type="application/pdf",
    )


def plant(w: World) -> None:
    p = w.p
    with time_machine.travel(at("2027-02-22", 9), tick=False):
        petition = actions.register(
            organization_id=p.ban.pk,
            intake=actions.Intake(
                received_on=dt.date(2027, 2, 22),
                channel="suggestion_box",
                kind="denunciation",
                title=f"Tố cáo {PETITION_MARK}",
                content=f"Nội dung tố cáo {PETITION_MARK}",
                signers=(Person("Trần Thị Mai Hoa", "Thôn Một", "0905 000 111"),),
                attachments=[_pdf("don-goc")],
                redacted_attachments=[_pdf("don-da-che")],
            ),
            actor=p.ban_clerk,
        )
        actions.classify(petition, actions.Classification(within_competence=False), actor=p.ban_cv)
        petition.refresh_from_db()
        received = actions.transfer(
            petition,
            actions.TransferInput(
                to_organization_id=p.xa1.pk,
                letter=f"12-CV/BNCTU {PETITION_MARK}",
                on=dt.date(2027, 2, 22),
                result_due_on=dt.date(2027, 3, 31),
            ),
            actor=p.ban_leader,
        )
    petition.refresh_from_db()
    w.extra["petition"] = petition  # the Ban's (transferred)
    w.extra["petition_received"] = received  # xã Một's (its own register, to decide)
    w.extra["petition_attachment"] = received.attachments.get()  # the redacted copy both bodies see
