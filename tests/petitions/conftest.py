"""The petitions tests' province: the personas (tests/personas.py) with a clerk of xã Một's leader already there,
a denouncer named NAME (with an address and a phone number) and helpers registering, classifying and
transferring petitions at a given Vietnam time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain import actions
from phoihop.petitions.models import Petition
from tests.reports.conftest import Province, at

__all__ = ["ADDRESS", "NAME", "PHONE", "at", "classified", "day", "pdf", "register_at", "transferred"]

NAME = "Nguyễn Thị Hồng Nhung"
ADDRESS = "Thôn Đông Lâm, xã An Một"
PHONE = "0905 123 456"
CONTENT = (
    "Tôi là Nguyễn Thị Hồng Nhung, trú tại Thôn Đông Lâm, xã An Một, điện thoại 0905 123 456. "
    "Tôi tố cáo ông Trần Văn Bình nhận tiền của dân. NGUYEN THI HONG NHUNG ký tên; bà nguyễn thị hồng nhung "
    "xin được giữ bí mật."
)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def pdf(name: str = "don.pdf", body: bytes = b"%PDF-1.4 don thu") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def p(db: None) -> Province:
    return Province()


def register_at(
    p: Any,
    when: str,
    *,
    by: Any = None,
    received_on: str | None = None,
    kind: str = "denunciation",
    channel: str = "suggestion_box",
    title: str = "Tố cáo cán bộ xã nhận tiền",
    content: str = CONTENT,
    signers: tuple[Person, ...] | None = None,
    anonymous: bool = False,
    **kw: Any,
) -> Petition:
    """Register a petition as `by` (the Ban Nội chính's clerk) at 09:00 of `when` (Vietnam time)."""
    user = by or p.ban_clerk
    if signers is None:
        signers = () if anonymous else (Person(NAME, ADDRESS, PHONE),)
    intake = actions.Intake(
        received_on=day(received_on or when),
        channel=channel,
        kind=kind,
        title=title,
        content=content,
        anonymous=anonymous,
        signers=signers,
        **kw,
    )
    with time_machine.travel(at(when, 9), tick=False):
        return actions.register(organization_id=int(user.organization_id), intake=intake, actor=user)


def classified(p: Any, petition: Petition, when: str, *, within: bool = True, **flags: bool) -> Petition:
    with time_machine.travel(at(when, 10), tick=False):
        actions.classify(petition, actions.Classification(within_competence=within, **flags), actor=p.ban_cv)
    petition.refresh_from_db()
    return petition


def transferred(
    p: Any, petition: Petition, when: str, *, to: Any = None, due: str = "2027-02-15", by: Any = None
) -> Petition:
    """Transfer `petition` (classified first if it is not) as the Ban's leader; returns the receiving one."""
    if petition.classified_on is None:
        classified(p, petition, when, within=False)
    with time_machine.travel(at(when, 11), tick=False):
        received = actions.transfer(
            petition,
            actions.TransferInput(
                to_organization_id=(to or p.xa1).pk,
                letter="15-CV/BNCTU",
                on=day(when),
                result_due_on=day(due),
            ),
            actor=by or p.ban_leader,
        )
    petition.refresh_from_db()
    return received
